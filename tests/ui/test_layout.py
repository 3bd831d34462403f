"""Layout at small sizes: every page at 1024x600 and the routine player at 800x600, in both
themes and both text sizes, shows every label and button whole and never scrolls sideways; the
same in German (the longest words) and Spanish, with Qt's own translations as the app installs
them, and the player's big words are as big in those languages as in English (they wrap, they do
not shrink).

A label is cut when its size hint (or, word-wrapped, its height for its width and its longest
word) is bigger than the room it got; a button when its size hint is; a page scrolls sideways
when a scroll area's horizontal bar has anywhere to go; things overlap when siblings in one
layout share pixels or a child sticks out of its parent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from companion.core import i18n
from companion.core.session import SessionEngine
from companion.core.settings import Settings
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import PAGES, MainWindow
from tests.ui.helpers import demo_diary
from tests.ui.layout_check import layout_faults, settle

LOOKS = [(mode, large) for mode in ("night", "day") for large in (False, True)]
LOOK_IDS = [f"{mode}-{'large' if large else 'normal'}" for mode, large in LOOKS]
#: The other languages' runs: German (the longest words) at both text sizes, Spanish with large
#: text, in the night theme (the themes differ in colour only, not in size: the English runs
#: cover both).
LANGUAGE_LOOKS = [("de", False), ("de", True), ("es", True)]
LANGUAGE_IDS = [f"{code}-{'large' if large else 'normal'}" for code, large in LANGUAGE_LOOKS]


@pytest.fixture(scope="module")
def catalogs() -> None:
    """The compiled catalogs (not in git; ./dev builds them), so German really is German."""
    from scripts.i18n_compile import compile_catalogs

    compile_catalogs()


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """The app in ``code`` as app.py sets it up: its catalog, Qt's own translations and Qt's
    locale; English again afterwards."""
    from companion.app import install_qt_translations, set_qt_locale

    app = QApplication.instance()
    saved_locale = QLocale()
    translator = install_qt_translations(app, i18n.set_language(code))
    set_qt_locale(code)
    try:
        assert i18n._("Hold") != "Hold", f"no {code} catalog: the run would be English"
        yield
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        i18n.set_language("en")
        QLocale.setDefault(saved_locale)


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory):
    paths, store, clock = demo_diary(
        tmp_path_factory.mktemp("layout"), datetime(2026, 11, 20, 22, 15), nights=120
    )
    yield paths, store, clock
    store.close()


@pytest.fixture
def make_window(qtbot, diary):
    paths, store, clock = diary
    made: list[MainWindow] = []

    def make(mode: str, large: bool, size: tuple[int, int]) -> MainWindow:
        app = QApplication.instance()
        theme.apply_theme(app, mode, large)
        settings = Settings(theme=mode, large_text=large)
        ctx = AppContext(paths, settings, store, clock, persist_settings=False)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.resize(*size)
        settle(app)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
    theme.apply_theme(QApplication.instance(), "night", False)


def test_the_detector_sees_a_cut_label_a_cut_button_and_sideways_scroll(qtbot) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    row = QHBoxLayout()
    cut = QLabel("A label far too long for the narrow window it sits in")
    row.addWidget(cut)
    row.addWidget(QPushButton("A button with a long text"))
    column.addLayout(row)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    wide = QLabel("x" * 200)
    scroll.setWidget(wide)
    column.addWidget(scroll)
    root.setFixedSize(200, 200)  # smaller than the layout wants, as a small screen does
    root.show()
    settle(QApplication.instance())
    faults = " | ".join(layout_faults(root))
    assert "A label far too long" in faults
    assert "A button with a long text" in faults
    assert "scrolls sideways" in faults


@pytest.mark.parametrize(("mode", "large"), LOOKS, ids=LOOK_IDS)
def test_every_page_fits_1024_by_600(make_window, mode: str, large: bool) -> None:
    faults = _every_page(make_window(mode, large, (1024, 600)))
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize(("code", "large"), LANGUAGE_LOOKS, ids=LANGUAGE_IDS)
def test_every_page_fits_1024_by_600_in_german_and_spanish(
    catalogs, make_window, code: str, large: bool
) -> None:
    """Every page and the morning note adding a cramp (its body map once made the note scroll
    sideways in German: "Oberschenkel" measured whole per outline; Spanish "Todas las noches"
    was cut in the row of ways to other nights)."""
    with speaking(code):
        faults = _every_page(make_window("night", large, (1024, 600)))
    assert faults == [], "\n".join(faults)


def test_settings_fits_1024_by_600_in_spanish_with_large_text(catalogs, make_window) -> None:
    """'Silenciar todos los sonidos' beside 'Reproducir un sonido de prueba' once made Settings
    scroll sideways."""
    with speaking("es"):
        window = make_window("night", True, (1024, 600))
        window.open_page("settings")
        settle(QApplication.instance())
        faults = layout_faults(window)
    assert faults == [], "\n".join(faults)


def _every_page(window: MainWindow) -> list[str]:
    """Every page, the morning note adding a cramp and the list of all nights."""
    app = QApplication.instance()
    faults: list[str] = []
    for spec in PAGES:
        window.open_page(spec.key)
        settle(app)
        assert (window.width(), window.height()) == (1024, 600), spec.key
        faults += [f"{spec.key}: {f}" for f in layout_faults(window)]
    morning = window.page("morning")
    window.open_page("morning")
    morning.open_cramp_editor(None)  # adding a cramp once made the note scroll sideways
    settle(app)
    faults += [f"morning, adding a cramp: {f}" for f in layout_faults(window)]
    morning.close_cramp_editor()
    morning.list_button.click()  # the list of all nights
    settle(app)
    faults += [f"morning, all nights: {f}" for f in layout_faults(window)]
    morning.list_button.click()
    return faults


@pytest.mark.parametrize(("mode", "large"), LOOKS, ids=LOOK_IDS)
def test_cramp_now_the_routine_editor_and_the_welcome_fit_1024_by_600(
    qtbot, make_window, mode: str, large: bool
) -> None:
    faults = _the_dialogs(qtbot, make_window(mode, large, (1024, 600)))
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize(("code", "large"), LANGUAGE_LOOKS, ids=LANGUAGE_IDS)
def test_cramp_now_the_editor_and_the_welcome_fit_in_german_and_spanish(
    qtbot, catalogs, make_window, code: str, large: bool
) -> None:
    with speaking(code):
        faults = _the_dialogs(qtbot, make_window("night", large, (1024, 600)))
    assert faults == [], "\n".join(faults)


def _the_dialogs(qtbot, window: MainWindow) -> list[str]:
    """Cramp now (and eased), the routine editor and the first-run welcome at 1024x600."""
    from companion.ui.cramp_now import open_cramp_now
    from companion.ui.routine_editor import RoutineEditor

    app = QApplication.instance()
    faults: list[str] = []
    guide = open_cramp_now(window.ctx, window)
    guide.showNormal()
    guide.resize(1024, 600)
    settle(app)
    faults += [f"cramp now: {f}" for f in layout_faults(guide)]
    guide.mark_eased()
    settle(app)
    faults += [f"cramp now, eased: {f}" for f in layout_faults(guide)]
    guide.close()
    editor = RoutineEditor(window.ctx, window.ctx.routine_library(), window)
    qtbot.addWidget(editor)
    editor.show()
    editor.resize(1024, 600)
    settle(app)
    faults += [f"routine editor: {f}" for f in layout_faults(editor)]
    editor.close()
    from companion.ui.welcome import show_welcome

    welcome = show_welcome(window.ctx, window)  # the first-run welcome, in the page area
    settle(app)
    faults += [f"welcome: {f}" for f in layout_faults(window)]
    welcome.done(None)
    return faults


def _walk_the_player(window: MainWindow) -> list[str]:
    """Start the routine and check the player at each kind of moment, then the done screen."""
    app = QApplication.instance()
    window.open_page("tonight")
    page = window.page("tonight")
    page.start_routine()
    clock = page.ctx.clock
    faults: list[str] = []
    seen: set[str] = set()
    for _ in range(400):
        phase = page.player.phase_word.text()
        if phase not in seen:  # a new kind of moment: lay it out and look (once each)
            seen.add(phase)
            settle(app)
            faults += [f"player ({phase}): {f}" for f in layout_faults(window)]
        if page.player.card_panel.isVisible():
            settle(app)
            faults += [f"player (a card): {f}" for f in layout_faults(window)]
            break
        clock.advance(5)
        page.tick_now()
    page.controller.act(SessionEngine.pause)
    settle(app)
    faults += [f"player paused: {f}" for f in layout_faults(window)]
    page.ask_stop()
    settle(app)
    faults += [f"player asking to stop: {f}" for f in layout_faults(window)]
    page.keep_going()
    page.player.done_button.click()
    settle(app)
    assert page.stack.currentWidget() is page.done_screen
    faults += [f"done screen: {f}" for f in layout_faults(window)]
    page.show_start()
    return faults


@pytest.mark.parametrize(("mode", "large"), LOOKS, ids=LOOK_IDS)
def test_the_player_fits_800_by_600(make_window, mode: str, large: bool) -> None:
    window = make_window(mode, large, (800, 600))
    faults = _walk_the_player(window)
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize(("mode", "large"), LOOKS, ids=LOOK_IDS)
def test_the_player_fits_1024_by_600(make_window, mode: str, large: bool) -> None:
    window = make_window(mode, large, (1024, 600))
    faults = _walk_the_player(window)
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize("size", [(800, 600), (1024, 600)], ids=["800x600", "1024x600"])
@pytest.mark.parametrize(("code", "large"), LANGUAGE_LOOKS, ids=LANGUAGE_IDS)
def test_the_player_fits_in_german_and_spanish(
    catalogs, make_window, code: str, large: bool, size: tuple[int, int]
) -> None:
    with speaking(code):
        faults = _walk_the_player(make_window("night", large, size))
    assert faults == [], "\n".join(faults)


def test_nothing_on_the_player_moves_when_its_words_change(make_window) -> None:
    """Ring, words and progress bar keep their place and size through every phase and label."""
    window = make_window("night", True, (1024, 600))
    app = QApplication.instance()
    window.open_page("tonight")
    page = window.page("tonight")
    page.start_routine()
    player = page.player
    parts = {
        "ring": player.ring,
        "phase": player.phase_word,
        "instruction": player.instruction,
        "progress": player.progress,
        "pause": player.pause_button,
    }
    places: dict[str, set[tuple[int, int, int, int]]] = {name: set() for name in parts}
    phases: set[str] = set()
    shown: tuple[str, ...] = ()
    for _ in range(400):
        if player.card_panel.isVisible():
            break
        words = tuple(w.text() for w in (player.phase_word, player.side, player.instruction))
        if words == shown:  # nothing changed on screen: nothing to measure
            page.ctx.clock.advance(4)
            page.tick_now()
            continue
        shown = words
        settle(app, 2)
        phases.add(player.phase_word.text())
        for name, widget in parts.items():
            top_left = widget.mapTo(window, widget.rect().topLeft())
            places[name].add((top_left.x(), top_left.y(), widget.width(), widget.height()))
        page.ctx.clock.advance(4)
        page.tick_now()
    assert {"Get ready", "Hold", "Relax", "Switch sides", "Settle"} <= phases
    assert {name: len(seen) for name, seen in places.items()} == dict.fromkeys(parts, 1), places


def test_full_screen_player_shows_only_the_player(make_window) -> None:
    window = make_window("night", False, (1024, 600))
    window.open_page("tonight")
    page = window.page("tonight")
    window.showFullScreen()
    settle(QApplication.instance())
    assert window.nav.isVisible() and window.menuBar().isVisible()  # not on the start screen
    page.start_routine()
    settle(QApplication.instance())
    assert not window.nav.isVisible() and not window.menuBar().isVisible()
    assert page.player.full_button.isChecked()
    page.toggle_full_screen()  # F11 or the button: back to the window, sidebar and menu too
    settle(QApplication.instance())
    assert not window.isFullScreen()
    assert window.nav.isVisible() and window.menuBar().isVisible()
    assert not page.player.full_button.isChecked()


@pytest.mark.parametrize(("mode", "large"), LOOKS, ids=LOOK_IDS)
def test_the_morning_note_gets_most_of_a_small_window(make_window, mode: str, large: bool) -> None:
    """At 1024x600 the form itself is at least half the window high (a wrapped title beside the
    buttons once left it 230 px at 1024x640)."""
    window = make_window(mode, large, (1024, 600))
    window.open_page("morning")
    settle(QApplication.instance())
    note = window.page("morning").note_view
    assert note.viewport().height() >= 300, note.viewport().height()


def test_adding_a_cramp_scrolls_the_editor_into_view(qtbot, make_window) -> None:
    window = make_window("night", True, (1024, 600))
    window.open_page("morning")
    morning = window.page("morning")
    morning.add_cramp_button.click()
    settle(QApplication.instance())
    editor = morning.cramp_editor
    view = morning.note_view.viewport()
    top = editor.mapTo(view, editor.rect().topLeft()).y()
    assert 0 <= top < view.height() // 2, top  # its heading near the top of the view


KEY_WORDS = ("phase_word", "side", "rep", "next_label", "notice")


def _player_words_at_the_hold(window: MainWindow) -> dict[str, tuple[float, int, str]]:
    """(point size, width, text) of the player's words at step 3's second hold, right leg, with
    the no-sound-device notice showing."""
    from companion.core.session import Phase
    from companion.ui.cue_player import NO_DEVICE_NOTICE

    app = QApplication.instance()
    window.open_page("tonight")
    page = window.page("tonight")
    page.start_routine()
    page._on_cues_unavailable(i18n._(NO_DEVICE_NOTICE))  # as a machine without sound says
    for _ in range(3000):
        snap = page.tick_now()
        if snap and (snap.step_index, snap.phase, snap.rep, snap.side) == (
            2,
            Phase.HOLD,
            2,
            "right",
        ):
            break
        page.ctx.clock.advance(1)
    else:
        raise AssertionError("the routine never reached step 3's second hold on the right")
    settle(app)
    player = page.player
    names = (*KEY_WORDS, "step_name", "instruction")
    words = {n: getattr(player, n) for n in names}
    assert all(w.isVisible() for w in words.values()), [
        n for n, w in words.items() if not w.isVisible()
    ]
    return {n: (w.font().pointSizeF(), w.width(), w.text()) for n, w in words.items()}


@pytest.mark.parametrize("size", [(800, 600), (1024, 600)], ids=["800x600", "1024x600"])
@pytest.mark.parametrize("code", ["de", "es"])
def test_the_players_big_words_are_as_big_as_in_english(
    catalogs, make_window, code: str, size: tuple[int, int]
) -> None:
    """With large text, "Halten", "Rechtes Bein", "Wiederholung 2 von 3", the next step and the
    notice are as big as "Hold", "Right leg"... for the room they have (the sidebar is wider in
    German, so the player is a little narrower); longer words wrap or, for the two lines that
    only inform, end in "…" with the whole text in the tool tip. Nothing is smaller than the
    body text (the instruction paragraph not below INSTRUCTION_FLOOR of it)."""
    english = _player_words_at_the_hold(make_window("night", True, size))
    with speaking(code):
        window = make_window("night", True, size)
        other = _player_words_at_the_hold(window)
        body = window.ctx.look.point_size
    assert other["phase_word"][2] != english["phase_word"][2]  # really another language
    smaller = [
        f"{name}: {other[name][0]:.1f} pt in {other[name][1]} px, English "
        f"{english[name][0]:.1f} pt in {english[name][1]} px"
        for name in KEY_WORDS
        if other[name][0] < english[name][0] * min(1.0, other[name][1] / english[name][1]) - 0.15
    ]
    assert smaller == [], "\n".join(smaller)
    from companion.ui.routine_view import INSTRUCTION_FLOOR

    least = {n: body * (INSTRUCTION_FLOOR if n == "instruction" else 1.0) for n in other}
    below = {n: s for n, (s, _w, _t) in other.items() if s < least[n] - 0.01}
    assert below == {}, f"body text is {body} pt"
    for name in ("next_label", "notice"):  # a line cut with "…" has all its words in the tip
        label = getattr(window.page("tonight").player, name)
        assert label.toolTip() in ("", label.text()) and label.text() == other[name][2]


def test_a_long_name_on_the_body_map_breaks_as_hyphenation_would() -> None:
    from companion.ui.body_map import SOFT_HYPHEN, hyphenated, name_lines

    assert hyphenated("Oberschenkel") == ("Ober-", "schenkel")  # never "Obers-chenkel"
    assert hyphenated("Schienbein") == ("Schien-", "bein")
    assert hyphenated("Pantorrilla") == ("Pan-", "torrilla")  # Spanish "rr" stays whole
    assert hyphenated(f"Fuß{SOFT_HYPHEN}gewölbe") == ("Fuß-", "gewölbe")  # a translator's choice
    assert hyphenated("Wade") is None
    assert name_lines("✓ Oberschenkel", lambda line: len(line) <= 9) == ["✓", "Ober-", "schenkel"]
    assert name_lines("Dedos del pie", lambda line: len(line) <= 9) == ["Dedos del", "pie"]
