"""`w`: the box sends a user to a themes file of their own (`--themes FILE`), not to edit
the installed package's file (an upgrade replaces it); says why a theme as strong as a
ticked one is not ticked (at most 3 a paragraph, how ties go); and says "found 2 times"
for a count, keeping "×" for the factors (user trial: "权重 2, ×2" next to "首句 ×2")."""

from __future__ import annotations

from jianghua.corpus.resources import DEFAULT_THEMES
from jianghua.tui.dialogs.theme_evidence import ThemeEvidenceScreen
from tui_helpers import COUNTY, SIZE, open_reader, screen_text


async def _why(app, pilot, store, k: int) -> str:
    screen, view = await open_reader(app, pilot, store, COUNTY)
    view.cursor = next(s for s in screen.doc.sentence_ids if screen.doc.paragraph_of_sentence(s) == k)
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, ThemeEvidenceScreen)
    return app.screen.query_one("#why-text").text.plain + "\n" + screen_text(app)


async def test_the_box_points_to_a_themes_file_of_ones_own_and_explains_ties(make_app, store):
    sid = next(s.id for s in store.speeches() if s.title == COUNTY)
    why = store.theme_evidence(sid, 7)  # 讲政治 4 and 廉洁自律 4, three themes ticked before 讲政治
    names = store.theme_names()
    assert [t["id"] for t in why["themes"]] == ["office", "org_life", "integrity"] and why["raw"]["politics"] == why["raw"]["integrity"]
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        text = await _why(app, pilot, store, 7)
        foot = screen_text(app)
        assert "Edit the weights in" not in foot and "Your own weights: --themes FILE" in foot
        assert "--themes FILE: an upgrade replaces the shipped file" in " ".join(app.screen.query_one("#why-own").text.plain.split())
        assert f"  {names['politics']}  4  (enough, but a paragraph has at most 3 themes)" in text
        assert "A paragraph has at most 3 themes. Between equal scores" in text
        assert ", ×" not in text  # counts are words: "found 2 times"


async def test_a_users_own_themes_file_is_the_one_to_edit(make_app, store, tmp_path):
    own = tmp_path / "my-themes.toml"
    own.write_bytes(DEFAULT_THEMES.read_bytes())
    screen = ThemeEvidenceScreen("t", {"themes": [], "raw": {}, "threshold": 3.0, "share": 0.34, "evidence": []}, {}, str(own))
    assert not screen.shipped
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(screen)
        await pilot.pause()
        assert str(app.screen.query_one("#why-foot").render().plain).startswith(f"Edit the weights in {own}")
        assert not app.screen.query("#why-own")
