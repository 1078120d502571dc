"""T (clear the theme filter) did nothing, silently, when no theme was chosen, and m
(all/any) said "Speeches of any of the chosen themes." with none chosen: each now says
that no theme is chosen and that t chooses them (m still switches the mode kept for
the next choice)."""

from __future__ import annotations

from tui_helpers import SIZE, notifications, settle


async def test_T_and_m_without_a_theme_say_what_to_do(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert not app.theme_filter.active
        await pilot.press("T")
        await pilot.pause()
        said = notifications(app)
        assert said and "No theme chosen" in said[-1] and "press t" in said[-1], said
        mode = app.theme_filter.mode
        await pilot.press("m")
        await pilot.pause()
        said = notifications(app)
        assert "No theme chosen" in said[-1] and "press t" in said[-1], said
        assert app.theme_filter.mode != mode
        assert ("any of the chosen themes" if mode == "all" else "all of the chosen themes") in said[-1]
        await pilot.press("t", "space", "enter")  # with a theme, m says what it lists
        await pilot.pause()
        assert app.theme_filter.active
        await pilot.press("m")
        await pilot.pause()
        assert notifications(app)[-1].strip().startswith("Speeches of")
