"""The pseudo-locale sweep: which texts on screen are still plain English.

Under ``i18n.set_language("pseudo")`` every marked text reads ``⟦Šáṽé ţĥé ñöţé~~~⟧``, so any run
of three or more ASCII letters outside the ``⟦…⟧`` spans is text nobody marked for translation
(or a value put into a marked sentence that was never translated itself). ``english_left`` walks
everything a person can see or hear under a widget: texts, titles, accessible names and
descriptions, tool tips, placeholders, combo-box, list, table and tree items and their headers,
tab texts, menu and action texts, and the text items and axis ticks of charts.

``clipped`` is the layout check of tests/ui/test_layout.py (``layout_check.layout_faults``):
the longer pseudo texts must still fit (their padding breaks like words, so a wrapped paragraph
can).

Use it while marking:  ``assert english_left(page) == [], english_report(page)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

from companion.core import i18n
from companion.core.i18n import LANGUAGES, PSEUDO_CLOSE, PSEUDO_OPEN
from tests.ui.layout_check import layout_faults

#: A word: three or more ASCII letters in a row (pseudo letters are all accented, so not ASCII).
_WORD = re.compile(r"[A-Za-z]{3,}")
#: Markup Qt renders but nobody reads: tags (``<a href=...>``) and entities (``&nbsp;``).
_MARKUP = re.compile(r"<[^<>]*>|&[A-Za-z]+;|&#\d+;")

#: Text that is the same in every language, each with the reason it needs no translation.
ALLOWED: dict[str, str] = {
    "Bedtime Companion": "the product's name (APP_NAME) is never translated",
    **{
        name: "a language named in itself (i18n.LANGUAGES): a reader looks for their own"
        for name in LANGUAGES.values()
    },
    "Pseudo": "the pseudo-locale's own name, offered as a report language only while in it",
}

#: Model rows read from one item view: a long diary list says nothing new after this many.
MAX_ROWS = 400


def outside_pseudo(text: str) -> str:
    """``text`` with every ``⟦…⟧`` span removed (spans nest: a marked sentence with a marked
    word put into it), and markup removed."""
    kept: list[str] = []
    depth = 0
    for ch in text:
        if ch == PSEUDO_OPEN:
            depth += 1
            kept.append(" ")
        elif ch == PSEUDO_CLOSE and depth:
            depth -= 1
            kept.append(" ")
        elif depth == 0:
            kept.append(ch)
    return _MARKUP.sub(" ", "".join(kept))


def english_words(text: str, user_text: Iterable[str] = (), *, values: bool = False) -> list[str]:
    """The plain English words in ``text`` once the allowed texts and the user's own words (a
    note, a factor name as typed) are taken out. ``values`` also reads inside the spans: pseudo
    letters are never ASCII, so an ASCII word there is a value put into a marked sentence (an
    area id, an unmarked date) that nobody translated."""
    if values:
        plain = _MARKUP.sub(" ", text.replace(PSEUDO_OPEN, " ").replace(PSEUDO_CLOSE, " "))
    else:
        plain = outside_pseudo(text)
    for allowed in sorted([*ALLOWED, *user_text], key=len, reverse=True):
        if allowed:
            plain = plain.replace(allowed, " ")
    return _WORD.findall(plain)


# --------------------------------------------------------------------------- collecting


def _menu_texts(
    actions: Iterable[QAction], where: str, seen: set[int]
) -> Iterator[tuple[str, str]]:
    """Action texts and tool tips, into every submenu (a closed menu is still read: its items
    are what a keyboard or screen-reader user reaches)."""
    for action in actions:
        if id(action) in seen or action.isSeparator() or not action.isVisible():
            continue
        seen.add(id(action))
        name = f"{where} > action {action.text()[:30]!r}"
        yield name, action.text()
        yield f"{name} tool tip", action.toolTip()
        yield f"{name} status tip", action.statusTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield f"{name} menu title", menu.title()
            yield from _menu_texts(menu.actions(), name, seen)


def _model_texts(view: QAbstractItemView, where: str) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
    count = 0

    # A list model's columnCount and a list or table model's hasChildren are private in
    # PySide: only a tree view's model is asked for children.
    flat = isinstance(model, QAbstractListModel)
    tree = isinstance(view, QTreeView) and not isinstance(model, QAbstractTableModel)

    def rows(parent: QModelIndex) -> Iterator[tuple[str, str]]:
        nonlocal count
        columns = 1 if flat else model.columnCount(parent)
        for row in range(model.rowCount(parent)):
            if count >= MAX_ROWS:
                return
            count += 1
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in roles:
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield f"{where} item {row},{column}", value
                if column == 0 and tree and not flat and model.hasChildren(index):
                    yield from rows(index)

    yield from rows(QModelIndex())
    headers: list[tuple[Qt.Orientation, QHeaderView]] = []
    if isinstance(view, QTableView):
        headers = [
            (Qt.Orientation.Horizontal, view.horizontalHeader()),
            (Qt.Orientation.Vertical, view.verticalHeader()),
        ]
    elif isinstance(view, QTreeView):
        headers = [(Qt.Orientation.Horizontal, view.header())]
    for orientation, header in headers:
        if header.isHidden():
            continue
        across = orientation == Qt.Orientation.Horizontal
        sections = (1 if flat else model.columnCount()) if across else model.rowCount()
        for section in range(min(sections, MAX_ROWS)):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield f"{where} header {section}", value


def _chart_texts(view: QGraphicsView, where: str) -> Iterator[tuple[str, str]]:
    """Text items in the scene (pyqtgraph titles, axis labels, legends, text items) and the
    tick texts pyqtgraph's axes would draw (dates with month names, say)."""
    scene = view.scene()
    if scene is None:
        return
    for item in scene.items():
        if not item.isVisible():
            continue
        if isinstance(item, QGraphicsTextItem):
            yield f"{where} text item", item.toPlainText()
        elif isinstance(item, QGraphicsSimpleTextItem):
            yield f"{where} text item", item.text()
        elif hasattr(item, "generateDrawSpecs") and hasattr(item, "tickStrings"):
            yield from _tick_texts(item, where)


def _tick_texts(axis: object, where: str) -> Iterator[tuple[str, str]]:
    """What a pyqtgraph AxisItem paints: it asks for a painter only to measure the text."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)  # type: ignore[attr-defined]
    finally:
        painter.end()
    if specs is None:
        return
    for _rect, _flags, text in specs[2]:
        yield f"{where} axis tick", str(text)


def _widget_texts(w: QWidget) -> Iterator[tuple[str, str]]:
    where = f"{type(w).__name__} {w.objectName() or w.accessibleName()[:30]!r}"
    if w.isWindow():
        yield f"{where} window title", w.windowTitle()
    yield f"{where} accessible name", w.accessibleName()
    yield f"{where} accessible description", w.accessibleDescription()
    yield f"{where} tool tip", w.toolTip()
    yield f"{where} status tip", w.statusTip()
    if isinstance(w, QLabel):
        yield f"{where} text", w.text()
    elif isinstance(w, QAbstractButton):
        yield f"{where} text", w.text()
    if isinstance(w, QGroupBox):
        yield f"{where} title", w.title()
    if isinstance(w, QLineEdit):
        yield f"{where} placeholder", w.placeholderText()
        if w.isReadOnly():
            yield f"{where} text", w.text()
    if isinstance(w, (QTextEdit, QPlainTextEdit)):
        yield f"{where} placeholder", w.placeholderText()
        if w.isReadOnly():  # shown text (Learn, a report preview); an editable one is the user's
            yield f"{where} text", w.toPlainText()
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        yield f"{where} prefix", w.prefix()
        yield f"{where} suffix", w.suffix()
    if isinstance(w, QAbstractSpinBox):
        yield f"{where} special value", w.specialValueText()
        # A date or time edit's own text ("19 Nov 2026") is Qt's: its month names come from
        # QLocale, not from the catalog, and no QLocale speaks the pseudo-locale.
    if isinstance(w, QProgressBar) and w.isTextVisible():
        yield f"{where} text", w.text()
    if isinstance(w, QComboBox):
        for i in range(w.count()):
            yield f"{where} item {i}", w.itemText(i)
            tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield f"{where} item {i} tool tip", tip
        if w.isEditable():
            yield f"{where} placeholder", w.placeholderText()
    if isinstance(w, QTabBar):
        for i in range(w.count()):
            yield f"{where} tab {i}", w.tabText(i)
            yield f"{where} tab {i} tool tip", w.tabToolTip(i)
            yield f"{where} tab {i} accessible name", w.accessibleTabName(i)
    if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
        yield from _model_texts(w, where)
    if isinstance(w, QGraphicsView):
        yield from _chart_texts(w, where)


def texts_under(root: QWidget, *, windows: bool = False) -> list[tuple[str, str]]:
    """(where, text) for everything visible under ``root`` (and, with ``windows``, every other
    visible top-level window: open dialogs and message boxes)."""
    roots = [root]
    if windows:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        roots += [
            w
            for w in app.topLevelWidgets()
            if w is not root and w.isVisible() and not isinstance(w, QMenu)
        ]
    found: list[tuple[str, str]] = []
    seen_actions: set[int] = set()
    seen_widgets: set[int] = set()
    for top in roots:
        for w in [top, *top.findChildren(QWidget)]:
            if not w.isVisible() or id(w) in seen_widgets:
                continue
            seen_widgets.add(id(w))
            pairs = [*_widget_texts(w), *_menu_texts(w.actions(), type(w).__name__, seen_actions)]
            found += [(where, text.strip()) for where, text in pairs if text.strip()]
    return found


def english_sites(
    root: QWidget,
    *,
    windows: bool = False,
    user_text: Iterable[str] = (),
    values: bool = False,
) -> list[tuple[str, str]]:
    """(where, text) for each shown text that still holds plain English."""
    users = list(user_text)
    return [
        (where, text)
        for where, text in texts_under(root, windows=windows)
        if english_words(text, users, values=values)
    ]


def english_left(
    root: QWidget,
    *,
    windows: bool = False,
    user_text: Iterable[str] = (),
    values: bool = False,
) -> list[str]:
    """Each distinct text under ``root`` that still contains plain English, in the order met.

    ``windows`` also reads every other visible top-level window (an open dialog); ``user_text``
    are texts the test itself seeded as the user (a note, a factor's name), which stay as typed;
    ``values`` also finds English values put into marked sentences (see ``english_words``).
    """
    left: list[str] = []
    for _where, text in english_sites(root, windows=windows, user_text=user_text, values=values):
        if text not in left:
            left.append(text)
    return left


def english_report(
    root: QWidget,
    *,
    windows: bool = False,
    user_text: Iterable[str] = (),
    values: bool = False,
) -> str:
    """Where each English text sits, one a line: the message of a failed sweep assertion."""
    return "\n".join(
        f"{where}: {text!r}"
        for where, text in english_sites(root, windows=windows, user_text=user_text, values=values)
    )


def clipped(root: QWidget) -> list[str]:
    """Cut labels and buttons, sideways scrolling and overlaps under ``root`` (the checks of
    tests/ui/test_layout.py), for the longer pseudo texts."""
    return layout_faults(root)


@contextmanager
def pseudo_language() -> Iterator[None]:
    """The pseudo-locale for the block (build the widgets inside it), then English again."""
    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language("en")


def cut_one_line_texts(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs (a wrapping label
    grows down instead, so it never clips): the quick check, where ``clipped`` is the whole
    layout check."""
    QApplication.processEvents()  # a resize lays out on the next turn of the event loop
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        one_line = isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
        )
        if one_line and widget.width() < widget.sizeHint().width() - 1:
            found.append(
                f"{type(widget).__name__} {widget.text()!r}: "
                f"{widget.width()} < {widget.sizeHint().width()}"
            )
    return found
