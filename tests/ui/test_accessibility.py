"""Accessibility over the whole app: every Tab stop has a name, Tab reaches the navigation, no
control traps the Tab key, and large text really grows the type.

Built on a real diary (Store in tmp_path) and a FakeClock; every page and Cramp now are opened.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSlider,
    QWidget,
)

from companion.core.clock import FakeClock
from companion.core.demo import seed_demo
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme, tray
from companion.ui.context import AppContext
from companion.ui.main_window import PAGES, MainWindow
from tests.ui.helpers import keep_for_module

BERLIN = ZoneInfo("Europe/Berlin")
MAX_TABS = 400


def accepts_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def describe(widget: QWidget) -> str:
    """Enough to find the widget in the code: its class, text, object name and parents."""
    text = ""
    for getter in ("text", "placeholderText", "windowTitle", "toolTip"):
        value = getattr(widget, getter, None)
        if callable(value) and value():
            text = f" {getter}={value()!r}"
            break
    chain = []
    parent = widget.parentWidget()
    while parent is not None and len(chain) < 4:
        chain.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    name = f" objectName={widget.objectName()!r}" if widget.objectName() else ""
    return f"{type(widget).__name__}{text}{name} in {' < '.join(chain)}"


def is_internal_part(widget: QWidget) -> bool:
    """Parts Qt builds inside a named control (a spin box's line edit, a view's viewport...)."""
    parent = widget.parentWidget()
    if widget.focusProxy() is not None or widget.objectName().startswith("qt_"):
        return True
    if isinstance(widget, QHeaderView) and isinstance(parent, QAbstractItemView):
        return True  # a table's column headers: the table itself is the Tab stop
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
        return True
    if parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea):
        area = parent.parentWidget()
        if (
            widget is area.viewport()
            or parent is area.viewport()
            and widget.objectName() in ("qt_scrollarea_viewport",)
        ):
            return True
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return True
    return False


def focus_chain(root: QWidget) -> list[QWidget]:
    """Every widget Tab can move to, in Qt's focus-chain order (visible or not)."""
    found: list[QWidget] = []
    seen: set[int] = set()
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and id(widget) not in seen:
        seen.add(id(widget))
        if accepts_tab(widget) and not is_internal_part(widget):
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def unnamed_tab_stops(root: QWidget) -> list[str]:
    return [describe(w) for w in focus_chain(root) if not w.accessibleName().strip()]


INTERACTIVE = (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QHeaderView,
    QLineEdit,
    QAbstractSlider,
    QAbstractItemView,
)


def unreachable_controls(root: QWidget) -> list[str]:
    """Enabled controls the keyboard can never reach (no Tab focus at all)."""
    return [
        describe(w)
        for w in root.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and w.isEnabled()
        and not accepts_tab(w)
        and not is_internal_part(w)
        and not _inside_scrollbar_or_popup(w)
    ]


def _inside_scrollbar_or_popup(widget: QWidget) -> bool:
    """Scroll bars are reached with the keys of the area they scroll; combo pop-ups by the combo."""
    from PySide6.QtWidgets import QScrollBar

    node: QWidget | None = widget
    while node is not None:
        if isinstance(node, QScrollBar) or node.objectName() == "qt_scrollarea_vcontainer":
            return True
        if node.isWindow() and node.windowType() == Qt.WindowType.Popup:
            return True
        if isinstance(node.parentWidget(), QComboBox):
            return True
        node = node.parentWidget()
    return False


# the self-check: the detector must be able to fail ----------------------------------------------


def test_detector_flags_an_unnamed_control(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    named = QPushButton("Named", root)
    named.setAccessibleName("Named")
    QPushButton("Unnamed", root)  # a label on screen is not an accessible name set on purpose
    slider = QSlider(root)
    slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    problems = unnamed_tab_stops(root)
    assert len(problems) == 2
    assert any("'Unnamed'" in p for p in problems) and any("QSlider" in p for p in problems)
    slider.setAccessibleName("Volume")
    root.findChildren(QPushButton)[1].setAccessibleName("Now named")
    assert unnamed_tab_stops(root) == []
    dead = QPushButton("Mouse only", root)
    dead.setAccessibleName("Mouse only")
    dead.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    assert unreachable_controls(root) == [describe(dead)]


# the real app -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_window(qapp, tmp_path_factory: pytest.TempPathFactory):
    """One fully built app for the module: building every page is the slow part."""
    folder = tmp_path_factory.mktemp("a11y")
    store = Store.open(folder / "diary.sqlite3", backups_dir=folder / "backups")
    clock = FakeClock(datetime(2026, 11, 20, 22, 5, tzinfo=BERLIN))
    seed_demo(store, nights=30, seed=3, today=clock.now().date())
    ctx = AppContext(AppPaths(folder, folder), Settings(theme="night"), store, clock)
    theme.apply_theme(qapp, "night")
    window = MainWindow(ctx)
    keep_for_module(window)
    controller = tray.install(ctx, window)
    window.show()
    for spec in PAGES:
        window.open_page(spec.key)
    qapp.processEvents()
    yield window
    controller.shutdown()
    cramp = ctx.cramp_window
    if isinstance(cramp, QWidget) and shiboken6.isValid(cramp):
        cramp.close()
    window.close()
    window.deleteLater()
    qapp.processEvents()
    store.close()


def test_every_tab_stop_on_every_page_has_an_accessible_name(qtbot, app_window) -> None:
    problems = unnamed_tab_stops(app_window)
    window_stops = len(focus_chain(app_window))
    app_window.show_cramp_now()
    cramp = app_window.ctx.cramp_window
    qtbot.waitExposed(cramp)
    problems += [f"Cramp now: {p}" for p in unnamed_tab_stops(cramp)]
    assert window_stops > 40  # every page really was built
    assert problems == [], "Tab stops without an accessible name:\n" + "\n".join(problems)


def test_every_control_can_be_reached_with_the_keyboard(qtbot, app_window) -> None:
    app_window.show_cramp_now()
    cramp = app_window.ctx.cramp_window
    problems = unreachable_controls(app_window) + [
        f"Cramp now: {p}" for p in unreachable_controls(cramp)
    ]
    assert problems == [], "Controls Tab never reaches:\n" + "\n".join(problems)


def test_the_routine_editor_dialog_is_named_and_reachable(qtbot, app_window) -> None:
    from companion.ui.routine_editor import RoutineEditor

    dialog = RoutineEditor(app_window.ctx, parent=app_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = unnamed_tab_stops(dialog) + unreachable_controls(dialog)
    dialog.reject()
    assert problems == [], "Routine editor:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", [spec.key for spec in PAGES])
def test_tab_reaches_the_navigation_and_cramp_now_from_every_page(
    qtbot, app_window, page: str
) -> None:
    """Real Tab presses: nothing traps the key, and the sidebar is always one loop away."""
    app_window.open_page(page)
    app_window.activateWindow()
    start = app_window.nav_buttons[page]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    visited: list[QWidget] = []
    stayed = 0
    for _ in range(MAX_TABS):
        current = QApplication.focusWidget()
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        # Tab walks the sections of a date or time field (hours, minutes) before leaving it
        stayed = stayed + 1 if after is current else 0
        limit = 3 if isinstance(current, QDateTimeEdit) else 0
        assert stayed <= limit, f"Tab is trapped in {describe(current)}"
        visited.append(after)
        if after is start:
            break
    else:
        pytest.fail(f"Tab never came back to {page!r} after {MAX_TABS} presses")
    targets = [*app_window.nav_buttons.values(), app_window.cramp_button]
    missing = [b.accessibleName() for b in targets if b not in visited]
    assert missing == []


def test_large_text_makes_the_type_bigger(qtbot, app_window) -> None:
    ctx = app_window.ctx
    nav = app_window.nav_buttons["tonight"]
    app_font = QApplication.instance().font().pointSizeF()
    nav_font = nav.font().pointSizeF()
    nav_height = nav.sizeHint().height()
    ctx.update_settings(large_text=True)
    assert QApplication.instance().font().pointSizeF() >= app_font * 1.2
    assert nav.font().pointSizeF() > nav_font
    assert nav.sizeHint().height() > nav_height  # targets grow with the text
    ctx.update_settings(large_text=False)
    assert QApplication.instance().font().pointSizeF() == pytest.approx(app_font)
