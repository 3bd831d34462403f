"""Where a cramp was: the place, its exact part if known, and the leg. The one picker Cramp now
and the morning cramp editor share, so both ask with the same words, the same accessible names and
the same keys, and save the same thing: core decides which parts a place holds and which area a
choice is saved as (``companion.core.diary.PLACE_AREAS``).

Nothing is chosen until tapped. A place stays chosen once tapped (another place replaces it, and
drops the exact part that belonged to the first); an exact part or a leg is taken back by a second
tap, so what the person did not say stays unsaid. Ticks join the colour, so no choice rests on
colour alone. Rows of exact parts and legs wrap (FlowRow) rather than widen the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from companion.core.diary import (
    NIGHT_PLACES,
    PLACE_AREAS,
    area_label,
    place_area,
    place_of,
)
from companion.core.i18n import N_, _
from companion.ui.widgets import FlowRow, label, toggle_chip

# The legs as the picker offers them (the map's own "Left"/"Right" name a column, not a choice).
SIDE_CHOICES: tuple[tuple[str, str], ...] = (
    ("left", N_("Left leg")),
    ("right", N_("Right leg")),
    # Translators: the cramp was in both legs
    ("both", N_("Both")),
)

Style = Callable[[QPushButton], None]


class AreaPicker(QWidget):
    """Three rows: the place, its exact parts (shown only for a place that has them), the leg.

    ``changed`` is emitted when the person taps a choice (not when ``set_selection`` fills it),
    so a screen can keep another view, such as the body map, in step without an echo.
    ``big`` / ``small`` style the place and leg buttons, and the exact-part buttons; ``big_rows``
    lays the place and leg rows out as one full-width row (Cramp now's large targets) instead of
    wrapping rows. ``between`` is put between the exact parts and the leg (Cramp now's steps).
    ``ask_place=False`` leaves the place row out of sight for a screen where something else (the
    morning's body map) is the place chooser and tells the picker through ``set_selection``.
    """

    changed = Signal()

    def __init__(
        self,
        places: Sequence[str] = NIGHT_PLACES,
        *,
        place_question: str = "",
        ask_place: bool = True,
        big: Style | None = None,
        small: Style | None = None,
        big_rows: bool = False,
        between: QWidget | None = None,
        spacing: int = 10,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Where was it?"))  # the group, by the same name on both screens
        self.places = tuple(places)
        self._place: str | None = None
        self._part: str | None = None
        self._side: str | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(spacing)  # the screen's own gap between rows

        self.place_label = label(place_question, "muted")
        column.addWidget(self.place_label)
        self.place_buttons = self._row(
            column,
            tuple((p, area_label(p), area_label(p)) for p in self.places),
            self.tap_place,
            big,
            big_rows,
        )

        self.part_label = label(_("Exactly where? (only if you know)"), "muted")
        column.addWidget(self.part_label)
        parts = tuple(a for p in self.places for a in PLACE_AREAS[p])
        self.part_buttons = self._row(
            column,
            # Translators: the accessible name of an exact place's toggle: "Place: Toes"
            tuple(
                (a, area_label(a), _("Place: {place}").format(place=area_label(a))) for a in parts
            ),
            self.tap_part,
            small,
            False,
        )

        if between is not None:
            column.addWidget(between)
        self.side_label = label(_("Which leg?"), "muted")
        column.addWidget(self.side_label)
        self.side_buttons = self._row(
            column,
            tuple((key, _(text), _(text)) for key, text in SIDE_CHOICES),
            self.tap_side,
            big,
            big_rows,
        )
        if not ask_place:
            self.place_label.hide()
            for b in self.place_buttons.values():
                b.hide()
        self._show()

    def _row(
        self,
        column: QVBoxLayout,
        choices: tuple[tuple[str, str, str], ...],
        tap: Callable[[str], None],
        style: Style | None,
        full_width: bool,
    ) -> dict[str, QPushButton]:
        """One toggle per (key, text, accessible name), each telling ``tap`` its key."""
        buttons: dict[str, QPushButton] = {}
        for key, text, name in choices:
            b = toggle_chip(text, name)
            if style is not None:
                style(b)
            b.clicked.connect(lambda _on=False, k=key: tap(k))
            buttons[key] = b
        if full_width:
            row = QHBoxLayout()
            for b in buttons.values():
                row.addWidget(b)
            column.addLayout(row)
        else:
            column.addWidget(FlowRow(list(buttons.values())))
        return buttons

    # what is chosen ----------------------------------------------------------------------------
    @property
    def place(self) -> str | None:
        return self._place

    @property
    def part(self) -> str | None:
        return self._part

    @property
    def side(self) -> str | None:
        return self._side

    @property
    def area(self) -> str | None:
        """The area to save: the exact part, else the place's own area (None: no place yet)."""
        return place_area(self._place, self._part) if self._place else None

    def selection(self) -> tuple[str, str | None] | None:
        """(area, side or None) as it will be saved, or None while no place is chosen."""
        area = self.area
        return None if area is None else (area, self._side)

    def set_selection(self, area: str | None, side: str | None = None) -> None:
        """Show a saved or mapped choice; ``changed`` is not emitted. A place the picker does not
        offer (or None) clears the place and its part; the leg is kept as given."""
        place = place_of(area) if area is not None else None
        if place not in self.places:
            place = None
        self._place = place
        self._part = area if place is not None and area != place else None
        self._side = side
        self._show()

    # taps ------------------------------------------------------------------------------------
    def tap_place(self, place: str) -> None:
        if place != self._place:
            self._part = None  # the exact part belonged to the other place
        self._place = place
        self._show()
        self.changed.emit()

    def tap_part(self, part: str) -> None:
        self._part = None if self._part == part else part
        self._place = place_of(part)
        self._show()
        self.changed.emit()

    def tap_side(self, side: str) -> None:
        self._side = None if self._side == side else side
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        """Checks and ticks follow exactly what is chosen; only the chosen place's parts show."""
        for key, b in self.place_buttons.items():
            b.setChecked(key == self._place)
        allowed = set(PLACE_AREAS[self._place]) if self._place else set()
        for key, b in self.part_buttons.items():
            b.setVisible(key in allowed)
            b.setChecked(key == self._part)
        self.part_label.setVisible(bool(allowed))
        for key, b in self.side_buttons.items():
            b.setChecked(key == self._side)
