"""The personal experiment in the app, driven like a user would: widgets found by accessible
name, real clicks, a real diary in a temp folder and a fake clock moved by hand."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from companion.core import experiment as ex
from companion.core import i18n
from companion.core import report_model as rm
from companion.core.clock import FakeClock
from companion.core.diary import RED_FLAG_URGENT_ADVICE, Cramp, Night
from companion.core.store import Store
from companion.ui import tray
from companion.ui.experiment_view import ExperimentPage
from companion.ui.main_window import MainWindow
from companion.ui.routine_view import REST_NIGHT_STATUS, TonightPage
from tests.ui.helpers import by_name
from tests.ui.pseudo_sweep import cut_one_line_texts as clipped
from tests.ui.pseudo_sweep import english_left, pseudo_language

EVENING = datetime(2026, 11, 20, 21, 30)  # night of Fri 20 Nov 2026


def text(root: QWidget, name: str) -> str:
    return by_name(root, QLabel, name).text()


def click(qtbot, root: QWidget, name: str) -> None:
    widget = by_name(root, QAbstractButton, name)
    assert widget.isVisible() and widget.isEnabled(), f"{name!r} cannot be clicked"
    if isinstance(widget, QCheckBox):  # a check box answers on its box, at the left
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(12, widget.height() // 2))
        return
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def history(store: Store, end: date, days: int = 30) -> None:
    rng = random.Random(4)
    for i in range(days):
        count = rng.choice((0, 0, 1, 1, 2, 3))
        store.save_night(
            Night(
                night=end - timedelta(days=days - i),
                sleep_quality=3,
                cramps=tuple(Cramp("calf", "left", 5) for _ in range(count)),
            )
        )


def experiment_nights(plan: ex.Plan, seed: int = 2) -> list[Night]:
    rng = random.Random(seed)
    out = []
    for i in range(plan.total_nights):
        day = plan.start + timedelta(days=i)
        block = ex.block_on(plan, day)
        on = block is not None and block.condition == ex.ON
        count = sum(1 for _ in range(6) if rng.random() < (0.5 if on else 1.5) / 6)
        stretched = on if block is not None else None
        out.append(
            Night(night=day, stretched=stretched, cramps=(Cramp("calf", "left", 5),) * count)
        )
    return out


@pytest.fixture
def now() -> datetime:
    return EVENING.astimezone()


def show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def at_night(clock: FakeClock, night: date, hour: int = 21) -> None:
    clock.set_wall(datetime.combine(night, datetime.min.time()).replace(hour=hour).astimezone())


# --------------------------------------------------------------------------------------------
# Set-up


def test_setup_explains_offers_four_choices_and_shows_the_check_first(qtbot, ctx, store) -> None:
    history(store, EVENING.date())
    page = show(qtbot, ExperimentPage(ctx))
    words = " ".join(lbl.text() for lbl in page.findChildren(QLabel) if lbl.isVisible())
    assert "people skip on bad days" in words and "A rest week is part of the test" in words
    assert "You can stop any time" in words
    choices = [
        by_name(page, QComboBox, "Question"),
        by_name(page, QSpinBox, "Number of pairs"),
        by_name(page, QSpinBox, "Nights per block"),
        by_name(page, QDateEdit, "Start night"),
    ]
    assert all(c.isVisible() and c.focusPolicy() & Qt.FocusPolicy.TabFocus for c in choices)
    assert not by_name(page, QLineEdit, "Your habit").isVisible()  # only for a habit of your own
    assert (choices[1].minimum(), choices[1].maximum()) == ex.PAIRS_RANGE
    check = text(page, "Planning check")
    assert check.startswith("With your cramps, this 16-week plan would spot a real 40 % drop")
    choices[1].setValue(12)
    assert "24-week plan" in text(page, "Planning check")
    assert store.experiments() == []  # nothing is saved before confirming


def test_a_new_diary_is_told_the_check_needs_nights(qtbot, ctx) -> None:
    page = show(qtbot, ExperimentPage(ctx))
    assert "needs at least 14 logged nights" in text(page, "Planning check")


def test_a_medicine_question_says_to_ask_a_doctor_first(qtbot, ctx) -> None:
    page = show(qtbot, ExperimentPage(ctx))
    by_name(page, QComboBox, "Question").setCurrentIndex(1)
    assert not by_name(page, QPushButton, "Start this experiment").isEnabled()  # no habit typed
    qtbot.keyClicks(by_name(page, QLineEdit, "Your habit"), "magnesium tablets")
    warning = by_name(page, QLabel, "Ask your doctor first")
    assert warning.isVisible() and "ask your doctor" in warning.text()
    by_name(page, QLineEdit, "Your habit").setText("warm foot soak")
    assert not warning.isVisible()


def test_starting_saves_the_chosen_plan_and_shows_its_progress(qtbot, ctx, store) -> None:
    history(store, EVENING.date())
    page = show(qtbot, ExperimentPage(ctx))
    by_name(page, QSpinBox, "Number of pairs").setValue(6)
    by_name(page, QSpinBox, "Nights per block").setValue(5)
    start = EVENING.date() + timedelta(days=3)
    by_name(page, QDateEdit, "Start night").setDate(QDate(start.year, start.month, start.day))
    preview = text(page, "Planning check")
    click(qtbot, page, "Start this experiment")
    (plan,) = store.experiments()
    assert (plan.pairs, plan.block_nights, plan.start, plan.question) == (6, 5, start, "routine")
    assert plan.washout_nights == 2 and plan.run_in_nights == 14
    # The check shown before confirming was the check of exactly this plan.
    assert ex.power_words(plan, ex.preview_power_40(plan, store.nights())) == preview
    assert text(page, "Experiment status").startswith("Planned")
    assert text(page, "Experiment progress").startswith("0 of 6 pairs complete")
    assert text(page, "Experiment verdict") == "Too early to tell"
    assert by_name(page, QPushButton, "Stop the experiment").isVisible()


def test_a_start_while_one_runs_is_refused_in_words(qtbot, ctx, store) -> None:
    store.save_experiment(ex.make_plan(start=EVENING.date(), seed=1))
    page = show(qtbot, ExperimentPage(ctx))
    assert not by_name(page, QPushButton, "Plan a new experiment").isVisible()  # one runs
    page.plan_new()  # e.g. the command line started one while the set-up was open
    click(qtbot, page, "Start this experiment")
    assert "still running" in text(page, "Experiment problem")
    assert len(store.experiments()) == 1


# --------------------------------------------------------------------------------------------
# Tonight


def test_tonight_shows_a_rest_week_first_and_keeps_the_routine(qtbot, ctx, store, clock) -> None:
    plan = ex.make_plan(start=EVENING.date(), run_in_nights=0, seed=5)
    store.save_experiment(plan)
    rest = next(b for b in ex.schedule(plan) if b.condition == ex.OFF)
    at_night(clock, rest.first_night + timedelta(days=1))
    routine_before = ctx.settings.routine
    page = show(qtbot, TonightPage(ctx))
    page.refresh()
    card = by_name(page, QLabel, "Experiment tonight")
    assert card.isVisible()
    assert card.text() == "Rest week: no stretches tonight \u2014 that is part of your test"
    # It comes first: above the routine's own status line.
    status = by_name(page, QLabel, "Tonight so far")
    assert (
        card.mapTo(page, card.rect().topLeft()).y()
        < status.mapTo(page, status.rect().topLeft()).y()
    )
    assert status.text() == REST_NIGHT_STATUS
    assert by_name(page, QPushButton, "Start routine").isEnabled()  # stretching anyway is allowed
    assert ctx.settings.routine == routine_before  # the experiment never changes a routine
    asked: list[str] = []
    ctx.page_requested.connect(asked.append)
    click(qtbot, page, "See the experiment plan")
    assert asked == ["experiment"]
    page.on_app_closing()


def test_tonight_on_a_routine_week_names_the_week(qtbot, ctx, store, clock) -> None:
    plan = ex.make_plan(start=EVENING.date(), run_in_nights=0, seed=5)
    store.save_experiment(plan)
    on = next(b for b in ex.schedule(plan) if b.condition == ex.ON)
    at_night(clock, on.first_night)
    page = show(qtbot, TonightPage(ctx))
    page.refresh()
    assert text(page, "Experiment tonight") == (
        f"Routine week (week {on.index + 1} of 16): do your stretches tonight"
    )
    page.on_app_closing()


def test_no_experiment_no_card(qtbot, ctx) -> None:
    page = show(qtbot, TonightPage(ctx))
    assert not by_name(page, QLabel, "Experiment tonight").isVisible()
    page.on_app_closing()


def test_the_bedtime_reminder_on_a_rest_night_is_a_gentle_note(qtbot, ctx, store, clock) -> None:
    plan = ex.make_plan(start=EVENING.date(), run_in_nights=0, seed=5)
    store.save_experiment(plan)
    rest = next(b for b in ex.schedule(plan) if b.condition == ex.OFF)
    at_night(clock, rest.first_night, hour=21)
    window = show(qtbot, MainWindow(ctx))
    controller = tray.install(ctx, window)
    try:
        reminder = controller.plan.next_bedtime(clock.now())
        words, action = controller.reminder_text(reminder)
        assert words.startswith("Rest week for your experiment: no stretching tonight")
        assert "time to stretch" not in words.lower() and action == tray.OPEN_TONIGHT
        on = next(b for b in ex.schedule(plan) if b.condition == ex.ON)
        at_night(clock, on.first_night, hour=12)
        words, action = controller.reminder_text(controller.plan.next_bedtime(clock.now()))
        assert words.startswith("It's almost bedtime.") and action == tray.START_ROUTINE
    finally:
        controller.shutdown()
        window.close()


# --------------------------------------------------------------------------------------------
# Progress and result


def test_results_appear_only_for_complete_pairs_and_say_too_early_before_six(
    qtbot, ctx, store, clock
) -> None:
    plan = ex.make_plan(start=date(2026, 3, 2), run_in_nights=0, pairs=8, seed=3)
    store.merge_import(experiment_nights(plan), [], [plan])
    blocks = ex.schedule(plan)
    at_night(clock, blocks[7].last_night + timedelta(days=1))  # four pairs over
    page = show(qtbot, ExperimentPage(ctx))
    progress = text(page, "Experiment progress")
    assert progress.startswith("4 of 8 pairs complete")
    # adherence reads like every other experiment figure ("85 %")
    assert progress.endswith(" % of the nights counted.") and "you followed the plan on" in progress
    assert text(page, "Experiment verdict") == "Too early to tell"
    assert "fewer than 6 complete pairs" in text(page, "Experiment result")
    chart = by_name(page, QWidget, "Per-pair chart")
    assert "pair 4:" in chart.accessibleDescription()
    assert "pair 5:" not in chart.accessibleDescription()  # a pair shows only when complete


def test_a_finished_experiment_reads_as_words_range_verdict_and_limits(qtbot, ctx, store, clock):
    plan = ex.make_plan(start=date(2026, 3, 2), run_in_nights=0, pairs=8, seed=3)
    nights = experiment_nights(plan)
    store.merge_import(nights, [], [plan])
    at_night(clock, plan.last_night + timedelta(days=3))
    page = show(qtbot, ExperimentPage(ctx))
    analysis = ex.analyse(plan, nights, ex.current_night(clock.now()))
    assert text(page, "Experiment status").startswith("Finished")
    assert text(page, "Experiment verdict") == ex.verdict_words(analysis.result.verdict, analysis)
    result = text(page, "Experiment result")
    assert result.startswith("About ") and "plausibly between" in result
    assert "From 8 complete pairs:" in result and "chance that it helps you" in result
    assert "cannot be blinded" in text(page, "What the test cannot know")
    assert by_name(page, QPushButton, "Plan a new experiment").isVisible()
    assert not by_name(page, QPushButton, "Stop the experiment").isVisible()


def test_stopping_asks_first_then_keeps_what_there_is_marked_not_final(
    qtbot, ctx, store, clock
) -> None:
    plan = ex.make_plan(start=date(2026, 3, 2), run_in_nights=0, pairs=8, seed=3)
    store.merge_import(experiment_nights(plan), [], [plan])
    today = ex.schedule(plan)[9].first_night
    at_night(clock, today)
    page = show(qtbot, ExperimentPage(ctx))
    click(qtbot, page, "Stop the experiment")
    click(qtbot, page, "Keep the experiment going")
    assert store.experiments()[0].stopped_on is None
    click(qtbot, page, "Stop the experiment")
    click(qtbot, page, "Stop the experiment now")
    assert store.experiments()[0].stopped_on == today
    assert by_name(page, QLabel, "Not final").isVisible()
    progress = text(page, "Experiment progress")
    assert progress.startswith("4 of 8 pairs complete")
    # adherence reads like every other experiment figure ("85 %")
    assert progress.endswith(" % of the nights counted.") and "you followed the plan on" in progress


def test_the_page_is_reached_by_keyboard_from_the_window(qtbot, ctx) -> None:
    window = show(qtbot, MainWindow(ctx))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key == "experiment"
    assert window.nav_buttons["experiment"].focusPolicy() & Qt.FocusPolicy.TabFocus
    window.close()


# --------------------------------------------------------------------------------------------
# The morning note and the doctor report


def test_the_morning_note_asks_the_habit_question_and_stores_the_answer(
    qtbot, ctx, store, clock
) -> None:
    from companion.ui.diary_view import MorningPage

    plan = ex.make_plan(question="warm foot soak", start=date(2026, 11, 1), run_in_nights=0, seed=2)
    store.save_experiment(plan)
    clock.set_wall(datetime(2026, 11, 21, 7, 30).astimezone())  # the morning after 20 Nov
    page = show(qtbot, MorningPage(ctx))
    question = by_name(page, QLabel, "Experiment question for this night")
    assert question.isVisible()
    assert question.text() == "Your experiment: did you do your warm foot soak that night?"
    click(qtbot, page, "Sleep: Good")
    click(qtbot, page, "Habit done: No")
    click(qtbot, page, "Calf swelling, redness or warmth")  # red flags stay active
    assert RED_FLAG_URGENT_ADVICE in text(page, "Advice")
    click(qtbot, page, "No cramps — save")
    assert store.get_night(date(2026, 11, 20)).habit_done is False
    page.close()


def test_the_routine_question_asks_nothing_extra_and_keeps_an_answer(qtbot, ctx, store, clock):
    from companion.ui.diary_view import MorningPage

    store.save_experiment(ex.make_plan(start=date(2026, 11, 1), run_in_nights=0, seed=2))
    store.save_night(Night(night=date(2026, 11, 20), habit_done=True, sleep_quality=2))
    clock.set_wall(datetime(2026, 11, 21, 7, 30).astimezone())
    page = show(qtbot, MorningPage(ctx))
    assert not by_name(page, QLabel, "Experiment question for this night").isVisible()
    click(qtbot, page, "Sleep: Good")
    click(qtbot, page, "No cramps — save")
    saved = store.get_night(date(2026, 11, 20))
    assert saved.sleep_quality == 4 and saved.habit_done is True  # a hidden question erases nothing
    page.close()


def test_the_doctor_report_has_the_experiment_page(qtbot, ctx, store, clock, tmp_path) -> None:
    from companion.ui import report
    from tests.ui.test_report import pages, pdf_text

    plan = ex.make_plan(start=date(2026, 3, 2), run_in_nights=0, pairs=8, seed=3)
    nights = experiment_nights(plan)
    store.merge_import(nights, [], [plan])
    at_night(clock, plan.last_night + timedelta(days=3))
    analysis = report._experiment(ctx)
    assert analysis is not None and analysis.plan == plan
    with_it = report.report_pdf_bytes(
        rm.collect_figures(nights, [], None, None), False, experiment=analysis
    )
    without = report.report_pdf_bytes(rm.collect_figures(nights, [], None, None), False)
    assert pages(with_it) == pages(without) + 1
    words = pdf_text(with_it, tmp_path)
    assert "personal experiment" in words and "Does my bedtime routine reduce" in words
    assert "From 8 complete pairs:" in words and "cannot be blinded" in words
    assert f"{analysis.complete_pairs} of 8" in words and "the plan was followed on" in words


# --------------------------------------------------------------------------------------------
# Every text marked for translation


def test_setup_under_the_pseudo_locale_has_no_english_left(qtbot, ctx, store) -> None:
    history(store, EVENING.date())
    with pseudo_language():
        page = show(qtbot, ExperimentPage(ctx))
        page.resize(1024, 600)
        page.setup.question.setCurrentIndex(1)  # the habit row, its placeholder and hint
        assert page.setup.habit.isVisible()
        assert page.setup.block_nights.text().startswith(i18n.PSEUDO_OPEN)
        allowed = [page.setup.start.text()]  # the date edit speaks Qt's own locale
        left = english_left(page, user_text=allowed, values=True)
        page.setup.habit.setText("warm foot soak")
        allowed += ["warm foot soak"]
        left += english_left(page, user_text=allowed, values=True) + clipped(page)
    assert left == [], "\n".join(left)


def test_progress_under_the_pseudo_locale_has_no_english_left(qtbot, ctx, store, clock) -> None:
    plan = ex.make_plan(start=date(2026, 3, 2), run_in_nights=0, pairs=8, seed=3)
    nights = experiment_nights(plan)
    store.merge_import(nights, [], [plan])
    left = []
    for day in (
        ex.schedule(plan)[7].last_night + timedelta(days=1),
        plan.last_night + timedelta(3),
    ):
        at_night(clock, day)
        with pseudo_language():
            page = show(qtbot, ExperimentPage(ctx))
            page.resize(1024, 600)
            assert page.stack.currentWidget() is page.progress
            assert page.progress.question.text() == ex.question_words(plan)
            left += english_left(page, values=True) + clipped(page)
            assert page.progress.strip.accessibleDescription().startswith(i18n.PSEUDO_OPEN)
        page.close()
    assert left == [], "\n".join(left)


def test_the_habit_question_under_the_pseudo_locale_has_no_english_left(
    qtbot, ctx, store, clock
) -> None:
    from companion.ui.diary_view import MorningPage

    plan = ex.make_plan(question="warm foot soak", start=date(2026, 11, 1), run_in_nights=0, seed=2)
    store.save_experiment(plan)
    clock.set_wall(datetime(2026, 11, 21, 7, 30).astimezone())  # the morning after 20 Nov
    with pseudo_language():
        page = show(qtbot, MorningPage(ctx))
        question = page.habit_question
        assert question.isVisible()
        # The habit is the user's own words; it stays as typed inside the marked sentences.
        left = english_left(question, user_text=["warm foot soak"], values=True)
        left += clipped(question)
        assert question.question.text().startswith(i18n.PSEUDO_OPEN)
        assert "warm foot soak" in question.question.text()
    assert left == [], "\n".join(left)
    page.close()
