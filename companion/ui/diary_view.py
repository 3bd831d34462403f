"""The Morning page: a fast morning-after note, the list of logged nights, edit/delete/undo.

A quiet night takes two taps: a face for how you slept (or "No cramps"), then save; a form with
nothing chosen is never saved, so a stray key cannot log an empty night. Cramps are added with a
body map and big one-tap choices. Everything optional sits in a collapsed section; red-flag
symptoms are always visible, because they matter most.

The page only adapts the core: the store validates and saves, ``diary.red_flag_advice`` words the
advice. A failed save (disk full, file gone, diary closed) keeps every field exactly as typed.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.core import wording
from companion.core.diary import (
    BUILTIN_FACTORS,
    EXACT_AREAS,
    FACTOR_LABELS,
    MAX_AWAKENINGS,
    MAX_DURATION_MIN,
    MAX_FACTOR_LABEL,
    MAX_SEVERITY,
    MAX_SORENESS,
    PARTS_OF_NIGHT,
    PLACES,
    RED_FLAGS,
    SLEEP_QUALITY_LABELS,
    Cramp,
    Night,
    ValidationError,
    day_in_night,
    factor_label,
    night_has_information,
    night_of,
    part_of_night_label,
    red_flag_advice,
    red_flag_label,
    sleep_quality_label,
    stretched_on_night,
    validate_night,
)
from companion.core.errors import DIARY_ERRORS
from companion.core.i18n import N_, _, current_language, number, pgettext
from companion.core.text import without_bidi_controls
from companion.ui import theme
from companion.ui.area_picker import AreaPicker
from companion.ui.body_map import BodyMap
from companion.ui.context import AppContext
from companion.ui.habit_question import HabitQuestion
from companion.ui.page import BesideTheSidebar
from companion.ui.time_field import TimeField
from companion.ui.widgets import (
    FlowRow,
    ReliefPicker,
    WrappingCheckBox,
    button,
    card,
    label,
    toggle_chip,
)

log = logging.getLogger(__name__)

# Quick duration choices: (button text, accessible name, minutes saved)
# The accessible name (untranslated) is also the button's key.
DURATION_CHOICES: tuple[tuple[str, str, float], ...] = (
    (N_("Under 1 min"), N_("Under 1 minute"), 0.5),
    (N_("1–2 min"), N_("1 to 2 minutes"), 1.5),
    (N_("3–5 min"), N_("3 to 5 minutes"), 4.0),
    (N_("5–10 min"), N_("5 to 10 minutes"), 7.5),
    (N_("Over 10 min"), N_("Over 10 minutes"), 12.0),
)
FIELD_WORDS = {
    "bed_time": N_("The bed time"),
    "wake_time": N_("The wake time"),
    "sleep_quality": N_("Sleep quality"),
    "awakenings": N_("The number of awakenings"),
    "morning_soreness": N_("Morning soreness"),
    "factors": N_("A factor"),
    "notes": N_("Your notes"),
    "cramps": N_("A cramp"),
}
#: The answers to "did you stretch before bed?" with each button's accessible name.
STRETCHED_CHOICES: tuple[tuple[bool | None, str, str], ...] = (
    (True, N_("Yes"), N_("Stretched: Yes")),
    (False, N_("No"), N_("Stretched: No")),
    (None, N_("Not sure"), N_("Stretched: Not sure")),
)
#: Cramp or restless legs, with each button's accessible name.
RESTLESS_CHOICES: tuple[tuple[bool | None, str, str], ...] = (
    (False, N_("Cramp (a hard, painful knot)"), N_("It was a cramp")),
    (True, N_("Restless legs (an urge to move)"), N_("It was restless legs")),
    (None, N_("Not sure"), N_("Cramp or restless legs: not sure")),
)
SAVE_ERRORS = DIARY_ERRORS
NOTHING_TO_SAVE = N_(
    "Nothing is chosen yet, so nothing was saved. Tap how you slept, or “No cramps” if the night "
    "had none."
)


# ---- small pure helpers (tested through the page) -----------------------------------------


def local_moment(night: date, clock_time: time) -> datetime:
    """A time of day on a night, as an aware local datetime: afternoon/evening on the night's
    date, after midnight on the next day. Local rules (not a fixed offset) keep DST right."""
    return datetime.combine(day_in_night(night, clock_time), clock_time).astimezone()


def friendly_error(exc: ValidationError) -> str:
    root = exc.field.split("[")[0].split(".")[0]
    what = _(FIELD_WORDS[root]) if root in FIELD_WORDS else exc.field
    return _("{what}: {reason}. Nothing was saved yet; please check it and save again.").format(
        what=what, reason=exc.reason
    )


def face_icon(quality: int, color: str, size: int = 56) -> QIcon:
    """A simple line face from a deep frown (1) to a broad smile (5), drawn in the text colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), size / 16)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    m = size / 10
    p.drawEllipse(int(m), int(m), int(size - 2 * m), int(size - 2 * m))
    eye = size / 14
    p.setBrush(QColor(color))
    p.drawEllipse(QPoint(int(size * 0.36), int(size * 0.4)), int(eye / 2), int(eye / 2))
    p.drawEllipse(QPoint(int(size * 0.64), int(size * 0.4)), int(eye / 2), int(eye / 2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    curve = (quality - 3) * size * 0.09  # >0 smile, <0 frown
    y = size * 0.66 - curve / 2
    path = QPainterPath()
    path.moveTo(size * 0.32, y)
    path.quadTo(size * 0.5, y + curve * 2, size * 0.68, y)
    p.drawPath(path)
    p.end()
    return QIcon(pixmap)


class FlowLayout(QLayout):
    """Chips that wrap onto the next line, like words in a sentence."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, apply: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x = rect.x()
                y += line + self._gap
                line = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class _WaysLayout(FlowLayout):
    """The ways to other nights: one row where it fits (its size hint), on to a second where
    their words are long (Spanish "Todas las noches" with large text), never cut."""

    def sizeHint(self) -> QSize:  # noqa: N802
        hints = [item.sizeHint() for item in self._items]
        width = sum(h.width() for h in hints) + self._gap * max(0, len(hints) - 1)
        return QSize(width, max((h.height() for h in hints), default=0))


def _clear_group(group: QButtonGroup) -> None:
    """Uncheck every button of an exclusive group (Qt refuses while exclusive)."""
    group.setExclusive(False)
    for b in group.buttons():
        b.setChecked(False)
    group.setExclusive(True)


def _discard(widget: QWidget) -> None:
    """Take a widget off screen now; Qt frees it on the next pass of the event loop."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _section_title(text: str) -> QLabel:
    title = label(text)
    title.setStyleSheet("font-weight: 600;")
    return title


# ---- the cramp editor ---------------------------------------------------------------------


class CrampEditor(QFrame):
    """Where, how bad, when, how long, what helped — each a big one-tap choice."""

    accepted = Signal(object)  # Cramp
    cancelled = Signal()

    def __init__(self, look: theme.Look) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.setAccessibleName(_("Cramp details"))
        self._night = date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        self.heading = _section_title(_("Add a cramp"))
        layout.addWidget(self.heading)

        # Where: the map chooses the place; under it, the picker Cramp now uses (its exact-part
        # and leg rows: the map is the place row), kept in step both ways. The picker also holds
        # what the map cannot show (a foot or thigh without the exact part, the leg not said),
        # so the cramp saved is the picker's whichever way it was chosen.
        self.body_map = BodyMap(look)
        self.body_map.both_button.hide()  # the picker's "Both" says it (B still works on the map)
        layout.addWidget(self.body_map)
        self.area_picker = AreaPicker(PLACES, ask_place=False)
        layout.addWidget(self.area_picker)
        self.body_map.regionChosen.connect(self._on_map_chosen)
        self.area_picker.changed.connect(self._on_picker_changed)

        layout.addWidget(
            label(
                _("How bad was it at its worst? Pain {scale}.").format(scale=wording.pain_scale()),
                "muted",
            )
        )
        severities: list[QPushButton] = []
        self.severity_group = QButtonGroup(self)
        self.severity_buttons: dict[int, QPushButton] = {}
        for value in range(1, MAX_SEVERITY + 1):
            b = toggle_chip(number(value), _("Severity {value}").format(value=number(value)))
            b.setMinimumWidth(52)
            b.setStyleSheet("min-height: 44px; font-weight: 600;")
            self.severity_group.addButton(b, value)
            self.severity_buttons[value] = b
            severities.append(b)
        # Ten across where they fit, else five and five: never squeezed, never wider.
        layout.addWidget(FlowRow(severities, spacing=6, fill=True))

        layout.addWidget(label(_("When was it?"), "muted"))
        when_row = FlowLayout()  # wraps when the text is large or the window small
        self.when_group = QButtonGroup(self)
        self.when_buttons: dict[str, QPushButton] = {}
        for part in PARTS_OF_NIGHT:
            b = toggle_chip(part_of_night_label(part), part_of_night_label(part))
            self.when_group.addButton(b)
            self.when_buttons[part] = b
            when_row.addWidget(b)
        self.at_time_button = toggle_chip(_("At a time:"), _("At a time"))
        self.when_group.addButton(self.at_time_button)
        when_row.addWidget(self.at_time_button)
        self.time_edit = TimeField(QTime(2, 0))
        self.time_edit.setAccessibleName(_("Time of the cramp"))
        self.time_edit.setMinimumWidth(110)
        self.time_edit.setEnabled(False)
        when_row.addWidget(self.time_edit)
        self.at_time_button.toggled.connect(self.time_edit.setEnabled)
        self.time_edit.timeChanged.connect(lambda _t: self.at_time_button.setChecked(True))
        layout.addLayout(when_row)

        layout.addWidget(label(_("How long did it last?"), "muted"))
        dur_row = FlowLayout()
        self.duration_group = QButtonGroup(self)
        self.duration_buttons: dict[str, QPushButton] = {}
        for text, name, minutes in DURATION_CHOICES:
            b = toggle_chip(_(text), _(name))
            b.clicked.connect(lambda _on=False, m=minutes: self._set_minutes(m))
            self.duration_group.addButton(b)
            self.duration_buttons[name] = b
            dur_row.addWidget(b)
        # Translators: between the duration buttons and a box to type the minutes
        dur_row.addWidget(label(_("or"), "muted"))
        self.minutes_spin = QDoubleSpinBox()
        self.minutes_spin.setRange(0, MAX_DURATION_MIN)
        self.minutes_spin.setDecimals(1)
        self.minutes_spin.setSingleStep(1)
        self.minutes_spin.setSpecialValueText(_("Not sure"))
        # Translators: the unit after the number of minutes a cramp lasted, with its space
        self.minutes_spin.setSuffix(_(" min"))
        self.minutes_spin.setAccessibleName(_("Minutes"))
        self.minutes_spin.setMinimumWidth(120)
        self.minutes_spin.valueChanged.connect(self._on_minutes_typed)
        dur_row.addWidget(self.minutes_spin)
        layout.addLayout(dur_row)

        layout.addWidget(label(_("What helped?"), "muted"))
        self.relief_picker = ReliefPicker(FlowLayout())
        layout.addWidget(self.relief_picker)

        self.problem = label("", "warning")
        self.problem.setAccessibleName(_("Cramp problem"))
        self.problem.hide()
        layout.addWidget(self.problem)
        actions = QHBoxLayout()
        self.add_button = button(_("Add this cramp"), _("Add this cramp"), primary=True)
        self.add_button.clicked.connect(self._accept)
        cancel = button(_("Cancel"), _("Cancel cramp"))
        cancel.clicked.connect(self.cancelled.emit)
        actions.addWidget(self.add_button)
        actions.addWidget(cancel)
        actions.addStretch(1)
        layout.addLayout(actions)

    def _on_map_chosen(self, area: str, side: str) -> None:
        self.area_picker.set_selection(area, side)

    def _on_picker_changed(self) -> None:
        self._show_on_map(self.area_picker.selection())

    def _show_on_map(self, chosen: tuple[str, str | None] | None) -> None:
        """The map shows the choice when it has a region for it (an exact place and a leg);
        otherwise it shows none, and its line says the choice in words."""
        area, side = chosen or (None, None)
        mappable = area in EXACT_AREAS and side is not None
        self.body_map.set_selection(area if mappable else None, side if mappable else None)
        if chosen is not None and not mappable:
            self.body_map.chosen_label.setText(f"✓ {wording.place_words(*chosen)}")

    def _set_minutes(self, minutes: float) -> None:
        self.minutes_spin.blockSignals(True)
        self.minutes_spin.setValue(minutes)
        self.minutes_spin.blockSignals(False)

    def _on_minutes_typed(self, value: float) -> None:
        match = next((n for _t, n, m in DURATION_CHOICES if abs(m - value) < 1e-9), None)
        if match:
            self.duration_buttons[match].setChecked(True)
        else:
            _clear_group(self.duration_group)

    def start(self, night: date, cramp: Cramp | None = None) -> None:
        """Fill the editor for a new cramp (None) or one being changed."""
        self._night = night
        self.heading.setText(_("Change this cramp") if cramp else _("Add a cramp"))
        action = _("Keep these changes") if cramp else _("Add this cramp")
        self.add_button.setText(action)
        self.add_button.setAccessibleName(action)
        self.problem.hide()
        # A cramp logged in the night may say only "foot" or leave the leg unsaid: the map
        # cannot show that, so it stays empty while the picker keeps the place as logged.
        self.area_picker.set_selection(cramp.area if cramp else None, cramp.side if cramp else None)
        self._show_on_map(self.area_picker.selection())
        if cramp is not None and self.body_map.selection is None:
            self._say(
                _(
                    "Logged as: {place}. Tap the map to say exactly where, or keep it as it is."
                ).format(place=wording.place_words(cramp.area, cramp.side))
            )
        _clear_group(self.severity_group)
        if cramp:
            self.severity_buttons[cramp.severity].setChecked(True)
        _clear_group(self.when_group)
        self.time_edit.blockSignals(True)
        if cramp and cramp.at is not None:
            self.time_edit.setTime(QTime(cramp.at.hour, cramp.at.minute))
            self.at_time_button.setChecked(True)
        else:
            self.time_edit.setTime(QTime(2, 0))
            if cramp and cramp.part_of_night:
                self.when_buttons[cramp.part_of_night].setChecked(True)
        self.time_edit.setEnabled(self.at_time_button.isChecked())
        self.time_edit.blockSignals(False)
        self.minutes_spin.setValue(cramp.duration_min if cramp and cramp.duration_min else 0)
        self.relief_picker.set_chosen(cramp.relief if cramp else ())

    def cramp(self) -> Cramp | None:
        """The cramp described, or None with the missing piece named in plain words."""
        chosen = self.area_picker.selection()
        severity = self.severity_group.checkedId()
        if chosen is None:
            self._say(_("Tap where the cramp was on the map."))
            return None
        if severity < 1:
            self._say(_("Tap a number for how bad it was."))
            return None
        at = None
        part = None
        if self.at_time_button.isChecked():
            t = self.time_edit.time()
            at = local_moment(self._night, time(t.hour(), t.minute()))
        else:
            part = next((k for k, b in self.when_buttons.items() if b.isChecked()), None)
        minutes = self.minutes_spin.value()
        relief = self.relief_picker.chosen()
        return Cramp(
            area=chosen[0],
            side=chosen[1],
            severity=severity,
            at=at,
            duration_min=minutes if minutes > 0 else None,
            relief=relief,
            part_of_night=part,
        )

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _accept(self) -> None:
        cramp = self.cramp()
        if cramp is not None:
            self.problem.hide()
            self.accepted.emit(cramp)


# ---- the nights list ------------------------------------------------------------------------

# Translators: the column headings of the list of logged nights
COLUMNS = (N_("Night"), N_("Sleep"), N_("Cramps"), N_("Worst"), N_("Stretched"))


class NightsModel(QAbstractTableModel):
    """Logged nights, newest first, as plain text (ticks spelled out, never colour alone)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Night] = []

    def set_nights(self, nights: list[Night]) -> None:
        self.beginResetModel()
        self.rows = list(reversed(nights))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        night = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(night, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.describe(night)
        if role == Qt.ItemDataRole.UserRole:
            return night.night
        return None

    @staticmethod
    def text(night: Night, column: int) -> str:
        if column == 0:
            return wording.date_words(night.night, weekday=True)
        if column == 1:
            quality = night.sleep_quality
            if quality is None or quality not in SLEEP_QUALITY_LABELS:
                return "—"
            return sleep_quality_label(quality)
        if column == 2:
            # Translators: the Cramps column of a night without cramps
            return number(len(night.cramps)) if night.cramps else pgettext("cramps", "None")
        if column == 3:
            worst = night.worst_severity
            return _("{severity}/10").format(severity=number(worst)) if worst is not None else "—"
        if night.stretched is None:
            return _("Not sure")
        return _("✓ Yes") if night.stretched else _("No")

    def describe(self, night: Night) -> str:
        return _(
            "Night of {night}: sleep {sleep}, cramps {cramps}, worst {worst}, stretched {stretched}"
        ).format(
            night=wording.night_title(night.night),
            sleep=self.text(night, 1),
            cramps=self.text(night, 2),
            worst=self.text(night, 3),
            stretched=self.text(night, 4),
        )


class NightsList(QWidget):
    """Every logged night, to open, edit or delete."""

    open_night = Signal(object)  # date
    delete_night = Signal(object)  # date

    def __init__(self, point_size: float) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_section_title(_("Your nights")))
        self.empty_label = label(_("No nights logged yet. Your morning notes will show up here."))
        self.empty_label.setProperty("role", "muted")
        layout.addWidget(self.empty_label)
        self.model = NightsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Logged nights"))
        self.table.setAccessibleDescription(
            _("Newest first. Press Enter to open a night, Delete to delete it.")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(int(point_size * 3.2))
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda idx: self._emit(self.open_night, idx.row()))
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = button(_("Open this night"), _("Open this night"), primary=True)
        self.open_button.clicked.connect(lambda: self._emit(self.open_night))
        self.delete_button = button(_("Delete this night"), _("Delete selected night"))
        self.delete_button.setProperty("danger", True)
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_night))
        row.addWidget(self.open_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout.addLayout(row)

    def set_nights(self, nights: list[Night]) -> None:
        current = self.selected_date()
        self.model.set_nights(nights)
        self.empty_label.setVisible(not nights)
        has = bool(nights)
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        if has:
            self.select(current or self.model.rows[0].night)

    def select(self, night: date) -> None:
        for i, n in enumerate(self.model.rows):
            if n.night == night:
                self.table.selectRow(i)
                return
        if self.model.rows:
            self.table.selectRow(0)

    def selected_date(self) -> date | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.rows[rows[0].row()].night

    def _emit(self, signal: SignalInstance, row: int | None = None) -> None:
        if row is not None and 0 <= row < len(self.model.rows):
            signal.emit(self.model.rows[row].night)
            return
        chosen = self.selected_date()
        if chosen is not None:
            signal.emit(chosen)

    def eventFilter(self, obj: Any, event: QEvent) -> bool:  # noqa: N802
        if (
            obj is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._emit(self.open_night)
                return True
            if event.key() == Qt.Key.Key_Delete:
                self._emit(self.delete_night)
                return True
        return super().eventFilter(obj, event)


# ---- the page -------------------------------------------------------------------------------


class WordsBesideButtons(QFrame):
    """Controls with a line of words beside them (the night's state beside the ways to other
    nights; the note's status between Save and Delete) on one line where they fit. Where a
    longer language or large text leaves too little room, the words go on a line of their own
    under the controls, and the controls one under another if even they are too wide together:
    nothing is squeezed, and nothing widens the page."""

    #: The least room the words get beside the controls, in average letters of their font.
    WORDS_LETTERS = 18

    def __init__(
        self, first: QWidget, words: QLabel, last: QWidget | None = None, *, spacing: int = 10
    ) -> None:
        super().__init__()
        self.first, self.words, self.last = first, words, last
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(spacing)
        self.grid.setVerticalSpacing(6)
        self.mode = -1
        self._arrange(0)

    def _arrange(self, mode: int) -> None:
        """0: one line; 1: the controls, then the words; 2: each control, then the words."""
        if mode == self.mode:
            return
        self.mode = mode
        for w in (self.first, self.words, self.last):
            if w is not None:
                self.grid.removeWidget(w)
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        if mode == 0:
            self.grid.addWidget(self.first, 0, 0)
            self.grid.addWidget(self.words, 0, 1)
            if self.last is not None:
                self.grid.addWidget(self.last, 0, 2)
        elif mode == 1:
            self.grid.addWidget(self.first, 0, 0, 1, 3 if self.last is None else 2)
            if self.last is not None:
                self.grid.addWidget(self.last, 0, 2, right)
            self.grid.addWidget(self.words, 1, 0, 1, 3)
        else:
            self.grid.addWidget(self.first, 0, 0, 1, 3)
            rows = 1
            if self.last is not None:
                self.grid.addWidget(self.last, 1, 0, 1, 3, left)
                rows = 2
            self.grid.addWidget(self.words, rows, 0, 1, 3)
        self.grid.setColumnStretch(1, 1)
        self.updateGeometry()

    @staticmethod
    def _one_line(widget: QWidget) -> int:
        """How wide ``widget`` is on one line (a FlowRow's buttons all in one row, whatever
        rows it has now)."""
        if isinstance(widget, FlowRow):
            shown = [b for b in widget.buttons if not b.isHidden()]
            gaps = widget.grid.horizontalSpacing() * max(0, len(shown) - 1)
            return sum(b.sizeHint().width() for b in shown) + gaps
        return widget.sizeHint().width()

    def _mode_for(self, width: int) -> int:
        spacing = self.grid.horizontalSpacing()
        controls = [w for w in (self.first, self.last) if w is not None and not w.isHidden()]
        needed = sum(self._one_line(w) for w in controls) + spacing * (len(controls) - 1)
        words = self.words.fontMetrics().averageCharWidth() * self.WORDS_LETTERS
        if needed + spacing + words <= width:
            return 0
        return 1 if needed <= width else 2

    def refit(self) -> None:
        """Place them again for the width there is (and the controls' words now)."""
        self._arrange(self._mode_for(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.refit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        widest = max(w.minimumSizeHint().width() for w in (self.first, self.last) if w)
        return QSize(widest, super().minimumSizeHint().height())


class LabelsAboveWhenNarrow(QFrame):
    """A two-column form (what is asked | the answer) that puts each question above its answer
    when the card is too narrow for both side by side (a longer language, large text), rather
    than widening the page so that it scrolls sideways."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self._cells: list[tuple[QLayoutItem, int, int, int]] | None = None  # item, row, col, span
        self.stacked = False

    def _side_by_side(self) -> list[tuple[QLayoutItem, int, int, int]]:
        """Where each item sits side by side: read from the grid while it is so (the form may
        still be growing), kept from then on while stacked."""
        if not self.stacked or self._cells is None:
            cells: list[tuple[QLayoutItem, int, int, int]] = []
            for index in range(self.grid.count()):
                # PySide6 types the four numbers it returns as a bare object.
                position = cast("tuple[int, int, int, int]", self.grid.getItemPosition(index))
                row, column, _rows, columns = position
                item = self.grid.itemAt(index)
                if item is not None:
                    cells.append((item, row, column, columns))
            self._cells = cells
        return self._cells

    def _needed(self) -> int:
        """The width both columns take side by side at their least."""
        widest = [0, 0]
        for item, _row, column, span in self._side_by_side():
            if span == 1:
                widest[column] = max(widest[column], item.minimumSize().width())
        margins = self.grid.contentsMargins()
        spacing = self.grid.horizontalSpacing()
        return sum(widest) + spacing + margins.left() + margins.right()

    def _place(self, stacked: bool) -> None:
        if stacked == self.stacked:
            return
        cells = self._side_by_side()
        while self.grid.count():
            self.grid.takeAt(0)
        for item, row, column, span in cells:
            if stacked:
                self.grid.addItem(item, 2 * row + column, 0, 1, 2, item.alignment())
            else:
                self.grid.addItem(item, row, column, 1, span, item.alignment())
        self.stacked = stacked
        self.grid.invalidate()
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place(self.width() < self._needed())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        cells = self._side_by_side()
        widest = max((item.minimumSize().width() for item, *_ in cells), default=0)
        margins = self.grid.contentsMargins()
        return QSize(widest + margins.left() + margins.right(), super().minimumSizeHint().height())


class MorningPage(BesideTheSidebar, QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setAccessibleName(_("Morning"))
        self._loading = False
        self._status_saved = False  # the status line says the note is saved (not its words)
        self._dirty = False
        self._drafts: dict[date, Night] = {}
        self._draft_no_cramps: dict[date, bool] = {}
        self._auto_stretched = False  # "Yes" was filled in from a finished routine, not chosen
        self._existing: Night | None = None
        self._noted = False  # the morning note of the night shown was saved
        self._cramps: list[Cramp] = []
        self._editing_index: int | None = None
        self._deleted: Night | None = None
        self._deleted_noted = False
        self._list_stale = True
        self._writing = False  # this page's own save, delete or undo is being committed
        self._default_night = self.default_night()
        self.night = self._default_night

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 8)
        outer.setSpacing(10)
        outer.addLayout(self._build_header())
        outer.addWidget(self._build_undo_banner())
        self.views = QStackedWidget()
        self.note_view = self._build_note()
        self.nights_list = NightsList(ctx.look.point_size)
        self.nights_list.open_night.connect(self.open_night_from_list)
        self.nights_list.delete_night.connect(self.delete_night)
        # Hidden behind the note, the list's height must not take the note's room away (its
        # table scrolls where it is shown, and the footer then hides).
        policy = self.nights_list.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
        self.nights_list.setSizePolicy(policy)
        self.views.addWidget(self.note_view)
        self.views.addWidget(self.nights_list)
        outer.addWidget(self.views, 1)
        outer.addWidget(self._build_footer())
        # Ctrl+S and Ctrl+Enter save from anywhere on the page (even from the notes box).
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, self._save_by_key)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        ctx.diary_changed.connect(self._on_diary_changed)
        ctx.theme_changed.connect(self._recolour)
        self.load(self.night)

    # ---- building -------------------------------------------------------------------------
    def _build_header(self) -> QVBoxLayout:
        """The night's title on a line of its own, the ways to other nights below it: beside
        the buttons, a large-text title wrapped into four lines and hid most of the form."""
        header = QVBoxLayout()
        header.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.earlier_button = button(_("‹ Earlier"), _("Earlier night"), tip=_("The night before"))
        self.earlier_button.clicked.connect(lambda: self.go_to(self.night - timedelta(days=1)))
        row.addWidget(self.earlier_button)
        self.title_label = label("", "title")
        self.title_label.setAccessibleName(_("Night shown"))
        self.subtitle_label = label("", "muted")
        header.addWidget(self.title_label)
        self.later_button = button(_("Later ›"), _("Later night"), tip=_("The night after"))
        self.later_button.clicked.connect(lambda: self.go_to(self.night + timedelta(days=1)))
        row.addWidget(self.later_button)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        # Qt names the months in the widget's locale: the app's language, not the system's.
        self.date_edit.setLocale(QLocale(current_language()))
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setAccessibleName(_("Go to night"))
        self.date_edit.setToolTip(_("Pick the date of the evening the night began"))
        self.date_edit.dateChanged.connect(
            lambda d: self.go_to(date(d.year(), d.month(), d.day())) if not self._loading else None
        )
        row.addWidget(self.date_edit)
        self.list_button = button(
            _("All nights"), _("All nights"), tip=_("See, open or delete any night")
        )
        self.list_button.setCheckable(True)
        self.list_button.toggled.connect(self.show_list)
        row.addWidget(self.list_button)
        ways: list[QWidget] = [
            self.earlier_button,
            self.later_button,
            self.date_edit,
            self.list_button,
        ]
        self.ways = QWidget()
        flow = _WaysLayout(self.ways, spacing=10)
        for way in ways:
            row.removeWidget(way)
            flow.addWidget(way)
        line = QHBoxLayout()
        line.addWidget(self.ways, 3)
        line.addSpacing(6)
        line.addWidget(self.subtitle_label, 1)
        header.addLayout(line)
        return header

    def _build_undo_banner(self) -> QFrame:
        self.undo_banner = QFrame()
        self.undo_banner.setProperty("role", "banner")
        row = QHBoxLayout(self.undo_banner)
        row.setContentsMargins(16, 8, 8, 8)
        self.undo_label = label("")
        self.undo_label.setAccessibleName(_("Deleted"))
        row.addWidget(self.undo_label, 1)
        self.undo_button = button(_("Undo"), _("Undo delete"), primary=True)
        self.undo_button.clicked.connect(self.undo_delete)
        row.addWidget(self.undo_button)
        dismiss = button(_("Dismiss"), _("Dismiss undo"))
        dismiss.clicked.connect(self.undo_banner.hide)
        row.addWidget(dismiss)
        self.undo_banner.hide()
        return self.undo_banner

    def _build_note(self) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(_("Morning note"))
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 4, 8, 12)
        col.setSpacing(14)

        # sleep quality -------------------------------------------------------------------
        sleep_card = card()
        sleep = QVBoxLayout(sleep_card)
        sleep.setContentsMargins(20, 14, 20, 14)
        sleep.addWidget(_section_title(_("How did you sleep?")))
        faces: list[QToolButton] = []
        self.quality_group = QButtonGroup(self)
        self.quality_buttons: dict[int, QToolButton] = {}
        for value in SLEEP_QUALITY_LABELS:
            text = sleep_quality_label(value)
            b = QToolButton()
            b.setText(text)
            b.setCheckable(True)
            b.setAccessibleName(_("Sleep: {quality}").format(quality=text))
            b.setAccessibleDescription(_("Sleep quality {value} of 5").format(value=number(value)))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            b.setIconSize(QSize(48, 48))
            b.setMinimumSize(112, 104)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.quality_group.addButton(b, value)
            self.quality_buttons[value] = b
            faces.append(b)
        self.quality_group.idToggled.connect(self._on_quality_toggled)
        # Five across the card where they fit, else on to a second row (never wider than it).
        sleep.addWidget(FlowRow(faces, fill=True))
        col.addWidget(sleep_card)
        # The personal experiment's yes/no for a habit of the user's own (hidden otherwise).
        self.habit_question = HabitQuestion(self.ctx)
        self.habit_question.changed.connect(self._mark_dirty)
        col.addWidget(self.habit_question)

        # cramps ----------------------------------------------------------------------------
        cramps_card = card()
        cramps = QVBoxLayout(cramps_card)
        cramps.setContentsMargins(20, 14, 20, 14)
        cramps.addWidget(_section_title(_("Cramps")))
        self.no_cramps_label = label(_("No cramps added for this night."), "muted")
        cramps.addWidget(self.no_cramps_label)
        self.cramp_rows = QVBoxLayout()
        self.cramp_rows.setSpacing(6)
        cramps.addLayout(self.cramp_rows)
        add_row = QHBoxLayout()
        self.add_cramp_button = button(_("Add a cramp"), _("Add a cramp"))
        self.add_cramp_button.clicked.connect(lambda: self.open_cramp_editor(None))
        add_row.addWidget(self.add_cramp_button)
        # Saying "no cramps" is a choice of its own: an empty form is never saved as a quiet night.
        self.no_cramps_chip = toggle_chip(_("No cramps"), _("No cramps"))
        self.no_cramps_chip.setToolTip(_("Tap when this night had no cramps"))
        self.no_cramps_chip.toggled.connect(self._mark_dirty)
        add_row.addWidget(self.no_cramps_chip)
        add_row.addStretch(1)
        cramps.addLayout(add_row)
        self.cramp_editor = CrampEditor(self.ctx.look)
        self.cramp_editor.accepted.connect(self._cramp_accepted)
        self.cramp_editor.cancelled.connect(self.close_cramp_editor)
        self.cramp_editor.hide()
        cramps.addWidget(self.cramp_editor)
        col.addWidget(cramps_card)

        # red flags -------------------------------------------------------------------------
        flags_card = card()
        flags = QVBoxLayout(flags_card)
        flags.setContentsMargins(20, 14, 20, 14)
        flags.addWidget(_section_title(_("Did you notice any of these?")))
        grid = QGridLayout()
        self.flag_boxes: dict[str, QCheckBox] = {}
        order = ("swelling", "numbness", "weakness", "long_cramp", "unrelieved_pain")
        for i, key in enumerate(order):
            box = WrappingCheckBox(red_flag_label(key))  # wraps: never widens the form
            box.setAccessibleName(red_flag_label(key))
            box.toggled.connect(self._on_flags_changed)
            self.flag_boxes[key] = box
            grid.addWidget(box, i, 0)  # one column: the long ones never push the page wide
        flags.addLayout(grid)
        self.advice_box = QFrame()
        self.advice_box.setProperty("role", "banner")
        advice = QVBoxLayout(self.advice_box)
        advice.setContentsMargins(16, 10, 16, 10)
        self.advice_title = label(_("⚠  Worth a check with your doctor"), "warning")
        self.advice_title.setStyleSheet("font-weight: 600;")
        advice.addWidget(self.advice_title)
        self.advice_label = label("")
        self.advice_label.setAccessibleName(_("Advice"))
        advice.addWidget(self.advice_label)
        self.advice_box.hide()
        flags.addWidget(self.advice_box)
        col.addWidget(flags_card)

        # optional --------------------------------------------------------------------------
        self.more_button = button("▸  " + _("More details (optional)"), _("More details"))
        self.more_button.setCheckable(True)
        self.more_button.setStyleSheet(
            "QPushButton { text-align: left; }"
            "QPushButton:checked { background: palette(button); color: palette(button-text);"
            " border: 1px solid palette(mid); }"
        )
        self.more_button.toggled.connect(self._on_more_toggled)
        col.addWidget(self.more_button)
        self.more_box = self._build_more()
        self.more_box.hide()
        col.addWidget(self.more_box)
        col.addStretch(1)
        scroll.setWidget(body)
        return scroll

    def _build_more(self) -> QFrame:
        box = LabelsAboveWhenNarrow()
        box.setProperty("role", "card")
        form = box.grid
        form.setContentsMargins(20, 14, 20, 14)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(12)
        r = 0

        self.bed_check = QCheckBox(_("Bed time"))
        self.bed_check.setAccessibleName(_("I know my bed time"))
        self.bed_edit = TimeField(QTime(22, 30))
        self.bed_edit.setAccessibleName(_("Bed time"))
        self.bed_edit.setEnabled(False)
        self.bed_check.toggled.connect(self.bed_edit.setEnabled)
        self.wake_check = QCheckBox(_("Wake time"))
        self.wake_check.setAccessibleName(_("I know my wake time"))
        self.wake_edit = TimeField(QTime(7, 0))
        self.wake_edit.setAccessibleName(_("Wake time"))
        self.wake_edit.setEnabled(False)
        self.wake_check.toggled.connect(self.wake_edit.setEnabled)
        for check, edit in ((self.bed_check, self.bed_edit), (self.wake_check, self.wake_edit)):
            edit.setMinimumWidth(120)
            form.addWidget(check, r, 0)
            form.addWidget(edit, r, 1, Qt.AlignmentFlag.AlignLeft)
            r += 1

        self.awakenings_spin = QSpinBox()
        self.awakenings_spin.setRange(-1, MAX_AWAKENINGS)
        self.awakenings_spin.setSpecialValueText(_("Not sure"))
        self.awakenings_spin.setAccessibleName(_("Times you woke up"))
        self.awakenings_spin.setMinimumWidth(120)
        self.soreness_spin = QSpinBox()
        self.soreness_spin.setRange(-1, MAX_SORENESS)
        self.soreness_spin.setSpecialValueText(_("Not sure"))
        self.soreness_spin.setSuffix(" / 10")
        self.soreness_spin.setAccessibleName(_("Morning soreness, 0 to 10"))
        self.soreness_spin.setMinimumWidth(120)
        form.addWidget(label(_("Times you woke up")), r, 0)
        form.addWidget(self.awakenings_spin, r, 1, Qt.AlignmentFlag.AlignLeft)
        r += 1
        form.addWidget(label(_("Soreness this morning")), r, 0)
        sore_row = QHBoxLayout()
        sore_row.addWidget(self.soreness_spin)
        sore_row.addWidget(label(_("0 = none, 10 = the worst"), "muted"), 1)
        form.addLayout(sore_row, r, 1)
        r += 1

        form.addWidget(label(_("Did you stretch before bed?")), r, 0)
        self.stretched_group = QButtonGroup(self)
        self.stretched_buttons: dict[bool | None, QPushButton] = {}
        stretched_row = FlowLayout()
        for value, text, name in STRETCHED_CHOICES:
            b = toggle_chip(_(text), _(name))
            self.stretched_group.addButton(b)
            self.stretched_buttons[value] = b
            stretched_row.addWidget(b)
        form.addLayout(stretched_row, r, 1)
        r += 1
        self.stretched_hint = label("", "muted")
        self.stretched_hint.hide()
        form.addWidget(self.stretched_hint, r, 1)
        r += 1

        form.addWidget(label(_("Was it a cramp or restless legs?")), r, 0)
        self.restless_group = QButtonGroup(self)
        self.restless_buttons: dict[bool | None, QPushButton] = {}
        restless_row = FlowLayout()
        for value, text, name in RESTLESS_CHOICES:
            b = toggle_chip(_(text), _(name))
            self.restless_group.addButton(b)
            self.restless_buttons[value] = b
            restless_row.addWidget(b)
        form.addLayout(restless_row, r, 1)
        r += 1

        form.addWidget(label(_("Anything that might matter?")), r, 0, Qt.AlignmentFlag.AlignTop)
        factors_col = QVBoxLayout()
        self.factor_holder = QWidget()
        self.factor_flow = FlowLayout(self.factor_holder)
        factors_col.addWidget(self.factor_holder)
        own = QHBoxLayout()
        self.own_factor = QLineEdit()
        self.own_factor.setMaxLength(MAX_FACTOR_LABEL)
        self.own_factor.setPlaceholderText(
            _("Add your own (up to {count} letters)").format(count=number(MAX_FACTOR_LABEL))
        )
        self.own_factor.setAccessibleName(_("Your own factor"))
        self.own_factor.returnPressed.connect(self.add_own_factor)
        # Translators: the button that adds the factor typed beside it
        add_own = button(_("Add"), _("Add your own factor"))
        add_own.clicked.connect(self.add_own_factor)
        own.addWidget(self.own_factor, 1)
        own.addWidget(add_own)
        factors_col.addLayout(own)
        form.addLayout(factors_col, r, 1)
        r += 1
        self.factor_chips: dict[str, QPushButton] = {}

        form.addWidget(label(_("Notes")), r, 0, Qt.AlignmentFlag.AlignTop)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setPlaceholderText(_("Anything you want to remember about this night"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(90)
        form.addWidget(self.notes_edit, r, 1)
        form.setColumnStretch(1, 1)

        for signal in (
            self.bed_check.toggled,
            self.bed_edit.timeChanged,
            self.wake_check.toggled,
            self.wake_edit.timeChanged,
            self.awakenings_spin.valueChanged,
            self.soreness_spin.valueChanged,
            self.stretched_group.buttonToggled,
            self.restless_group.buttonToggled,
            self.notes_edit.textChanged,
        ):
            signal.connect(self._mark_dirty)
        self.stretched_group.buttonToggled.connect(self._on_stretched_chosen)
        return box

    def _build_footer(self) -> QFrame:
        self.save_button = button(_("No cramps — save"), _("No cramps — save"), primary=True)
        self.save_button.setStyleSheet("min-height: 2.2em;")
        self.save_button.clicked.connect(self.save)
        self.save_button.setToolTip(_("Save this note (Ctrl+S or Ctrl+Enter)"))
        self.status_label = label("")
        self.status_label.setAccessibleName(_("Note status"))
        self.delete_button = button(_("Delete this night"), _("Delete this night"))
        self.delete_button.setProperty("danger", True)
        self.delete_button.clicked.connect(lambda: self.delete_night(self.night))
        self.footer = WordsBesideButtons(self.save_button, self.status_label, self.delete_button)
        self.footer.setContentsMargins(0, 4, 0, 0)
        return self.footer

    # ---- navigation -------------------------------------------------------------------------
    def latest_night(self) -> date:
        return night_of(self.ctx.clock.now())

    def default_night(self) -> date:
        """The night you would write about now: last night (the evening before today)."""
        return self.ctx.clock.now().date() - timedelta(days=1)

    def go_to(self, night: date) -> None:
        night = min(night, self.latest_night())
        if night == self.night and not self._loading:
            self._sync_header()
            return
        self._keep_draft()
        self.load(night)

    def show_list(self, on: bool) -> None:
        if on:
            self._keep_draft()
            if self._list_stale:
                self._refresh_list()
            self.nights_list.select(self.night)
            self.views.setCurrentWidget(self.nights_list)
            self.nights_list.table.setFocus()
        else:
            self.views.setCurrentWidget(self.note_view)
        self.footer.setVisible(not on)
        for w in (self.earlier_button, self.later_button, self.date_edit, self.subtitle_label):
            w.setVisible(not on)
        if on:
            self.title_label.setText(_("All your nights"))
        else:
            self._sync_header()
        self.list_button.setText(_("Back to the note") if on else _("All nights"))
        self.list_button.setAccessibleName(_("Back to the note") if on else _("All nights"))

    def open_night_from_list(self, night: date) -> None:
        self.list_button.setChecked(False)
        self.go_to(night)

    def on_page_shown(self) -> None:
        """After a night passes with the app open, start on the new 'last night'."""
        new_default = self.default_night()
        if new_default != self._default_night:
            was_on_default = self.night == self._default_night
            self._default_night = new_default
            if was_on_default and not self._dirty:
                self.load(new_default)
                return
        self._sync_header()

    # ---- loading and collecting ----------------------------------------------------------
    def _keep_draft(self) -> None:
        if self._dirty:
            self._drafts[self.night] = self.collect()
            self._draft_no_cramps[self.night] = self.no_cramps_chip.isChecked()

    def load(self, night: date) -> None:
        """Show a night: an unsaved draft if there is one, else the saved record, else empty."""
        self.night = night
        store = self.ctx.store
        try:
            self._existing = store.get_night(night) if store is not None else None
            self._noted = (
                store is not None and self._existing is not None and store.has_morning_note(night)
            )
        except SAVE_ERRORS as exc:
            log.warning("could not read night %s: %s", night, exc)
            self._existing = None
            self._noted = False
            self._set_status(_("This night could not be read from your diary just now."))
        draft = self._drafts.pop(night, None)
        said_none = self._draft_no_cramps.pop(night, None)
        record = draft or self._existing or Night(night=night)
        self._fill(record)
        if said_none is None:  # a saved note without cramps said so when it was saved
            said_none = draft is None and self._noted and not record.cramps
        self._loading, was = True, self._loading
        self.no_cramps_chip.setChecked(said_none and not record.cramps)
        self._loading = was
        self._dirty = draft is not None
        self._sync_header()
        if draft is not None:
            self._set_status(_("Not saved yet."))
        elif self._existing is not None and not self._noted:
            self._set_status(
                _("Logged in the night. Add how you slept and save to finish the note.")
            )
        elif self._existing is not None:
            self._set_status(_("Saved. You can change anything and save again."), saved=True)
        else:
            self._set_status("")

    def _fill(self, record: Night) -> None:
        self._loading = True
        try:
            _clear_group(self.quality_group)
            if record.sleep_quality in self.quality_buttons:
                self.quality_buttons[record.sleep_quality].setChecked(True)
            self._update_quality_texts()
            self._cramps = list(record.cramps)
            self.close_cramp_editor()
            self._rebuild_cramp_rows()
            for key, box in self.flag_boxes.items():
                box.setChecked(key in record.red_flags)
            self._on_flags_changed()

            self.bed_check.setChecked(record.bed_time is not None)
            if record.bed_time is not None:
                self.bed_edit.setTime(QTime(record.bed_time.hour, record.bed_time.minute))
            else:
                hh, mm = (int(x) for x in self.ctx.settings.bedtime.split(":"))
                self.bed_edit.setTime(QTime(hh, mm))
            self.wake_check.setChecked(record.wake_time is not None)
            if record.wake_time is not None:
                self.wake_edit.setTime(QTime(record.wake_time.hour, record.wake_time.minute))
            self.awakenings_spin.setValue(-1 if record.awakenings is None else record.awakenings)
            self.soreness_spin.setValue(
                -1 if record.morning_soreness is None else record.morning_soreness
            )
            stretched = record.stretched
            if stretched is None:
                stretched = stretched_on_night(None, self._completed_routine(record.night))
            hint = (
                _("You finished a routine in the app that night.")
                if stretched is not record.stretched
                else ""
            )
            _clear_group(self.stretched_group)
            self.stretched_buttons[stretched].setChecked(True)
            self._auto_stretched = bool(hint)
            self.stretched_hint.setText(hint)
            self.stretched_hint.setVisible(bool(hint))
            _clear_group(self.restless_group)
            self.restless_buttons[record.restless_legs].setChecked(True)
            self._rebuild_factor_chips(record.factors)
            self.notes_edit.setPlainText(without_bidi_controls(record.notes))
            self.habit_question.show_for(record.night, record.habit_done)
            self.own_factor.clear()
            optional = any(
                (
                    record.bed_time,
                    record.wake_time,
                    record.awakenings is not None,
                    record.morning_soreness is not None,
                    record.factors,
                    record.notes,
                    record.restless_legs is not None,
                )
            )
            self.more_button.setChecked(optional)
        finally:
            self._loading = False

    def _completed_routine(self, night: date) -> bool:
        store = self.ctx.store
        if store is None:
            return False
        try:
            return any(s.completed for s in store.routine_sessions(night, night))
        except SAVE_ERRORS:
            return False

    def collect(self) -> Night:
        """The form as a Night, exactly as typed (validation happens on save)."""
        quality = self.quality_group.checkedId()
        bed = wake = None
        if self.bed_check.isChecked():
            t = self.bed_edit.time()
            bed = local_moment(self.night, time(t.hour(), t.minute()))
        if self.wake_check.isChecked():
            t = self.wake_edit.time()
            wake = datetime.combine(self.night + timedelta(days=1), time(t.hour(), t.minute()))
            wake = wake.astimezone()
        stretched = next((k for k, b in self.stretched_buttons.items() if b.isChecked()), None)
        restless = next((k for k, b in self.restless_buttons.items() if b.isChecked()), None)
        factors = tuple(k for k, chip in self.factor_chips.items() if chip.isChecked())
        flags = tuple(k for k in RED_FLAGS if self.flag_boxes[k].isChecked())
        awake = self.awakenings_spin.value()
        sore = self.soreness_spin.value()
        return Night(
            night=self.night,
            bed_time=bed,
            wake_time=wake,
            sleep_quality=quality if quality > 0 else None,
            awakenings=None if awake < 0 else awake,
            morning_soreness=None if sore < 0 else sore,
            stretched=stretched,
            factors=factors,
            red_flags=flags,
            notes=self.notes_edit.toPlainText(),
            restless_legs=restless,
            habit_done=self.habit_question.answer(),
            cramps=tuple(self._cramps),
        )

    # ---- the form's parts -------------------------------------------------------------------
    def _on_stretched_chosen(self, *_args: object) -> None:
        if not self._loading:
            self._auto_stretched = False

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True
            if self._status_saved:
                self._set_status(_("Changed — not saved yet."))

    def _set_status(self, text: str, *, saved: bool = False) -> None:
        """The line beside Save; ``saved`` says it reports a saved note (a change then says
        it is not saved any more), so nothing reads the line's translated words back."""
        self.status_label.setText(text)
        self._status_saved = saved

    def _on_quality_toggled(self, _id: int, _on: bool) -> None:
        self._update_quality_texts()
        self._mark_dirty()

    def _update_quality_texts(self) -> None:
        colors = self.ctx.look.colors
        for value, b in self.quality_buttons.items():
            text = sleep_quality_label(value)
            b.setText(("✓ " if b.isChecked() else "") + text)
            b.setIcon(face_icon(value, colors.accent_text if b.isChecked() else colors.text))

    def _on_flags_changed(self, *_args: object) -> None:
        flags = [k for k in RED_FLAGS if self.flag_boxes[k].isChecked()]
        advice = red_flag_advice(flags)
        self.advice_box.setVisible(advice is not None)
        if advice:
            urgent = "swelling" in flags
            self.advice_title.setText(
                _("⚠  Please get this checked today")
                if urgent
                else _("⚠  Worth a check with your doctor")
            )
            self.advice_label.setText(advice)
        self._mark_dirty()

    def _on_more_toggled(self, on: bool) -> None:
        self.more_box.setVisible(on)
        self.more_button.setText(("▾  " if on else "▸  ") + _("More details (optional)"))

    def _rebuild_factor_chips(self, chosen: tuple[str, ...]) -> None:
        for chip in self.factor_chips.values():
            self.factor_flow.removeWidget(chip)
            _discard(chip)
        self.factor_chips = {}
        labels: list[str] = list(BUILTIN_FACTORS)
        try:
            custom = self.ctx.store.custom_factors() if self.ctx.store is not None else []
        except SAVE_ERRORS:
            custom = []
        for extra in list(custom) + list(chosen):
            if extra not in labels:
                labels.append(extra)
        for key in labels:
            self._add_factortoggle_chip(key, key in chosen)

    def _add_factortoggle_chip(self, key: str, checked: bool) -> QPushButton:
        # A built-in factor in the language; one the user typed stays as typed.
        text = factor_label(key) if key in FACTOR_LABELS else without_bidi_controls(key)
        chip = toggle_chip(text, _("Factor: {factor}").format(factor=text))
        chip.setChecked(checked)
        chip.toggled.connect(self._mark_dirty)
        self.factor_chips[key] = chip
        self.factor_flow.addWidget(chip)
        chip.show()
        return chip

    def add_own_factor(self) -> None:
        text = self.own_factor.text().strip()
        if not text:
            self._set_status(_("Type a word or two for your own factor first."))
            return
        existing = next(
            (
                k
                for k in self.factor_chips
                if k.casefold() == text.casefold()
                or (
                    k in FACTOR_LABELS
                    # typed as shown, in the language or in English
                    and text.casefold() in (factor_label(k).casefold(), FACTOR_LABELS[k].casefold())
                )
            ),
            None,
        )
        if existing:
            self.factor_chips[existing].setChecked(True)
        else:
            self._add_factortoggle_chip(text, True)
            self._mark_dirty()
        self.own_factor.clear()

    # ---- cramps -----------------------------------------------------------------------------
    def open_cramp_editor(self, index: int | None) -> None:
        self._editing_index = index
        cramp = self._cramps[index] if index is not None else None
        self.cramp_editor.start(self.night, cramp)
        self.cramp_editor.show()
        self.add_cramp_button.hide()
        self._sync_save_label()
        self.cramp_editor.body_map.setFocus()
        # Once the form has been laid out with the editor in it (its place is not known yet).
        QTimer.singleShot(0, self._scroll_to_cramp_editor)

    def _scroll_to_cramp_editor(self) -> None:
        form = self.note_view.widget()  # the scrolled form, set when the page was built
        if self.cramp_editor.isVisible() and form is not None:
            bar = self.note_view.verticalScrollBar()
            top = self.cramp_editor.mapTo(form, QPoint(0, 0)).y()
            bar.setValue(min(bar.maximum(), max(0, top - 12)))

    def close_cramp_editor(self) -> None:
        self.cramp_editor.hide()
        self.add_cramp_button.show()
        self._editing_index = None
        self._sync_save_label()

    def _cramp_accepted(self, cramp: Cramp) -> None:
        if self._editing_index is not None and 0 <= self._editing_index < len(self._cramps):
            self._cramps[self._editing_index] = cramp
        else:
            self._cramps.append(cramp)
        self.close_cramp_editor()
        self._rebuild_cramp_rows()
        self._mark_dirty()
        self.add_cramp_button.setFocus()

    def remove_cramp(self, index: int) -> None:
        if 0 <= index < len(self._cramps):
            del self._cramps[index]
            self._rebuild_cramp_rows()
            self._mark_dirty()

    def _rebuild_cramp_rows(self) -> None:
        while self.cramp_rows.count():
            item = self.cramp_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                _discard(widget)
        for i, cramp in enumerate(self._cramps):
            row = QFrame()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            index = number(i + 1)
            # Translators: a numbered line of the night's cramps: "1.  Left calf, 7/10, …"
            text = label(
                _("{index}.  {summary}").format(index=index, summary=wording.cramp_summary(cramp))
            )
            text.setAccessibleName(_("Cramp {index}").format(index=index))
            line.addWidget(text, 1)
            edit = button(_("Change"), _("Change cramp {index}").format(index=index))
            edit.clicked.connect(lambda _on=False, k=i: self.open_cramp_editor(k))
            remove = button(_("Remove"), _("Remove cramp {index}").format(index=index))
            remove.clicked.connect(lambda _on=False, k=i: self.remove_cramp(k))
            line.addWidget(edit)
            line.addWidget(remove)
            self.cramp_rows.addWidget(row)
            row.show()  # at once, not on the next event-loop pass
        self.no_cramps_label.setVisible(not self._cramps)
        if self._cramps:
            self.no_cramps_chip.setChecked(False)
        self.no_cramps_chip.setVisible(not self._cramps)
        self.add_cramp_button.setText(_("Add another cramp") if self._cramps else _("Add a cramp"))
        self.add_cramp_button.setAccessibleName(_("Add a cramp"))
        self._sync_save_label()

    def _sync_save_label(self) -> None:
        """The save button says what saving will do: with the cramp being added, with the
        cramps listed, or a night without cramps."""
        if not self.cramp_editor.isHidden():
            text = _("Save with this cramp")
        elif self._cramps:
            # Translators: the button that saves the morning note
            text = _("Save")
        else:
            text = _("No cramps — save")
        self.save_button.setText(text)
        self.save_button.setAccessibleName(text)
        self.footer.refit()

    def cramp_texts(self) -> list[str]:
        return [wording.cramp_summary(c) for c in self._cramps]

    # ---- saving, deleting -------------------------------------------------------------------
    def _save_by_key(self) -> None:
        if self.views.currentWidget() is self.note_view:
            self.save()

    def save(self) -> bool:
        """Save the note; on any failure say so calmly and keep every field as typed."""
        if not self.cramp_editor.isHidden():
            pending = self.cramp_editor.cramp()
            if pending is None:
                self._set_status(_("Finish or cancel the cramp you are adding first."))
                return False
            self._cramp_accepted(pending)
        record = self.collect()
        chosen = replace(record, stretched=None) if self._auto_stretched else record
        if not night_has_information(chosen, no_cramps_said=self.no_cramps_chip.isChecked()):
            self._set_status(_(NOTHING_TO_SAVE))
            return False
        try:
            validate_night(record)
        except ValidationError as exc:
            self._set_status(friendly_error(exc))
            return False
        store = self.ctx.store
        if store is None:
            self._set_status(_("Your diary is not open, so this note could not be saved."))
            return False
        try:
            self._writing = True
            store.save_night(record, morning_note=True)
        except SAVE_ERRORS as exc:
            log.warning("morning note not saved: %s", exc)
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            self._set_status(
                _(
                    "Your note could not be saved just now ({reason}). Everything you entered "
                    "is still here; please try Save again in a moment."
                ).format(reason=reason)
            )
            return False
        finally:
            self._writing = False
        self._dirty = False
        self._drafts.pop(self.night, None)
        self._draft_no_cramps.pop(self.night, None)
        self._existing = record
        self._noted = True
        self._list_stale = True
        self._set_status(_("Saved."), saved=True)
        self.ctx.message.emit(_("Saved."))
        self._show_the_diary_as_it_is()
        self._sync_header()
        return True

    def delete_night(self, night: date) -> None:
        store = self.ctx.store
        if store is None:
            return
        try:
            noted = store.has_morning_note(night)
            self._writing = True
            deleted = store.delete_night(night)
        except SAVE_ERRORS as exc:
            log.warning("night not deleted: %s", exc)
            self._set_status(_("That night could not be deleted just now. Nothing changed."))
            return
        finally:
            self._writing = False
        self._drafts.pop(night, None)
        self._draft_no_cramps.pop(night, None)
        if deleted is None:
            if night == self.night:
                self.load(night)  # nothing saved: just clear the unsaved form
            return
        self._deleted = deleted
        self._deleted_noted = noted
        self.undo_label.setText(
            _("Night of {night} deleted.").format(night=wording.night_title(night))
        )
        self.undo_banner.show()
        self.undo_button.setFocus()
        self._list_stale = True
        if night == self.night:
            self._dirty = False
        self.ctx.message.emit(_("Night deleted."))
        self._show_the_diary_as_it_is()

    def undo_delete(self) -> None:
        if self._deleted is None or self.ctx.store is None:
            self.undo_banner.hide()
            return
        try:
            self._writing = True
            self.ctx.store.save_night(self._deleted, morning_note=self._deleted_noted)
        except SAVE_ERRORS as exc:
            log.warning("undo failed: %s", exc)
            self.undo_label.setText(_("The night could not be put back just now. Try Undo again."))
            return
        finally:
            self._writing = False
        restored = self._deleted.night
        self._deleted = None
        self.undo_banner.hide()
        self._list_stale = True
        self.ctx.message.emit(_("Night restored."))
        self._show_the_diary_as_it_is()
        if restored == self.night:
            self.load(restored)

    # ---- reacting ---------------------------------------------------------------------------
    def _on_diary_changed(self, _nights: frozenset[date] | None = None) -> None:
        """The diary changed (a cramp logged in the night, an import, a restore, …)."""
        self._list_stale = True
        if self._writing:
            return  # this page's own write: it shows the result once its state has settled
        self._show_the_diary_as_it_is()

    def _show_the_diary_as_it_is(self) -> None:
        """Re-read the list (when shown) and the night, unless the form holds unsaved changes."""
        self._list_stale = True
        if self.views.currentWidget() is self.nights_list:
            self._refresh_list()
        if not self._dirty:
            self.load(self.night)

    def _refresh_list(self) -> None:
        store = self.ctx.store
        try:
            nights = store.nights() if store is not None else []
        except SAVE_ERRORS as exc:
            log.warning("could not list nights: %s", exc)
            nights = []
        self.nights_list.set_nights(nights)
        self._list_stale = False

    def _sync_header(self) -> None:
        self._loading, was = True, self._loading
        try:
            latest = self.latest_night()
            self.title_label.setText(
                _("Night of {night}").format(night=wording.night_title(self.night))
            )
            now = self.ctx.clock.now()
            if self.night == now.date() - timedelta(days=1):
                when = _("Last night")
            elif self.night == latest:
                when = _("Tonight")
            else:
                when = wording.date_words(self.night, weekday=True)
            if self._noted:
                # Translators: {when} is "Last night", "Tonight" or a date
                sub = _("{when} · logged")
            elif self._existing is not None:
                sub = _("{when} · logged in the night, morning note not saved yet")
            else:
                sub = _("{when} · not logged yet")
            self.subtitle_label.setText(sub.format(when=when))
            self.later_button.setEnabled(self.night < latest)
            self.date_edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
            self.date_edit.setDate(QDate(self.night.year, self.night.month, self.night.day))
            self.delete_button.setVisible(self._existing is not None)
            self.footer.refit()
        finally:
            self._loading = was

    def _recolour(self, look: theme.Look) -> None:
        self._update_quality_texts()
        self.cramp_editor.body_map.set_look(look)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            self._update_quality_texts()
        super().changeEvent(event)

    def on_app_closing(self) -> None:
        """Nothing is saved behind your back; an unsaved note is only lost if you quit."""

    def prepare(self) -> None:
        """Nothing to prepare: the night is loaded when the page is built."""


def create_page(ctx: AppContext) -> QWidget:
    return MorningPage(ctx)
