"""Where a cramp was is asked by one picker on both screens that ask it: Cramp now (its place,
exact-part and leg rows, large) and the morning cramp editor (beside the body map, in step with
it both ways). Whichever way the place is chosen, the cramp saved says the same area and leg."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from companion.core.store import Store
from companion.ui.context import AppContext
from companion.ui.cramp_now import CrampNowWindow, open_cramp_now
from companion.ui.diary_view import CrampEditor, MorningPage, create_page
from tests.ui.helpers import by_name

OPENED = datetime(2026, 11, 21, 2, 10)  # Cramp now at 02:10 and the morning page: night of 20 Nov
NIGHT = date(2026, 11, 20)
PICKER = "Where was it?"


@pytest.fixture
def now() -> datetime:
    return OPENED.astimezone()


def click(qtbot, root: QWidget, name: str) -> None:
    button = by_name(root, QAbstractButton, name)
    assert button.isVisible() and button.isEnabled(), f"{name!r} cannot be clicked"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def checked(root: QWidget, name: str) -> bool:
    return by_name(root, QAbstractButton, name).isChecked()


@pytest.fixture
def guide(qtbot, ctx: AppContext):
    window = open_cramp_now(ctx, None)
    assert isinstance(window, CrampNowWindow)
    window.close_delay_ms = 0
    qtbot.waitExposed(window)
    yield window
    if shiboken6.isValid(window):
        window.close()


@pytest.fixture
def page(qtbot, ctx: AppContext) -> MorningPage:
    morning = create_page(ctx)
    assert isinstance(morning, MorningPage)
    qtbot.addWidget(morning)
    morning.resize(1000, 900)
    morning.show()
    qtbot.waitExposed(morning)
    assert morning.night == NIGHT
    return morning


def add_cramp(qtbot, page: MorningPage) -> CrampEditor:
    click(qtbot, page, "Add a cramp")
    return page.cramp_editor


def tap_map(qtbot, editor: CrampEditor, area: str, side: str) -> None:
    canvas = editor.body_map.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.region_center(area, side).toPoint()
    )


def test_both_screens_ask_with_the_same_picker(
    qtbot, guide: CrampNowWindow, page: MorningPage
) -> None:
    add_cramp(qtbot, page)
    night_picker = by_name(guide, QWidget, PICKER)
    morning_picker = by_name(page, QWidget, PICKER)
    assert night_picker is not morning_picker
    assert type(night_picker) is type(morning_picker)
    assert night_picker.isVisible() and morning_picker.isVisible()
    for picker in (night_picker, morning_picker):  # the same names for the same choices
        for name in ("Place: Foot arch", "Place: Toes", "Left leg", "Right leg", "Both"):
            assert by_name(picker, QAbstractButton, name).parent() is not None


def test_choosing_on_the_map_selects_the_same_in_the_picker(qtbot, page: MorningPage) -> None:
    editor = add_cramp(qtbot, page)
    picker = by_name(page, QWidget, PICKER)
    tap_map(qtbot, editor, "toes", "right")
    assert checked(picker, "Place: Toes") and checked(picker, "Right leg")
    assert not checked(picker, "Place: Foot arch") and not checked(picker, "Left leg")
    tap_map(qtbot, editor, "calf", "left")  # a place with no exact part: that row goes
    assert by_name(picker, QAbstractButton, "Place: Toes").isHidden()
    assert checked(picker, "Left leg") and not checked(picker, "Right leg")
    qtbot.keyClick(editor.body_map.canvas, Qt.Key.Key_B)  # the map's own key for both legs
    assert checked(picker, "Both") and not checked(picker, "Left leg")


def test_choosing_in_the_picker_moves_the_map(qtbot, page: MorningPage) -> None:
    editor = add_cramp(qtbot, page)
    tap_map(qtbot, editor, "foot_arch", "left")
    click(qtbot, page, "Right leg")
    assert editor.body_map.selection == ("foot_arch", "right")
    click(qtbot, page, "Place: Toes")
    assert editor.body_map.selection == ("toes", "right")
    click(qtbot, page, "Both")
    assert editor.body_map.selection == ("toes", "both")
    click(qtbot, page, "Both")  # the leg taken back: the map has no region for that
    assert editor.body_map.selection is None
    assert "leg not said" in by_name(page, QWidget, "Chosen place").text()
    click(qtbot, page, "Left leg")
    assert editor.body_map.selection == ("toes", "left")
    click(qtbot, page, "Place: Toes")  # a foot without the exact part: said in words
    assert editor.body_map.selection is None
    assert by_name(page, QWidget, "Chosen place").text() == "✓ Left foot or toes"


def _saved(store: Store) -> list[tuple[str, str | None]]:
    night = store.get_night(NIGHT)
    assert night is not None
    return [(c.area, c.side) for c in night.cramps]


def _in_cramp_now(qtbot, guide: CrampNowWindow, taps: tuple[str, ...]) -> None:
    for name in taps:
        click(qtbot, guide, name)
    click(qtbot, guide, "It has eased")
    click(qtbot, guide, "Severity 5")


def _in_the_morning(qtbot, page: MorningPage, first: Callable[[], None], taps: tuple[str, ...]):
    add_cramp(qtbot, page)  # after the night's cramp came in: the page shows it
    first()
    for name in taps:
        click(qtbot, page, name)
    click(qtbot, page, "Severity 5")
    click(qtbot, page, "Save with this cramp")


@pytest.mark.parametrize(
    ("night_taps", "map_place", "morning_taps", "expected"),
    [
        # the exact part and the leg: said at night, or tapped on the map
        (("Foot or toes", "Place: Toes", "Right leg"), ("toes", "right"), (), ("toes", "right")),
        # chosen on the map, then changed in the picker to the same thing
        (
            ("Thigh", "Place: Back of thigh", "Both"),
            ("thigh_front", "left"),
            ("Place: Back of thigh", "Both"),
            ("thigh_back", "both"),
        ),
        # only the place: no exact part, no leg (the map cannot show it; the picker keeps it)
        (("Foot or toes",), ("toes", "right"), ("Place: Toes", "Right leg"), ("foot", None)),
        (("Calf", "Left leg"), ("calf", "left"), (), ("calf", "left")),
    ],
)
def test_the_saved_cramp_is_the_same_whichever_way_it_was_chosen(
    qtbot,
    store: Store,
    guide: CrampNowWindow,
    page: MorningPage,
    night_taps: tuple[str, ...],
    map_place: tuple[str, str],
    morning_taps: tuple[str, ...],
    expected: tuple[str, str | None],
) -> None:
    _in_cramp_now(qtbot, guide, night_taps)
    assert _saved(store) == [expected]
    _in_the_morning(
        qtbot, page, lambda: tap_map(qtbot, page.cramp_editor, *map_place), morning_taps
    )
    assert _saved(store)[-1] == expected
