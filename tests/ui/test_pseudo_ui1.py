"""The pages of mark-ui1 under the pseudo-locale at 1024x600 (issue 15): the shell and its menus,
Tonight, the player at each kind of moment, the done screen, Cramp now, the routine editor, the
body map, the welcome and the tray menu. Each is built after ``set_language("pseudo")``, then no
plain English word may remain in any visible text, accessible name or description, tool tip or
item, and no text may be cut; an English value put into one of these marked sentences counts as
English left too (``values=True``). What core words (lengths, places, the next step) is core's to
mark and test, and Qt writes the shortcuts: those are allowed by their exact text, so that only
these pages' own text is judged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from companion.core import i18n, wording
from companion.core.diary import AREAS
from companion.core.routine import shown
from companion.core.session import SessionEngine
from companion.core.settings import Settings
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import CRAMP_NOW_SHORTCUT, PAGES, MainWindow, shortcut_words
from tests.ui.helpers import demo_diary
from tests.ui.layout_check import settle
from tests.ui.pseudo_sweep import clipped, english_report, outside_pseudo

SIZE = (1024, 600)


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory):
    paths, store, clock = demo_diary(
        tmp_path_factory.mktemp("pseudo-ui1"), datetime(2026, 11, 20, 22, 15), nights=30
    )
    yield paths, store, clock
    store.close()


@pytest.fixture(params=[False, True], ids=["normal-text", "large-text"])
def window(qtbot, diary, request) -> Iterator[MainWindow]:
    """The main window, built under the pseudo-locale, in normal and in large text; English
    and normal text again afterwards."""
    paths, store, clock = diary
    large: bool = request.param
    i18n.set_language(i18n.PSEUDO)
    theme.apply_theme(QApplication.instance(), "night", large)
    try:
        settings = Settings(theme="night", large_text=large)
        ctx = AppContext(paths, settings, store, clock, persist_settings=False)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        win.resize(*SIZE)
        settle(QApplication.instance())
        yield win
        win.close()
    finally:
        i18n.set_language("en")
        theme.apply_theme(QApplication.instance(), "night", False)


def core_words(window: MainWindow) -> list[str]:
    """Texts core words (marked and tested in core), exactly as they are shown here."""
    page = window.page("tonight")
    words = [*page._library_warnings()]
    for routine in page.library.all():
        seen = shown(routine)
        words.append(wording.routine_length(seen))
        words += [wording.step_length(step) for step in seen.steps]
        words += [wording.stretch_pattern(step) for step in seen.steps]
    for area in AREAS:
        for side in ("left", "right", "both", None):
            words.append(wording.place_words(area, side))
    words += [wording.rough_minutes(s) for s in (0, 60, 120, 600, 700)]
    words.append(wording.pain_scale())
    engine = page.engine
    if engine is not None:
        words += [wording.time_left(engine.snapshot.routine_remaining_s)]
        words += [engine.snapshot.next_label or ""]
    # A core text put into a marked sentence of core's own ("Next: {name}") leaves its English
    # part outside the spans; that part is core's too.
    words += [outside_pseudo(w).strip() for w in words]
    # Shortcuts are written by Qt (QKeySequence's NativeText, translated by Qt's own catalogs).
    words += [shortcut_words(spec.shortcut) for spec in PAGES]
    words.append(shortcut_words(CRAMP_NOW_SHORTCUT))
    return sorted({w for w in words if w}, key=len, reverse=True)


def faults(root: QWidget, window: MainWindow, where: str, *, windows: bool = False) -> list[str]:
    """English left (values too) and cut text under ``root``, each line saying where."""
    settle(QApplication.instance())
    report = english_report(root, windows=windows, user_text=core_words(window), values=True)
    found = [f"{where}: {line}" for line in report.splitlines() if line]
    return found + [f"{where}: {fault}" for fault in clipped(root)]


def test_the_shell_and_tonight_show_no_english_under_the_pseudo_locale(window) -> None:
    window.open_page("tonight")
    left = faults(window, window, "tonight")
    menus = [a.text() for a in window.menuBar().actions()]
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None:
            menus += [a.text() for a in menu.actions() if not a.isSeparator()]
    left += [f"menu: {t!r}" for t in menus if i18n.PSEUDO_OPEN not in t]
    assert left == [], "\n".join(left)


def test_the_player_and_done_screen_show_no_english_under_the_pseudo_locale(window) -> None:
    window.open_page("tonight")
    page = window.page("tonight")
    page.start_routine()
    left: list[str] = []
    seen: set[str] = set()
    for _ in range(400):
        phase = page.player.phase_word.text()
        if phase not in seen:  # each kind of moment once: get ready, hold, relax, a card, ...
            seen.add(phase)
            left += faults(window, window, f"player ({phase})")
        if page.player.card_panel.isVisible():
            break
        page.ctx.clock.advance(5)
        page.tick_now()
    assert len(seen) >= 3, seen  # the walk saw several kinds of moment, not just one
    page.controller.act(SessionEngine.pause)
    left += faults(window, window, "player paused")
    page.ask_stop()
    left += faults(window, window, "player asking to stop")
    page.keep_going()
    page.player.done_button.click()
    assert page.stack.currentWidget() is page.done_screen
    left += faults(window, window, "done screen")
    assert left == [], "\n".join(left)


def test_cramp_now_shows_no_english_under_the_pseudo_locale(window) -> None:
    from companion.ui.cramp_now import open_cramp_now

    guide = open_cramp_now(window.ctx, window)
    guide.showNormal()
    guide.resize(*SIZE)
    left = faults(guide, window, "cramp now")
    guide.place_buttons["foot"].click()  # the foot's steps and its exact places
    left += faults(guide, window, "cramp now, foot")
    guide.mark_eased()
    left += faults(guide, window, "cramp now, eased")
    guide.request_close()
    left += faults(guide, window, "cramp now, closing")
    guide.back_to_guide()
    guide.mark_eased()
    guide.log_with_severity(4)
    left += faults(guide, window, "cramp now, logged")
    guide.close()
    assert left == [], "\n".join(left)


def test_the_routine_editor_shows_no_english_under_the_pseudo_locale(qtbot, window) -> None:
    from companion.ui.routine_editor import RoutineEditor

    editor = RoutineEditor(window.ctx, window.ctx.routine_library(), window)
    qtbot.addWidget(editor)
    editor.show()
    editor.resize(*SIZE)
    left = faults(editor, window, "routine editor, a built-in")
    for row in range(editor.step_list.count()):  # every step's fields, as a built-in shows them
        editor.step_list.setCurrentRow(row)
        left += faults(editor, window, f"routine editor, step {row + 1}")
    editor.close()
    assert left == [], "\n".join(left)


def test_duplicating_a_built_in_copies_the_texts_it_shows(qtbot, window, monkeypatch) -> None:
    """The copy is the person's own: it keeps the (translated) texts they read."""
    from PySide6.QtWidgets import QInputDialog

    from companion.ui.routine_editor import RoutineEditor

    library = window.ctx.routine_library()
    builtin = next(r for r in library.all() if r.builtin)
    editor = RoutineEditor(window.ctx, library, window)
    qtbot.addWidget(editor)
    editor.reload(select=builtin.name)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Mine", True))
    editor.duplicate()
    copy = library.get("Mine")
    assert copy is not None and not copy.builtin
    assert [s.name for s in copy.steps] == [i18n.pseudo(s.name) for s in builtin.steps]
    assert copy.steps[0].instruction == i18n.pseudo(builtin.steps[0].instruction)
    library.delete_custom("Mine")
    editor.close()


def test_the_body_map_shows_no_english_and_its_names_fit_under_the_pseudo_locale(
    qtbot, window
) -> None:
    from companion.ui.body_map import BodyMap

    body_map = BodyMap(window.ctx.look)
    qtbot.addWidget(body_map)
    body_map.resize(700, body_map.heightForWidth(700))  # narrow: the panel goes under the map
    body_map.show()
    left = faults(body_map, window, "body map")
    body_map.set_selection("foot_arch", "left")
    left += faults(body_map, window, "body map, arch chosen")
    labels = body_map.canvas.labels()
    texts = [item.text for item in labels]
    left += [f"painted: {t!r}" for t in texts if i18n.PSEUDO_OPEN not in t]
    # every painted name fits the rect it is drawn in (never cut to "Shir")
    for item in labels:
        from PySide6.QtGui import QFontMetricsF

        metrics = QFontMetricsF(item.font)
        widest = max(metrics.horizontalAdvance(line) for line in item.text.split("\n"))
        if widest > item.rect.width() + 0.5:
            left.append(f"painted name cut: {item.text!r}")
    body_map.close()
    assert left == [], "\n".join(left)


def test_the_welcome_and_the_tray_menu_show_no_english_under_the_pseudo_locale(window) -> None:
    from companion.ui.tray import TrayController
    from companion.ui.welcome import show_welcome

    welcome = show_welcome(window.ctx, window)
    left = faults(window, window, "welcome")
    welcome.done(None)
    tray = TrayController(window.ctx, window)
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    texts.append(tray.menu.accessibleName())
    left += [f"tray: {t!r}" for t in texts if i18n.PSEUDO_OPEN not in t]
    tray.shutdown()
    assert left == [], "\n".join(left)
