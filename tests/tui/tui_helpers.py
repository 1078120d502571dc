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
