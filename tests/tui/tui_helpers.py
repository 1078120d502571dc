"""Helpers for the browser tests (imported as a plain module: tests/tui is on sys.path)."""

from __future__ import annotations

SIZE = (100, 30)

# Bundled speeches the reader tests open by title.
COUNTY = "在县委办党支部2022年度组织生活会上的讲话"  # 001: 一、二、三、四、 headings on lines of their own; 两个确立 ×2


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(s.text for s in strips)


def notifications(app) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in app._notifications]


def record(app) -> list[str]:
    """From now on, what the app writes to its terminal (as when not headless)."""
    out: list[str] = []
    driver = app._driver

    class Recording(type(driver)):
        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            out.append(data)

    driver.__class__ = Recording
    return out


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


def speech_id(store, title: str) -> str:
    return next(s.id for s in store.speeches() if s.title == title)


def titles(app) -> list[str]:
    """The titles of the list's rows, in order."""
    from jianghua.tui.widgets.line_table import LineTable

    return [s.title for s in app.screen.query_one(LineTable).rows]


async def open_reader(app, pilot, store, title: str = COUNTY):
    """Open the speech titled `title` in the reader, once the start-up check is done:
    (the reader screen, its ReaderView)."""
    from jianghua.tui.screens.reader import ReaderScreen
    from jianghua.tui.widgets.reader_view import ReaderView

    await settle(pilot, app)
    app.open_speech(speech_id(store, title))
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ReaderScreen)
    return app.screen, app.screen.query_one(ReaderView)


async def open_concordance(pilot, app):
    """Press f (search every speech): the concordance screen."""
    from jianghua.tui.screens.concordance import ConcordanceScreen

    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, ConcordanceScreen)
    return app.screen



async def open_formulations_view(app, pilot):
    """Press F (the formulations view) and wait until it shows its rows: the view."""
    from jianghua.tui.screens.formulations import FormulationsScreen

    await pilot.press("F")
    await wait_until(pilot, lambda: isinstance(app.screen, FormulationsScreen), "F shown")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


async def formulations_table(app, pilot):
    """The app settled, F pressed: the formulations view's table once its rows are shown."""
    from jianghua.tui.widgets.line_table import LineTable

    await settle(pilot, app)
    return (await open_formulations_view(app, pilot)).query_one(LineTable)

def long_paragraph_store(tmp_path):
    """A built store of one speech whose paragraph is 50 000 × "a" (a regex such as
    (a+)+$ takes forever on it)."""
    from jianghua.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text("长段落的讲话\n\n同志们：\n\n" + "a" * 50_000 + "。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "st")
    store.update()
    return store


def searched_texts(store) -> dict[str, list[str]]:
    """What a corpus search with titles reads of each speech: its title (unless made from
    the opening words, which its paragraph holds), its section
    headings that stand on their own (one that opens its paragraph — 一要… — is
    found in the paragraph), and its paragraphs."""
    from jianghua.corpus.structure import inline_heading

    out = {}
    for s in store.speeches():
        sp = store.speech(s.id)
        first = {}
        for p in sp.paragraphs:
            first.setdefault(p.section, p.text)
        heads = [h.heading or "" for k, h in enumerate(sp.sections) if not inline_heading(h.heading, first.get(k))]
        derived = store.catalog.backend.read_body(store.catalog.rows[s.id]["key"]).get("title_derived")
        out[s.id] = ["" if derived else sp.title, *heads, *(p.text for p in sp.paragraphs)]  # (a title made from the opening: its paragraph's)
    return out


def store_with_a_bad_file(tmp_path, name: str, content: bytes):
    """A built store of one short speech and one file `name` holding `content` (a file
    the build skips: the problems view lists it with its reason)."""
    from jianghua.store import Store

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "讲话.txt").write_text("在全县工作会议上的讲话\n同志们：\n要坚持讲政治。\n", encoding="utf-8")
    (folder / name).write_bytes(content)
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    return store


async def problems_text(make_app, store) -> str:
    """What the problems view (!) shows at 80×24 over the list of `store`."""
    from jianghua.tui.screens.problems import ProblemsScreen

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        return screen_text(app)
