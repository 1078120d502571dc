"""Helpers for the browser tests (imported as a plain module: tests/tui is on sys.path)."""

from __future__ import annotations

SIZE = (100, 30)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(s.text for s in strips)


def notifications(app) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in app._notifications]


async def settle(pilot, app) -> None:
    """Wait for the start-up check/build worker and the screen to settle."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def wait_until(pilot, condition, what: str, tries: int = 600) -> None:
    """Wait for the app to reach a state (a screen mounted, a worker's rows shown,
    a command palette's hits): let it run until `condition()` holds, and fail
    saying what never happened. The cap (600 × 50 ms) only ends a broken run; no
    test waits for a fixed time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), f"never happened: {what}"
