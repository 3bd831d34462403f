"""The pseudo-locale run (issue 15): every page and state at 1024x600 under ``pseudo`` shows no
plain English and no cut text; and the sweep that says so is itself tested on small widgets, so
that an empty result means "nothing left", not "nothing looked at"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.core import i18n
from companion.core.i18n import pseudo
from tests.ui.layout_check import settle
from tests.ui.pseudo_sweep import (
    breakable_padding,
    clipped,
    english_left,
    english_report,
    english_sites,
    english_words,
)

LOOKS = [(mode, large) for mode in ("night", "day") for large in (False, True)]
LOOK_IDS = [f"{mode}-{'large' if large else 'normal'}" for mode, large in LOOKS]
# Layout is measured with large text, the tightest case (test_layout.py measures every look in
# English).
LARGE_LOOKS = [(mode, large) for mode, large in LOOKS if large]
LARGE_IDS = [f"{mode}-large" for mode, _large in LARGE_LOOKS]
SIZE = (1024, 600)
NOW = datetime(2026, 11, 20, 22, 15)


@pytest.fixture
def pseudo_language() -> Iterator[None]:
    """The pseudo-locale for one test, English again afterwards whatever happens."""
    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language("en")


def _shown(qtbot, *widgets: QWidget) -> QWidget:
    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    for widget in widgets:
        column.addWidget(widget)
    root.show()
    settle(QApplication.instance())
    return root


# --------------------------------------------------------------------------- the sweep itself


def test_the_sweep_finds_an_unmarked_label_and_accepts_a_marked_one(qtbot) -> None:
    root = _shown(qtbot, QLabel("Save"), QLabel(pseudo("Save the note")))
    assert english_left(root) == ["Save"]


def test_the_sweep_reads_nested_spans_markup_and_the_allowed_name(qtbot) -> None:
    sentence = pseudo("Saved to {where}.").format(where=pseudo("the calf"))
    root = _shown(
        qtbot,
        QLabel(sentence),
        QLabel(f"<b>{pseudo('Tonight')}</b> <a href='#x'>{pseudo('more')}</a>&nbsp;"),
        QLabel("Bedtime Companion"),
        QLabel("22:30 · 7 · 1,204 · 40%"),
    )
    assert english_left(root) == []
    assert english_left(root, values=True) == []


def test_the_sweep_finds_an_unmarked_word_beside_a_marked_one_and_unmarked_values(qtbot) -> None:
    unmarked_value = pseudo("Saved to {where}.").format(where="the calf")
    beside = f"{pseudo('Done')} Cancel"
    root = _shown(qtbot, QLabel(unmarked_value), QLabel(beside))
    assert english_left(root) == [beside]  # outside the spans: text nobody marked
    assert english_left(root, values=True) == [unmarked_value, beside]  # an untranslated value


def test_the_sweep_leaves_the_users_own_words(qtbot) -> None:
    root = _shown(qtbot, QLabel(pseudo("Note: {text}").format(text="") + " slept badly"))
    assert english_left(root) != []
    assert english_left(root, user_text=["slept badly"]) == []


def test_the_sweep_reads_names_tips_placeholders_items_tabs_and_headers(qtbot) -> None:
    named = QPushButton(pseudo("Go"))
    named.setAccessibleName("Start routine")
    described = QLabel(pseudo("Hi"))
    described.setAccessibleDescription("Shows the night")
    tipped = QPushButton(pseudo("Go"))
    tipped.setToolTip("Starts now")
    field = QLineEdit()
    field.setPlaceholderText("Type a note")
    combo = QComboBox()
    combo.addItems([pseudo("Calf"), "Thigh"])
    tabs = QTabWidget()
    tabs.addTab(QWidget(), pseudo("Week"))
    tabs.addTab(QWidget(), "Month")
    tree = QTreeWidget()
    tree.setHeaderLabels([pseudo("Night"), "Cramps"])
    top = QTreeWidgetItem([pseudo("November"), pseudo("3")])
    top.addChild(QTreeWidgetItem(["Friday", "2"]))
    tree.addTopLevelItem(top)
    root = _shown(qtbot, named, described, tipped, field, combo, tabs, tree)
    left = english_left(root)
    for text in (
        "Start routine",
        "Shows the night",
        "Starts now",
        "Type a note",
        "Thigh",
        "Month",
        "Cramps",
        "Friday",
    ):
        assert text in left, (text, english_report(root))
    assert not [t for t in left if pseudo("Calf") == t or pseudo("Week") == t]


def test_the_sweep_skips_hidden_widgets_and_reads_dialogs_only_when_asked(qtbot) -> None:
    hidden = QLabel("Hidden words")
    root = _shown(qtbot, QLabel(pseudo("Shown")), hidden)
    hidden.hide()
    assert english_left(root) == []
    dialog = QDialog()  # a window of its own, as the app's parentless dialogs are
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("Open a backup")
    QHBoxLayout(dialog).addWidget(QLabel("Pick one"))
    dialog.show()
    settle(QApplication.instance())
    assert english_left(root) == []
    assert english_left(root, windows=True) == ["Open a backup", "Pick one"]
    dialog.close()
    owned = QDialog(root)  # a dialog the page owns is under it: read with the page, once
    owned.setWindowTitle("Backups")
    owned.show()
    settle(QApplication.instance())
    assert english_left(root) == ["Backups"]
    assert [where for where, _ in english_sites(root, windows=True)] == ["QDialog '' window title"]
    owned.close()


def test_the_sweep_reads_menus_and_their_submenus(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().addMenu(pseudo("File"))
    file_menu.addAction(pseudo("Save"))
    export = file_menu.addMenu(pseudo("Export"))
    export.addAction(QAction("As CSV", export))
    window.setCentralWidget(QLabel(pseudo("Hi")))
    window.show()
    settle(QApplication.instance())
    assert english_left(window) == ["As CSV"]


def test_the_sweep_reads_chart_titles_axis_labels_legends_and_ticks(qtbot) -> None:
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    plot.setTitle(pseudo("Cramps a night"))
    plot.setLabel("left", "Cramps")
    plot.addLegend()
    plot.plot([1, 2, 3], [1, 0, 2], name=pseudo("Cramps"))
    plot.plot([1, 2, 3], [2, 1, 0], name="Sleep")
    axis = pg.AxisItem("bottom")
    axis.tickStrings = lambda values, scale, spacing: ["Nov" for _ in values]  # type: ignore[method-assign]
    plot.setAxisItems({"bottom": axis})
    root = _shown(qtbot, plot)
    root.resize(500, 400)
    settle(QApplication.instance())
    left = english_left(root)
    assert "Cramps" in left and "Sleep" in left and "Nov" in left, english_report(root)
    assert pseudo("Cramps a night") not in left


def test_clipped_finds_a_cut_label(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QHBoxLayout(root).addWidget(QLabel(pseudo("A label far too long for the narrow window")))
    root.setFixedSize(120, 60)
    root.show()
    settle(QApplication.instance())
    assert any("A label" in fault or "Á ļáƀéļ" in fault for fault in clipped(root)), clipped(root)


def test_the_pseudo_language_fixture_marks_text_and_goes_back(pseudo_language) -> None:
    assert i18n.current_language() == i18n.PSEUDO
    assert i18n._("Save") == pseudo("Save")
    assert english_words(i18n._("Save the note")) == []


def test_english_is_back_after_the_pseudo_language_fixture() -> None:
    assert i18n.current_language() == "en" and i18n._("Save") == "Save"


def test_breakable_padding_keeps_the_length_and_marks_but_breaks_like_words(
    qtbot, pseudo_language
) -> None:
    paragraph = "Stretch your calves gently before bed, holding each stretch. " * 8
    real = pseudo(paragraph)
    with breakable_padding():
        broken = i18n.pseudo(paragraph)
        assert i18n._(paragraph) == broken  # the pseudo-locale uses it inside the block
    assert i18n.pseudo(paragraph) == real  # and the real one again after
    assert broken.replace(" ", "") == real.replace(" ", "")
    assert broken.startswith(i18n.PSEUDO_OPEN) and broken.endswith(i18n.PSEUDO_CLOSE)
    assert "~" * 7 not in broken and "~" * 40 in real
    assert english_words(broken) == []

    def cut_at_400(text: str) -> list[str]:
        root = QWidget()
        qtbot.addWidget(root)
        shown = QLabel(text)
        shown.setWordWrap(True)
        QHBoxLayout(root).addWidget(shown)
        root.setFixedSize(400, 600)
        root.show()
        settle(QApplication.instance())
        return clipped(root)

    assert cut_at_400(real) != []  # the one long run of "~" fits no width
    assert cut_at_400(broken) == []
