"""The Morning page, driven like a person would: controls found by accessible name, a real diary
in a temp folder, and a fake clock at 07:30 on the morning after the night of 20 November."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QWidget

from companion.core import i18n
from companion.core.diary import (
    RED_FLAG_ADVICE,
    RED_FLAG_URGENT_ADVICE,
    Cramp,
    Night,
    RoutineSession,
)
from companion.core.store import Store
from companion.ui.context import AppContext
from companion.ui.diary_view import NOTHING_TO_SAVE, MorningPage, create_page
from tests.ui.helpers import by_name
from tests.ui.pseudo_sweep import english_words

NIGHT = date(2026, 11, 20)
MORNING = datetime(2026, 11, 21, 7, 30)


def click(qtbot, root: QWidget, name: str, cls: type = QAbstractButton) -> None:
    widget = by_name(root, cls, name)
    assert widget.isVisible() and widget.isEnabled(), f"{name!r} cannot be clicked"
    if isinstance(widget, QCheckBox):  # a check box answers on its box and text, at the left
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(12, widget.height() // 2))
        return
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def local(*args: int) -> datetime:
    return datetime(*args).astimezone()


@pytest.fixture
def now() -> datetime:
    return MORNING.astimezone()


def make_page(qtbot, ctx: AppContext) -> MorningPage:
    page = create_page(ctx)
    assert isinstance(page, MorningPage)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_opens_on_last_night(qtbot, ctx: AppContext) -> None:
    page = make_page(qtbot, ctx)
    assert page.night == NIGHT
    assert "20 November" in page.title_label.text()
    assert "Last night" in page.subtitle_label.text()
    assert not by_name(page, QAbstractButton, "Later night").isEnabled()  # morning: no later night
    page.close()


def test_quiet_night_in_two_clicks(qtbot, ctx: AppContext, store: Store) -> None:
    messages: list[str] = []
    changed: list[bool] = []
    ctx.message.connect(messages.append)
    ctx.diary_changed.connect(lambda: changed.append(True))
    page = make_page(qtbot, ctx)

    click(qtbot, page, "Sleep: Good")
    click(qtbot, page, "No cramps — save")

    saved = store.get_night(NIGHT)
    assert saved is not None
    assert saved.sleep_quality == 4
    assert saved.cramps == ()
    assert "Saved." in messages
    assert changed
    assert page.status_label.text().startswith("Saved")
    page.close()


def test_two_cramp_night_with_factors_and_red_flags(qtbot, ctx: AppContext, store: Store) -> None:
    page = make_page(qtbot, ctx)
    editor = page.cramp_editor
    click(qtbot, page, "Sleep: Poor")

    click(qtbot, page, "Add a cramp")
    assert editor.isVisible()
    canvas = editor.body_map.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.region_center("calf", "left").toPoint()
    )
    click(qtbot, page, "Severity 7")
    click(qtbot, page, "At a time")
    by_name(page, QWidget, "Time of the cramp").setTime(QTime(2, 0))
    click(qtbot, page, "3 to 5 minutes")
    click(qtbot, page, "Helped: Stretching")
    click(qtbot, page, "Add this cramp")
    assert not editor.isVisible()

    click(qtbot, page, "Add a cramp")
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.region_center("toes", "right").toPoint()
    )
    click(qtbot, page, "Add this cramp")  # no severity yet: it says so and adds nothing
    assert "how bad" in editor.problem.text()
    click(qtbot, page, "Severity 4")
    click(qtbot, page, "Towards morning")
    click(qtbot, page, "Under 1 minute")
    click(qtbot, page, "Add this cramp")

    rows = page.cramp_texts()
    assert rows[0] == "Left calf, 7/10, about 02:00, 4 min, helped: stretching"
    assert rows[1] == "Right toes, 4/10, towards morning, under a minute"
    assert by_name(page, QAbstractButton, "Save").text() == "Save"

    click(qtbot, page, "More details")
    click(qtbot, page, "Factor: Caffeine late")
    own = by_name(page, QWidget, "Your own factor")
    qtbot.keyClicks(own, "Late dinner")
    click(qtbot, page, "Add your own factor")

    assert not page.advice_box.isVisible()
    click(qtbot, page, "Numbness", QCheckBox)
    assert page.advice_box.isVisible()
    assert page.advice_label.text() == RED_FLAG_ADVICE
    click(qtbot, page, "Calf swelling, redness or warmth", QCheckBox)
    assert page.advice_label.text() == RED_FLAG_URGENT_ADVICE
    assert "today" in page.advice_title.text()  # said in words, not only colour

    click(qtbot, page, "Save")
    saved = store.get_night(NIGHT)
    assert saved is not None and len(saved.cramps) == 2
    first, second = saved.cramps
    assert (first.area, first.side, first.severity) == ("calf", "left", 7)
    assert first.at == local(2026, 11, 21, 2, 0)
    assert first.duration_min == 4.0 and first.relief == ("stretch",)
    assert (second.area, second.side, second.part_of_night) == ("toes", "right", "late")
    assert second.at is None and second.duration_min == 0.5
    assert set(saved.factors) == {"caffeine_late", "Late dinner"}
    assert set(saved.red_flags) == {"numbness", "swelling"}
    assert saved.sleep_quality == 2
    assert "Late dinner" in store.custom_factors()
    page.close()


def test_existing_night_loads_and_edits(qtbot, ctx: AppContext, store: Store) -> None:
    store.save_night(
        Night(
            night=NIGHT,
            sleep_quality=2,
            notes="woke at 3",
            awakenings=2,
            factors=("flare",),
            cramps=(Cramp("calf", "right", 8, at=local(2026, 11, 21, 3, 10), duration_min=2),),
        )
    )
    page = make_page(qtbot, ctx)
    assert page.quality_buttons[2].isChecked()
    assert page.cramp_texts() == ["Right calf, 8/10, at 03:10, 2 min"]
    assert page.more_button.isChecked()  # optional data is there, so the section opens
    assert page.notes_edit.toPlainText() == "woke at 3"
    assert page.factor_chips["flare"].isChecked()

    click(qtbot, page, "Sleep: Very good")
    click(qtbot, page, "Change cramp 1")
    click(qtbot, page, "Severity 5")
    click(qtbot, page, "Keep these changes")
    page.notes_edit.setPlainText("slept well after all")
    click(qtbot, page, "Save")
    saved = store.get_night(NIGHT)
    assert saved.sleep_quality == 5 and saved.notes == "slept well after all"
    assert [c.severity for c in saved.cramps] == [5]
    assert saved.awakenings == 2 and saved.factors == ("flare",)

    click(qtbot, page, "Remove cramp 1")
    click(qtbot, page, "No cramps — save")
    assert store.get_night(NIGHT).cramps == ()
    page.close()


def test_switching_nights_keeps_an_unsaved_draft(qtbot, ctx: AppContext, store: Store) -> None:
    page = make_page(qtbot, ctx)
    click(qtbot, page, "Sleep: Fair")
    click(qtbot, page, "Earlier night")
    assert page.night == date(2026, 11, 19)
    assert page.quality_group.checkedId() == -1
    click(qtbot, page, "Later night")
    assert page.night == NIGHT
    assert page.quality_buttons[3].isChecked()
    assert "Not saved" in page.status_label.text()
    assert store.get_night(NIGHT) is None
    page.close()


def test_delete_and_undo(qtbot, ctx: AppContext, store: Store) -> None:
    original = Night(
        night=NIGHT,
        sleep_quality=3,
        stretched=False,
        cramps=(Cramp("thigh_back", "both", 6, part_of_night="early"),),
    )
    store.save_night(original)
    store.save_night(Night(night=date(2026, 11, 18), sleep_quality=4))
    page = make_page(qtbot, ctx)

    click(qtbot, page, "Delete this night")
    assert store.get_night(NIGHT) is None
    assert page.undo_banner.isVisible()
    assert "deleted" in page.undo_label.text()
    assert page.quality_group.checkedId() == -1  # the form shows the night as empty now
    click(qtbot, page, "Undo delete")
    assert store.get_night(NIGHT) == original
    assert not page.undo_banner.isVisible()
    assert page.quality_buttons[3].isChecked()

    # from the list of all nights
    click(qtbot, page, "All nights")
    table = page.nights_list.table
    assert page.nights_list.model.rowCount() == 2
    model = page.nights_list.model
    assert [model.text(n, 0) for n in model.rows] == ["Fri 20 Nov 2026", "Wed 18 Nov 2026"]
    assert model.text(model.rows[0], 4) == "No"
    page.nights_list.select(date(2026, 11, 18))
    assert table.isVisible()
    click(qtbot, page, "Delete selected night")
    assert store.get_night(date(2026, 11, 18)) is None
    assert page.nights_list.model.rowCount() == 1
    click(qtbot, page, "Undo delete")
    assert store.get_night(date(2026, 11, 18)) is not None
    assert page.nights_list.model.rowCount() == 2
    page.nights_list.select(date(2026, 11, 18))
    click(qtbot, page, "Open this night")
    assert page.night == date(2026, 11, 18)
    assert page.quality_buttons[4].isChecked()
    page.close()


def test_failed_save_keeps_everything_and_says_so(
    qtbot, ctx: AppContext, store: Store, tmp_path: Path
) -> None:
    messages: list[str] = []
    ctx.message.connect(messages.append)
    page = make_page(qtbot, ctx)
    click(qtbot, page, "Sleep: Very poor")
    click(qtbot, page, "Add a cramp")
    canvas = page.cramp_editor.body_map.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.region_center("shin", "left").toPoint()
    )
    click(qtbot, page, "Severity 9")
    click(qtbot, page, "Add this cramp")
    click(qtbot, page, "More details")
    page.notes_edit.setPlainText("a long night")

    store.close()  # the diary goes away under the page (as with a disk error)
    click(qtbot, page, "Save")
    assert "could not be saved" in page.status_label.text()
    assert "still here" in page.status_label.text()
    assert "Saved." not in messages
    assert page.quality_buttons[1].isChecked()
    assert page.cramp_texts() == ["Left shin, 9/10"]
    assert page.notes_edit.toPlainText() == "a long night"

    ctx.store = Store.open(tmp_path / "diary.sqlite3")  # it comes back; Save again works
    try:
        click(qtbot, page, "Save")
        saved = ctx.store.get_night(NIGHT)
        assert saved.sleep_quality == 1 and saved.notes == "a long night"
        assert len(saved.cramps) == 1
    finally:
        ctx.store.close()
    page.close()


def test_bad_times_are_refused_with_a_plain_message(qtbot, ctx: AppContext, store: Store) -> None:
    page = make_page(qtbot, ctx)
    click(qtbot, page, "Sleep: Good")
    click(qtbot, page, "More details")
    click(qtbot, page, "I know my bed time", QCheckBox)
    click(qtbot, page, "I know my wake time", QCheckBox)
    by_name(page, QWidget, "Bed time").setTime(QTime(2, 0))
    by_name(page, QWidget, "Wake time").setTime(QTime(1, 0))
    click(qtbot, page, "No cramps — save")
    assert "wake time" in page.status_label.text().lower()
    assert store.get_night(NIGHT) is None
    page.close()


def test_stretched_prefilled_from_a_completed_routine(qtbot, ctx: AppContext, store: Store) -> None:
    store.record_routine_session(
        RoutineSession(
            "Standard wind-down",
            local(2026, 11, 20, 22, 5),
            local(2026, 11, 20, 22, 17),
            completed=True,
        )
    )
    page = make_page(qtbot, ctx)
    assert page.stretched_buttons[True].isChecked()
    click(qtbot, page, "No cramps — save")  # the filled-in "Yes" alone is not a note
    assert store.get_night(NIGHT) is None
    click(qtbot, page, "No cramps")
    click(qtbot, page, "No cramps — save")
    assert store.get_night(NIGHT).stretched is True
    page.close()


def test_an_empty_note_is_refused_with_a_word(qtbot, ctx: AppContext, store: Store) -> None:
    changed: list[bool] = []
    ctx.diary_changed.connect(lambda: changed.append(True))
    page = make_page(qtbot, ctx)
    save = by_name(page, QAbstractButton, "No cramps — save")
    save.setFocus()
    qtbot.keyClick(save, Qt.Key.Key_Space)  # the stray key of the report
    assert store.get_night(NIGHT) is None and not changed
    assert page.status_label.text() == NOTHING_TO_SAVE
    # a cramp added and then removed again leaves nothing either
    click(qtbot, page, "Add a cramp")
    click(qtbot, page, "Cancel cramp")
    click(qtbot, page, "No cramps — save")
    assert store.get_night(NIGHT) is None
    # an explicit "No cramps" is a choice: saved as a quiet night
    click(qtbot, page, "No cramps")
    click(qtbot, page, "No cramps — save")
    assert store.get_night(NIGHT) == Night(NIGHT)
    assert page.status_label.text().startswith("Saved")
    page.close()
    again = make_page(qtbot, ctx)  # a saved night without cramps shows the choice it was saved with
    assert by_name(again, QAbstractButton, "No cramps").isChecked()
    again.close()


def test_a_night_with_only_a_cramp_from_the_night_is_not_logged_yet(
    qtbot, ctx: AppContext, store: Store
) -> None:
    store.add_cramp(Cramp("calf", "left", 7, at=local(2026, 11, 21, 3, 0)))  # Cramp now at 3 am
    page = make_page(qtbot, ctx)
    assert page.subtitle_label.text() == (
        "Last night · logged in the night, morning note not saved yet"
    )
    assert page.cramp_texts() and not by_name(page, QAbstractButton, "No cramps").isVisible()
    click(qtbot, page, "Sleep: Fair")
    click(qtbot, page, "Save")
    assert page.subtitle_label.text() == "Last night · logged"
    assert store.has_morning_note(NIGHT)
    # deleting and undoing puts the note back as it was, mark included
    click(qtbot, page, "Delete this night")
    click(qtbot, page, "Undo delete")
    assert store.has_morning_note(NIGHT) and store.get_night(NIGHT).sleep_quality == 3
    page.close()


def test_the_cramp_editor_asks_on_the_one_pain_scale(qtbot, ctx: AppContext) -> None:
    from companion.core.wording import PAIN_SCALE

    page = make_page(qtbot, ctx)
    asks = [w.text() for w in page.findChildren(QLabel) if "How bad" in w.text()]
    assert asks and all(PAIN_SCALE in text for text in asks)


def test_the_save_button_says_what_saving_will_do(qtbot, ctx: AppContext, store: Store) -> None:
    """Issue 11: it said "No cramps — save" while a cramp was being added."""
    page = make_page(qtbot, ctx)
    assert page.save_button.text() == "No cramps — save"
    click(qtbot, page, "Add a cramp")
    assert page.save_button.text() == "Save with this cramp"
    assert by_name(page, QAbstractButton, "Save with this cramp").isVisible()
    page.close_cramp_editor()
    assert page.save_button.text() == "No cramps — save"
    click(qtbot, page, "Add a cramp")
    canvas = page.cramp_editor.body_map.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.region_center("calf", "left").toPoint()
    )
    click(qtbot, page, "Severity 5")
    click(qtbot, page, "Save with this cramp")
    night = store.get_night(page.night)
    assert night is not None and len(night.cramps) == 1
    assert page.save_button.text() == "Save"


def test_a_cramp_logged_without_the_exact_place_keeps_it_when_changed(
    qtbot, ctx: AppContext, store: Store
) -> None:
    store.add_cramp(Cramp("foot", None, 5, at=local(2026, 11, 21, 3, 0)))  # Cramp now: foot only
    page = make_page(qtbot, ctx)
    assert page.cramp_texts()[0].startswith("Foot or toes, leg not said, 5/10")
    click(qtbot, page, "Change cramp 1")
    assert "Logged as: Foot or toes, leg not said" in page.cramp_editor.problem.text()
    click(qtbot, page, "Severity 6")
    click(qtbot, page, "Keep these changes")
    click(qtbot, page, "Sleep: Fair")
    click(qtbot, page, "Save")
    [cramp] = store.get_night(NIGHT).cramps
    assert (cramp.area, cramp.side, cramp.severity) == ("foot", None, 6)
    page.close()


# ---- every text marked for translation ------------------------------------------------------


def demo_nights(store: Store) -> None:
    """A few nights with everything a note can hold, a factor of the user's own among them."""
    store.save_night(
        Night(
            night=NIGHT,
            sleep_quality=2,
            notes="woke at 3",
            awakenings=2,
            morning_soreness=4,
            stretched=True,
            restless_legs=False,
            factors=("flare", "late coffee"),
            red_flags=("swelling",),
            cramps=(
                Cramp("calf", "right", 8, at=local(2026, 11, 21, 3, 10), duration_min=2),
                Cramp("foot", None, 5, part_of_night="late", relief=("massage",)),
            ),
        ),
        morning_note=True,
    )
    store.save_night(Night(night=date(2026, 11, 19), sleep_quality=4, stretched=False))
    store.save_night(Night(night=date(2026, 11, 18), sleep_quality=3))


def core_words(page: MorningPage) -> list[str]:
    """What may stay English: the user's own words (a note, a factor they typed) and the date
    edit's month, which Qt writes in the widget's locale (Qt has no pseudo-locale)."""
    return ["woke at 3", "late coffee", page.date_edit.text()]


def test_the_morning_note_under_the_pseudo_locale_has_no_english_left(
    qtbot, ctx: AppContext, store: Store
) -> None:
    from tests.ui.pseudo_sweep import cut_one_line_texts as clipped
    from tests.ui.pseudo_sweep import english_left, pseudo_language

    demo_nights(store)
    with pseudo_language():
        page = make_page(qtbot, ctx)
        page.resize(1024, 600)
        assert page.more_button.isChecked()  # the optional part is open: it has answers
        left = english_left(page, user_text=core_words(page), values=True) + clipped(page)
        page.open_cramp_editor(1)  # the editor, for a cramp whose place the map cannot show
        left += english_left(page, user_text=core_words(page), values=True) + clipped(page)
        page.close_cramp_editor()
        page.notes_edit.setPlainText("woke at 3, again")  # a change says it is not saved
        assert page.status_label.text() == i18n.pseudo("Changed — not saved yet.")
        page.list_button.setChecked(True)  # the list of nights, its headings and cells
        model = page.nights_list.model
        cells = [
            str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            for c in range(model.columnCount())
        ] + [model.describe(n) for n in model.rows]
        cells += [model.text(n, c) for n in model.rows for c in range(1, model.columnCount())]
        left += [c for c in cells if english_words(c, core_words(page))]
        left += english_left(page, user_text=core_words(page), values=True) + clipped(page)
    assert left == [], "\n".join(left)
    page.close()
