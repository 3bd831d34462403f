"""The Tonight page driven like a user would: buttons and keys found by accessible name, a
FakeClock advanced by hand and the controller ticked at once. No test sleeps."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton, QWidget

from companion.core import wording
from companion.core.clock import FakeClock
from companion.core.diary import Night
from companion.core.routine import Routine, RoutineLibrary, Step
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.cue_player import NO_DEVICE_NOTICE, CuePlayer
from companion.ui.routine_view import (
    DONE_TITLE,
    PAUSED_NOTICE,
    STOP_QUESTION,
    SUSPEND_NOTICE,
    TonightPage,
    countdown_text,
)
from tests.ui.helpers import by_name
from tests.ui.test_cue_player import FakeAudio, FakeSpeech

ROUTINE = Routine(
    name="Test routine",
    description="A short routine for tests.",
    steps=(
        Step(
            id="calf",
            kind="stretch",
            name="Calf stretch",
            instruction="Lean into the wall.",
            illustration="standing-calf",
            hold_s=5,
            relax_s=5,
            reps=2,
        ),
        Step(
            id="roll",
            kind="activity",
            name="Arch roll",
            instruction="Roll your foot over a ball.",
            illustration="arch-roll",
            per_side=False,
            duration_s=20,
            limb="foot",
        ),
        Step(
            id="card",
            kind="card",
            name="Sleep position",
            instruction="A pillow under your knees.",
            illustration="sleep-position",
        ),
    ),
)


def text(root: QWidget, name: str) -> str:
    return by_name(root, QLabel, name).text()


def shown(root: QWidget, name: str) -> bool:
    return by_name(root, QLabel, name).isVisible()


def click(qtbot, root: QWidget, name: str) -> None:
    widget = by_name(root, QPushButton, name)
    assert widget.isVisible() and widget.isEnabled(), name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


class Rig:
    def __init__(self, page: TonightPage, clock: FakeClock, store: Store, audio: FakeAudio):
        self.page, self.clock, self.store, self.audio = page, clock, store, audio

    def go(self, seconds: float) -> None:
        """Let time pass and tick once, as the 100 ms timer would."""
        self.clock.advance(seconds)
        self.page.tick_now()

    def phase(self) -> str:
        return text(self.page, "Phase")

    def key(self, qtbot, key: Qt.Key) -> None:
        target = QApplication.focusWidget() or self.page.player
        qtbot.keyClick(target, key)


@pytest.fixture
def rig(qtbot, tmp_path: Path):
    theme.apply_theme(QApplication.instance(), "night")
    paths = AppPaths(tmp_path, tmp_path)
    RoutineLibrary(paths.custom_routines).save_custom(ROUTINE)
    store = Store.open(paths.diary)
    clock = FakeClock()
    ctx = AppContext(paths, Settings(routine=ROUTINE.name), store, clock)
    audio = FakeAudio()
    ctx.cues = CuePlayer(ctx.settings, ctx, audio=audio, speech=FakeSpeech())
    page = TonightPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    yield Rig(page, clock, store, audio)
    page.on_app_closing()
    page.close()
    store.close()


def test_start_screen_shows_tonight_routine_and_its_steps(qtbot, rig: Rig) -> None:
    page = rig.page
    assert by_name(page, QComboBox, "Tonight's routine").currentData() == ROUTINE.name
    assert text(page, "Step 1").startswith("1.  Calf stretch")
    assert "each side" in text(page, "Step 1")
    assert text(page, "Routine length").startswith("About 1 minute · 3 steps")
    assert text(page, "Tonight so far") == "Not yet tonight. Ready when you are."


def test_chooser_changes_tonight_routine_in_settings(qtbot, rig: Rig) -> None:
    page = rig.page
    chooser = by_name(page, QComboBox, "Tonight's routine")
    names = [chooser.itemData(i) for i in range(chooser.count())]
    assert names[:3] == ["Standard wind-down", "Gentle — flare day", "Foot focus"]
    chooser.setFocus()
    index = names.index("Foot focus")
    chooser.setCurrentIndex(index)
    chooser.activated.emit(index)
    assert page.ctx.settings.routine == "Foot focus"
    assert text(page, "Step 1").startswith("1.  Seated toe pull")


def test_whole_routine_by_buttons_records_a_completed_session(qtbot, rig: Rig) -> None:
    page = rig.page
    click(qtbot, page, "Start routine")
    assert page.stack.currentWidget() is page.player
    assert text(page, "Step name") == "Calf stretch"
    assert text(page, "Step number") == "Step 1 of 3"
    assert rig.phase() == "Get ready"
    assert text(page, "Side") == "Left leg"
    assert text(page, "Repetition") == "Repetition 1 of 2"

    rig.go(5)
    assert rig.phase() == "Hold" and text(page, "Side") == "Left leg"
    assert page.player.ring.text == "5"
    assert not page.player.illustration.mirrored
    rig.go(2.2)
    assert page.player.ring.text == "3"
    rig.go(2.8)
    assert rig.phase() == "Relax"
    rig.go(5)
    assert (rig.phase(), text(page, "Repetition")) == ("Hold", "Repetition 2 of 2")
    rig.go(5)
    assert (rig.phase(), text(page, "Side")) == ("Switch sides", "Right leg")
    rig.go(5)
    assert (rig.phase(), text(page, "Side"), text(page, "Repetition")) == (
        "Hold",
        "Right leg",
        "Repetition 1 of 2",
    )
    assert page.player.illustration.mirrored  # drawn for the left, flipped for the right
    assert text(page, "Next step") == "Next: Arch roll"
    rig.go(5)
    assert rig.phase() == "Relax"
    rig.go(5)
    assert (rig.phase(), text(page, "Repetition")) == ("Hold", "Repetition 2 of 2")
    rig.go(5)
    assert text(page, "Step name") == "Arch roll"
    assert rig.phase() == "Arch roll"  # an activity is named, not "Keep going"
    assert not shown(page, "Side") and not shown(page, "Repetition")
    assert text(page, "Time left") == "20 s left"
    rig.go(20)
    assert text(page, "Step name") == "Sleep position"
    assert rig.phase() == "Sleep position"  # the card is named, not headed "Read this"
    assert text(page, "Card text") == "A pillow under your knees."
    assert text(page, "Next step") == "This is the last step."
    assert not by_name(page, QPushButton, "Pause").isVisible()  # no timer on a card

    with qtbot.waitSignal(page.ctx.diary_changed, timeout=1000):
        click(qtbot, page, "Done")
    assert page.stack.currentWidget() is page.done_screen
    assert text(page, "Routine finished") == DONE_TITLE == "Well done. Sleep well."
    assert any("pillow" in lbl.text() for lbl in page.done_screen.tip_labels)

    sessions = rig.store.routine_sessions()
    assert len(sessions) == 1
    assert sessions[0].routine == ROUTINE.name and sessions[0].completed
    assert sessions[0].steps_done == 3

    plays = {Path(e.path).name: e.plays for e in rig.audio.effects}
    assert plays["hold.wav"] == 4 and plays["relax.wav"] == 2 and plays["switch.wav"] == 1
    assert plays["done.wav"] == 1

    click(qtbot, page, "Back to Tonight")
    assert page.stack.currentWidget() is page.start_screen
    assert text(page, "Tonight so far") == "You stretched tonight ✓"


def test_keys_pause_skip_back_and_restart(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    rig.go(5)
    assert rig.phase() == "Hold" and page.player.ring.text == "5"

    rig.key(qtbot, Qt.Key.Key_Space)
    assert rig.phase() == "Paused"
    assert text(page, "What to do now") == PAUSED_NOTICE
    assert by_name(page, QPushButton, "Resume").text() == "Go on"
    rig.go(100)  # paused: the countdown does not move
    assert page.player.ring.text == "5" and page.engine.paused
    rig.key(qtbot, Qt.Key.Key_Space)
    assert rig.phase() == "Hold" and text(page, "What to do now") != PAUSED_NOTICE
    rig.go(1)
    assert page.player.ring.text == "4"

    rig.key(qtbot, Qt.Key.Key_Right)
    assert text(page, "Step name") == "Arch roll"
    rig.key(qtbot, Qt.Key.Key_Left)  # straight away: back to the previous step
    assert text(page, "Step name") == "Calf stretch" and rig.phase() == "Get ready"
    rig.go(9)
    assert rig.phase() == "Hold" and page.player.ring.text == "1"
    rig.key(qtbot, Qt.Key.Key_R)
    assert rig.phase() == "Get ready" and page.player.ring.text == "5"

    # the same controls by button
    click(qtbot, page, "Pause")
    assert page.engine.paused
    click(qtbot, page, "Resume")
    assert not page.engine.paused
    click(qtbot, page, "Skip")
    assert text(page, "Step name") == "Arch roll"
    click(qtbot, page, "Back")
    assert text(page, "Step name") == "Calf stretch"
    rig.go(6)
    click(qtbot, page, "Restart step")
    assert rig.phase() == "Get ready"


def test_escape_asks_first_and_keep_going_resumes(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    rig.go(6)
    rig.key(qtbot, Qt.Key.Key_Escape)
    assert text(page, "Stop question") == STOP_QUESTION
    assert page.player.asking and page.engine.paused
    rig.go(30)
    assert page.stack.currentWidget() is page.player
    click(qtbot, page, "Keep going")
    assert not page.player.asking and not page.engine.paused
    assert rig.phase() == "Hold"

    click(qtbot, page, "Stop")
    assert page.player.asking
    messages: list[str] = []
    page.ctx.message.connect(messages.append)
    click(qtbot, page, "Stop routine")
    assert page.stack.currentWidget() is page.start_screen
    assert messages == [
        "Stopped after 0 of 3 steps; they are saved in tonight's diary. Tonight counts as "
        "stretched once all the stretches are done. You can start again any time."
    ]
    # recorded as it happened: started, stopped, not completed, so not "stretched"
    [session] = rig.store.routine_sessions()
    assert not session.completed and session.steps_done == 0
    assert text(page, "Tonight so far") == "You did part of a routine tonight. Ready when you are."


def test_stopping_after_the_stretches_still_records(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    rig.go(40)
    assert text(page, "Step name") == "Arch roll"
    rig.key(qtbot, Qt.Key.Key_Escape)
    click(qtbot, page, "Stop routine")
    assert page.stack.currentWidget() is page.done_screen
    assert text(page, "Saved note").startswith("You stopped after your stretches.")
    [session] = rig.store.routine_sessions()
    assert session.completed and session.steps_done == 1


def test_sleep_auto_pauses_with_a_calm_line(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    rig.go(6)
    rig.clock.suspend(600)  # the laptop lid was closed
    rig.go(0.1)
    assert page.engine.auto_paused_for_suspend
    assert rig.phase() == "Paused"
    assert text(page, "What to do now") == SUSPEND_NOTICE
    rig.key(qtbot, Qt.Key.Key_Space)
    assert rig.phase() == "Hold" and not page.engine.paused


def test_enter_confirms_a_card(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    rig.go(60)
    assert text(page, "Card text")
    page.player.card_text.setFocus()
    qtbot.keyClick(page.player.card_text, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.done_screen


def test_no_sound_device_notice_is_shown_once_on_the_player(qtbot, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path)
    ctx = AppContext(paths, Settings(), None, FakeClock())
    player = CuePlayer(ctx.settings, ctx, audio=FakeAudio(outputs=False), speech=FakeSpeech())
    notices: list[str] = []
    player.unavailable.connect(notices.append)
    ctx.cues = player
    page = TonightPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.start_routine()
    assert text(page, "Player notice") == NO_DEVICE_NOTICE and shown(page, "Player notice")
    for _ in range(30):
        ctx.clock.advance(1)
        page.tick_now()
    assert notices == [NO_DEVICE_NOTICE]
    page.on_app_closing()  # no store: nothing to record, and no error
    page.close()


def test_countdown_is_huge_and_scales_with_the_window(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    rig.go(5)
    ring = page.player.ring
    ring.repaint()
    big = ring.digit_pixel_size
    base_px = page.ctx.look.point_size * page.logicalDpiY() / 72
    assert big >= 8 * base_px
    page.resize(1400, 1000)
    QApplication.processEvents()
    ring.repaint()
    assert ring.digit_pixel_size > big


def test_words_for_times() -> None:
    assert countdown_text(9.01) == "10" and countdown_text(0.2) == "1"
    assert countdown_text(300) == "5:00"
    assert wording.time_left(380) == "6 min 20 s left"
    assert wording.time_left(60) == "1 min left"


def test_signal_emits_do_not_drain_true() -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit and aborted the app after a few
    hundred; the player emits ten snapshots a second. The version pin guards this."""

    class Probe(QObject):
        ping = Signal(object)

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(2000):
        probe.ping.emit(1)
    assert sys.getrefcount(True) >= before - 5


def test_every_focusable_control_has_an_accessible_name(qtbot, rig: Rig) -> None:
    from companion.ui.routine_editor import RoutineEditor

    editor = RoutineEditor(rig.page.ctx)
    qtbot.addWidget(editor)
    for root in (rig.page, editor):
        unnamed = [
            f"{type(w).__name__} in {type(w.parent()).__name__}"
            for w in root.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.window() is root  # not a combo box's own popup list
            and not w.accessibleName()
            and type(w).__name__ not in ("QScrollBar", "QLineEdit")  # inner parts of spin/combos
            and not type(w.parent()).__name__.endswith(("SpinBox", "ComboBox"))
        ]
        assert unnamed == [], unnamed


def test_large_text_setting_grows_the_player_at_once(qtbot, rig: Rig) -> None:
    page = rig.page
    page.start_routine()
    word = by_name(page, QLabel, "Phase")
    before = word.font().pointSizeF()
    page.ctx.update_settings(large_text=True)  # the context applies the look and announces it
    try:
        assert word.font().pointSizeF() > before
    finally:
        page.ctx.update_settings(large_text=False)


def test_tonight_lists_true_step_lengths_and_a_derived_routine_length(qtbot, rig: Rig) -> None:
    """Issue 11: a 12 s step showed "10 s", 60 s per side showed "2 min 5 s · each side"."""
    page = rig.page
    chooser = by_name(page, QComboBox, "Tonight's routine")
    index = [chooser.itemData(i) for i in range(chooser.count())].index("Foot focus")
    chooser.setCurrentIndex(index)
    chooser.activated.emit(index)
    assert text(page, "Step 2") == "2.  Foot arch roll — 1 min each side (2 min in all)"
    assert text(page, "Step 1").endswith("50 s each side (1 min 40 s in all)")
    assert text(page, "Routine length") == "About 7 minutes, 12 with the optional step · 6 steps"
    assert "minutes" not in text(page, "Routine description")
    page.start_screen.show_routine(
        Routine(
            "Short",
            "",
            (
                Step(
                    id="a",
                    kind="activity",
                    name="Breathe",
                    instruction="In.",
                    duration_s=12,
                    per_side=False,
                ),
                Step(
                    id="b",
                    kind="stretch",
                    name="Toes",
                    instruction="Pull.",
                    hold_s=8,
                    relax_s=1,
                    reps=3,
                ),
            ),
        )
    )
    assert text(page, "Step 1") == "1.  Breathe — 12 s"
    assert text(page, "Step 2") == "2.  Toes — 26 s each side (52 s in all)"


def test_a_stopped_routine_is_saved_but_counts_as_stretched_only_when_completed(
    qtbot, rig: Rig
) -> None:
    page = rig.page
    page.start_routine()
    rig.go(40)  # the stretch is done, the arch roll has begun
    rig.key(qtbot, Qt.Key.Key_Escape)
    click(qtbot, page, "Stop routine")
    click(qtbot, page, "Back to Tonight")
    assert text(page, "Tonight so far") == "You stretched tonight ✓"
    # another evening: stopped in the middle of the stretch
    rig.clock.advance(24 * 3600)
    page.refresh()
    page.start_routine()
    rig.go(5 + 5 + 5 + 2)  # get ready, hold, relax, into the second hold
    rig.key(qtbot, Qt.Key.Key_Escape)
    click(qtbot, page, "Stop routine")
    second = rig.store.routine_sessions()[-1]
    assert not second.completed
    assert text(page, "Tonight so far") == "You did part of a routine tonight. Ready when you are."
    # the morning note of that night: a stopped routine does not make it "stretched"
    rig.store.save_night(Night(second.night, sleep_quality=3), morning_note=True)
    assert rig.store.get_night(second.night).stretched is None
    first = rig.store.routine_sessions()[0]
    rig.store.save_night(Night(first.night, sleep_quality=3), morning_note=True)
    assert rig.store.get_night(first.night).stretched is True


def test_the_player_is_built_when_first_needed_and_takes_the_text_size_chosen_before(
    qtbot, rig: Rig
) -> None:
    """The first paint needs only the start screen (DESIGN.md's start-up bar), so the player and
    the well-done screen are built when a routine starts; one built after a text-size change
    still gets the new size."""
    page = rig.page
    names = [w.accessibleName() for w in page.findChildren(QLabel)]
    assert "Routine length" in names and "Step number" not in names
    normal = page.ctx.look.point_size
    page.ctx.update_settings(large_text=True)
    try:
        assert page.ctx.look.point_size > normal
        click(qtbot, page, "Start routine")
        assert rig.phase()
        count = by_name(page, QLabel, "Step number")
        assert count.isVisible()
        assert count.font().pointSizeF() == pytest.approx(page.ctx.look.point_size * 1.15, abs=0.1)
    finally:
        page.ctx.update_settings(large_text=False)


def test_a_theme_change_repaints_the_ring_in_the_new_colours(qtbot, rig: Rig) -> None:
    """The page passes the context's new look to the player: the ring's track and digits are in
    the day colours at once, none in the night ones."""
    from tests.ui.test_body_map import painted_colours

    page = rig.page
    page.ctx.update_settings(theme="night")
    click(qtbot, page, "Start routine")
    ring = page.player.ring

    def ring_colours(c: theme.Colors) -> set[str]:
        return {c.accent, c.muted_text, c.border}

    assert ring_colours(theme.NIGHT) & painted_colours(ring)
    page.ctx.update_settings(theme="day")
    try:
        day = painted_colours(ring)
        assert ring_colours(theme.DAY) & day and not ring_colours(theme.NIGHT) & day
    finally:
        page.ctx.update_settings(theme="night")
