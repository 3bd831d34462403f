"""The body map: mouse and keyboard choose a region; the choice is spelled out in text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from companion.core.diary import EXACT_AREAS
from companion.ui import theme
from companion.ui.body_map import SHORT_LABELS, BodyMap


def make_map(qtbot) -> BodyMap:
    widget = BodyMap(theme.apply_theme(QApplication.instance(), "night"))
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_area_and_side_is_clickable(qtbot) -> None:
    widget = make_map(qtbot)
    chosen: list[tuple[str, str]] = []
    widget.regionChosen.connect(lambda a, s: chosen.append((a, s)))
    for area in EXACT_AREAS:  # 'foot' and 'thigh' (place not said) are not on the map
        for side in ("left", "right"):
            pos = widget.region_center(area, side).toPoint()
            qtbot.mouseClick(widget.canvas, Qt.MouseButton.LeftButton, pos=pos)
            assert widget.selection == (area, side)
    assert len(chosen) == 12
    assert len(set(chosen)) == 12
    widget.close()


def test_choice_is_named_in_text_and_accessible_description(qtbot) -> None:
    widget = make_map(qtbot)
    assert widget.canvas.accessibleName() == "Body map"
    pos = widget.region_center("calf", "left").toPoint()
    qtbot.mouseClick(widget.canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert "Left calf" in widget.chosen_label.text()
    assert "Chosen: Left calf" in widget.canvas.accessibleDescription()
    widget.close()


def test_clicking_outside_the_legs_chooses_nothing(qtbot) -> None:
    widget = make_map(qtbot)
    qtbot.mouseClick(widget.canvas, Qt.MouseButton.LeftButton, pos=widget.canvas.rect().topLeft())
    assert widget.selection is None
    widget.close()


def test_keyboard_moves_and_space_chooses(qtbot) -> None:
    widget = make_map(qtbot)
    canvas = widget.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    qtbot.keyClick(canvas, Qt.Key.Key_Space)
    first = widget.selection
    assert first == ("thigh_front", "left")
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # same part, other leg
    qtbot.keyClick(canvas, Qt.Key.Key_Space)
    assert widget.selection == ("thigh_front", "right")
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert widget.selection[0] == "shin"
    widget.close()


def test_both_legs_toggle_by_button_and_key(qtbot) -> None:
    widget = make_map(qtbot)
    assert not widget.both_button.isEnabled()  # nothing to apply it to yet
    qtbot.mouseClick(
        widget.canvas,
        Qt.MouseButton.LeftButton,
        pos=widget.region_center("toes", "right").toPoint(),
    )
    qtbot.mouseClick(widget.both_button, Qt.MouseButton.LeftButton)
    assert widget.selection == ("toes", "both")
    assert "Both legs" in widget.chosen_label.text()
    qtbot.keyClick(widget.canvas, Qt.Key.Key_B)
    assert widget.selection == ("toes", "right")
    assert not widget.both_button.isChecked()
    widget.close()


def test_repaints_in_both_themes(qtbot) -> None:
    widget = make_map(qtbot)
    widget.set_selection("calf", "left")
    night = widget.canvas.grab().toImage()
    widget.set_look(theme.apply_theme(QApplication.instance(), "day"))
    day = widget.canvas.grab().toImage()
    assert night != day
    widget.set_look(theme.apply_theme(QApplication.instance(), "night"))
    widget.close()


def painted_colours(widget) -> set[str]:
    image = widget.grab().toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_a_theme_change_repaints_the_morning_map_in_the_new_colours(qtbot, ctx) -> None:
    """The page hands the context's look to the map, so after a switch it paints in the day
    colours and none of the night ones (no colour is read from a global while painting)."""
    from companion.ui.diary_view import create_page

    page = create_page(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    qtbot.waitExposed(page)
    page.open_cramp_editor(None)
    canvas = page.cramp_editor.body_map.canvas
    assert theme.NIGHT.raised in painted_colours(canvas)
    ctx.update_settings(theme="day")
    try:
        day = painted_colours(canvas)
        assert theme.DAY.raised in day and theme.NIGHT.raised not in day
    finally:
        ctx.update_settings(theme="night")
    page.close()


def test_every_name_on_the_map_is_at_least_body_text_size_and_the_circles_are_named(qtbot) -> None:
    """Issue 11: labels of about 9 px, and the heel/ankle circles had no name."""
    from PySide6.QtGui import QFontMetricsF

    widget = make_map(qtbot)
    widget.canvas.resize(640, 340)
    labels = widget.canvas.labels()
    body = QFont(QApplication.font())
    body.setPointSizeF(widget.canvas.look.point_size)
    body_px = QFontMetricsF(body).height()
    for item in labels:
        assert QFontMetricsF(item.font).height() >= body_px - 0.5, item.text
    texts = [item.text for item in labels]
    assert texts.count("Heel") == 4 and texts.count("Foot") == 2
    for area in EXACT_AREAS:
        assert any(t.endswith(SHORT_LABELS[area]) for t in texts)
    for item in labels:  # each name fits where it is drawn
        assert QFontMetricsF(item.font).horizontalAdvance(item.text) <= item.rect.width() + 1
    widget.close()


def test_tapping_a_heel_says_what_to_choose_instead(qtbot) -> None:
    widget = make_map(qtbot)
    heel = [item for item in widget.canvas.labels() if item.text == "Heel"][-1]  # a sole's heel
    qtbot.mouseClick(widget.canvas, Qt.MouseButton.LeftButton, pos=heel.rect.center().toPoint())
    assert widget.selection is None
    assert "Arch" in widget.hover_label.text()
    widget.close()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_name_fits_its_box_and_the_map_at_1024_by_600(qtbot, ctx, large: bool) -> None:
    """Large text at 1024x600 drew "Thigh" and "Shin" into boxes narrower than the words
    ("Shir"), and put the "Foot" row below the widget's bottom edge."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from companion.ui.main_window import MainWindow

    app = QApplication.instance()
    theme.apply_theme(app, "night", large)
    try:
        ctx.update_settings(theme="night", large_text=large)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.resize(1024, 600)
        morning = window.page("morning")
        window.open_page("morning")
        morning.open_cramp_editor(None)
        for _ in range(4):
            app.processEvents()
        body_map = morning.cramp_editor.body_map
        canvas = body_map.canvas
        assert canvas.width() < 640  # the page really gives the map less than it would like
        for chosen in (None, ("thigh_front", "both"), ("toes", "both")):
            body_map.set_selection(*(chosen or (None, None)))
            labels = canvas.labels()
            whole = QRectF(canvas.rect())
            for item in labels:
                metrics = QFontMetricsF(item.font)
                lines = item.text.split("\n")
                need_w = max(metrics.horizontalAdvance(line) for line in lines)
                need_h = metrics.height() * len(lines)
                assert need_w <= item.rect.width() + 0.5, (item.text, need_w, item.rect)
                assert need_h <= item.rect.height() + 0.5, (item.text, need_h, item.rect)
                assert whole.contains(item.rect), (item.text, item.rect, whole)
            for i, a in enumerate(labels):
                for b in labels[i + 1 :]:
                    assert not a.rect.intersects(b.rect), (a.text, a.rect, b.text, b.rect)
        window.close()
    finally:
        theme.apply_theme(app, "night", False)
