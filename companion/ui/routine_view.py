"""The Tonight page: choose tonight's routine, then a calm player you can follow from the floor.

Three screens in one stack:

1. Start: tonight's routine (a chooser), its steps and length, a big "Start routine" button and
   whether you already stretched tonight.
2. Player: a huge countdown inside a ring, the phase word ("Hold", "Relax", ...) and the side and
   repetition in words, never colour alone; the illustration (mirrored for the right side); what
   comes next; the whole routine's progress. Keyboard: Space pause/resume, Right skip, Left back,
   R restart the step, Esc stop (asks first), F11 full screen, Enter presses the focused button.
3. Done: "Well done. Sleep well." with the sleep-position tips.

The timing lives in :class:`companion.core.session.SessionEngine`. ``SessionController`` only
calls ``engine.tick()`` from a ~100 ms QTimer and forwards snapshots and cues: it never counts
ticks, so a busy event loop delays what is *shown*, never what *is*.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
    QTransform,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core import wording
from companion.core.cues import Cue
from companion.core.diary import night_of
from companion.core.routine import Routine, description_without_length
from companion.core.session import Phase, SessionEngine, Snapshot
from companion.paths import asset
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.cue_player import CuePlayer, cue_player_for
from companion.ui.widgets import button, card, label

log = logging.getLogger(__name__)

TICK_MS = 100
PHASE_WORDS = {
    Phase.GET_READY: "Get ready",
    Phase.HOLD: "Hold",
    Phase.RELAX: "Relax",
    Phase.SWITCH_SIDES: "Switch sides",
    Phase.ACTIVITY: "Keep going",
    Phase.CARD: "Read this",
    Phase.DONE: "Done",
    Phase.STOPPED: "Stopped",
}
SUSPEND_NOTICE = "Paused while the computer was asleep. Press Space to go on."
PAUSED_NOTICE = "Paused. Press Space to go on."
STOP_QUESTION = "Stop the routine here? The steps you have done are saved in tonight's diary."
SLEEP_TIPS = (
    "On your back, put a pillow under your knees.",
    "On your side, put a pillow between your knees.",
    "Keep your feet relaxed, not pointed down.",
    "Loosen the covers at the foot of the bed so they don't press your toes down.",
)
DONE_TITLE = "Well done. Sleep well."


# -------------------------------------------------------------------------------------- words


def stopped_words(engine: SessionEngine | None, recorded: bool) -> str:
    """What happened to a routine stopped before its stretches were all done, said as it is."""
    if engine is None or not recorded:
        return "Stopped. You can start again any time."
    done = engine.result().steps_done
    total = len(engine.routine.steps)
    return (
        f"Stopped after {done} of {wording.plural(total, 'step')}; they are saved in tonight's "
        "diary. Tonight "
        "counts as stretched once all the stretches are done. You can start again any time."
    )


def countdown_text(seconds: float) -> str:
    """Whole seconds, rounded up (a phase shows 10 at its start and 1 in its last second)."""
    total = max(0, math.ceil(seconds - 1e-6))
    if total >= 60:
        return f"{total // 60}:{total % 60:02d}"
    return str(total)


# -------------------------------------------------------------------------------- controller


class SessionController(QObject):
    """Runs one SessionEngine from a QTimer; forwards snapshots and cues. Counts nothing itself."""

    snapshot_changed = Signal(object)  # Snapshot
    cue = Signal(object)  # Cue
    ended = Signal(object)  # the last Snapshot (phase DONE or STOPPED), once

    def __init__(self, clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.engine: SessionEngine | None = None
        self._ended = False
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self.engine is not None and not self._ended

    def start(self, routine: Routine) -> None:
        self.engine = SessionEngine(routine, self.clock, on_cue=self.cue.emit)
        self._ended = False
        self.engine.start()
        self.timer.start()
        self._publish(self.engine.snapshot)

    def tick(self) -> Snapshot | None:
        """Let the engine notice every deadline that passed; publish what it now shows."""
        if self.engine is None or self._ended:
            return None
        snap = self.engine.tick()
        self._publish(snap)
        return snap

    def act(self, action: str) -> None:
        """Forward a user action (pause, skip, back, ...) and show its result at once."""
        if self.engine is None or self._ended:
            return
        getattr(self.engine, action)()
        self._publish(self.engine.snapshot)

    def _publish(self, snap: Snapshot) -> None:
        self.snapshot_changed.emit(snap)
        if snap.phase in (Phase.DONE, Phase.STOPPED) and not self._ended:
            self._ended = True
            self.timer.stop()
            self.ended.emit(snap)

    def shutdown(self) -> None:
        self.timer.stop()


# ---------------------------------------------------------------------------------- widgets


class CountdownRing(QWidget):
    """The big countdown: whole seconds inside a ring that empties as the phase runs out.

    Digits are sized from the ring (so they grow with the window) and are at least ~8x the base
    font when the window allows. Hold draws a solid, thick arc; the other phases a thinner one,
    so the phase is told apart by shape as well as by the phase word beside it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Countdown")
        self.setMinimumSize(QSize(220, 220))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text = ""
        self.fraction = 1.0
        self.strong = True
        self.paused = False
        self.digit_pixel_size = 0.0

    def set_state(self, text: str, fraction: float, *, strong: bool, paused: bool) -> None:
        changed = (text, round(fraction, 3), strong, paused) != (
            self.text,
            round(self.fraction, 3),
            self.strong,
            self.paused,
        )
        self.text, self.fraction, self.strong, self.paused = text, fraction, strong, paused
        if changed:
            self.setAccessibleDescription(f"{text} seconds left in this phase" if text else "")
            self.update()

    def _digit_font(self, diameter: float) -> QFont:
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        size = diameter * 0.44
        font.setPixelSize(max(12, int(size)))
        sample = self.text or "10"
        width = QFontMetricsF(font).horizontalAdvance(sample)
        if width > diameter * 0.72:
            font.setPixelSize(max(12, int(size * diameter * 0.72 / width)))
        self.digit_pixel_size = float(font.pixelSize())
        return font

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        c = theme.current.colors
        side = min(self.width(), self.height())
        pen_w = max(8.0, side * (0.07 if self.strong else 0.035))
        diameter = side - pen_w - 4
        rect = QRectF(
            (self.width() - diameter) / 2, (self.height() - diameter) / 2, diameter, diameter
        )
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QPen(QColor(c.border), max(4.0, side * 0.035))
        p.setPen(track)
        p.drawEllipse(rect)
        if self.fraction > 0:
            colour = c.accent if self.strong and not self.paused else c.muted_text
            arc = QPen(QColor(colour), pen_w)
            arc.setCapStyle(Qt.PenCapStyle.RoundCap)
            if self.paused:  # a broken ring: stopped, in shape as well as in words
                arc.setCapStyle(Qt.PenCapStyle.FlatCap)
                arc.setDashPattern([1.2, 0.8])
            p.setPen(arc)
            span = int(-360 * 16 * max(0.0, min(1.0, self.fraction)))
            p.drawArc(rect, 90 * 16, span)
        p.setPen(QColor(c.text))
        p.setFont(self._digit_font(diameter))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)
        p.end()


class Illustration(QWidget):
    """An exercise drawing: the SVG tinted with the theme's text colour, mirrored for the right side.

    The drawings are made for the left side; when the current side differs, the picture is
    flipped, so what you see matches the leg you are working.
    """

    def __init__(self, accessible_name: str = "Illustration") -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.setMinimumSize(QSize(180, 150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.stem: str | None = None
        self.mirrored = False
        self._cache_key: tuple | None = None
        self._pixmap: QPixmap | None = None

    def show_stem(self, stem: str | None, mirrored: bool = False, description: str = "") -> None:
        if (stem, mirrored) != (self.stem, self.mirrored):
            self.stem, self.mirrored = stem, mirrored
            self._cache_key = None
            self.update()
        self.setAccessibleDescription(description)

    def recolour(self) -> None:
        self._cache_key = None
        self.update()

    def _render(self, w: int, h: int) -> QPixmap | None:
        from PySide6.QtSvg import QSvgRenderer  # lazily: only the player needs SVG

        if not self.stem:
            return None
        path = asset("illustrations", f"{self.stem}.svg")
        if not path.is_file():
            return None
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return None
        ratio = self.devicePixelRatioF() or 1.0
        size = renderer.defaultSize().scaled(
            int(w * ratio), int(h * ratio), Qt.AspectRatioMode.KeepAspectRatio
        )
        if size.isEmpty():
            return None
        pix = QPixmap(size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        p.fillRect(pix.rect(), QColor(theme.current.colors.text))
        p.end()
        if self.mirrored:
            pix = pix.transformed(QTransform().scale(-1, 1))
        pix.setDevicePixelRatio(ratio)
        return pix

    def paintEvent(self, event) -> None:  # noqa: N802
        key = (self.stem, self.mirrored, self.width(), self.height(), theme.current.colors.text)
        if key != self._cache_key:
            self._pixmap = self._render(self.width(), self.height())
            self._cache_key = key
        if self._pixmap is None:
            return
        ratio = self._pixmap.devicePixelRatio() or 1.0
        w, h = self._pixmap.width() / ratio, self._pixmap.height() / ratio
        p = QPainter(self)
        p.drawPixmap(QPointF((self.width() - w) / 2, (self.height() - h) / 2), self._pixmap)
        p.end()


def _sized(widget: QLabel, factor: float, bold: bool = False) -> QLabel:
    """Scale a label from the theme's point size (so 'large text' carries through)."""
    widget.setProperty("scale", factor)
    font = QFont(widget.font())
    font.setPointSizeF(theme.current.point_size * factor)
    font.setBold(bold)
    widget.setFont(font)
    # The app stylesheet sets a QWidget font-size; a per-widget rule wins over it.
    weight = "600" if bold else "normal"
    widget.setStyleSheet(
        f"font-size: {theme.current.point_size * factor:.1f}pt; font-weight: {weight};"
    )
    return widget


# ----------------------------------------------------------------------------------- screens


class StartScreen(QWidget):
    """Tonight's routine, its steps and length, and a big Start button."""

    def __init__(self, page: TonightPage) -> None:
        super().__init__()
        self.page = page
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 16)
        outer.setSpacing(14)
        outer.addWidget(label("Tonight", "title"))
        self.status = label("", None)
        self.status.setAccessibleName("Tonight so far")
        _sized(self.status, 1.15)
        outer.addWidget(self.status)
        self.warning = label("", "warning")
        self.warning.setAccessibleName("Routine warning")
        self.warning.hide()
        outer.addWidget(self.warning)

        row = QHBoxLayout()
        chooser_label = label("Routine:", None, wrap=False)
        row.addWidget(chooser_label)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Tonight's routine")
        self.chooser.setMinimumHeight(44)
        self.chooser.setMinimumContentsLength(22)
        chooser_label.setBuddy(self.chooser)
        row.addWidget(self.chooser, 1)
        self.edit_button = button(
            "Edit routines…", "Edit routines", tip="Make your own copy, change steps and times"
        )
        row.addWidget(self.edit_button)
        outer.addLayout(row)

        summary = card()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(22, 16, 22, 16)
        self.length = label("", None)
        self.length.setAccessibleName("Routine length")
        _sized(self.length, 1.3, bold=True)
        summary_layout.addWidget(self.length)
        self.description = label("", "muted")
        self.description.setAccessibleName("Routine description")
        summary_layout.addWidget(self.description)
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(4)
        summary_layout.addLayout(self.steps_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(summary)
        scroll.setAccessibleName("Routine steps")
        outer.addWidget(scroll, 1)

        self.start_button = button(
            "Start routine", "Start routine", primary=True, tip="Begin the guided stretches"
        )
        self.start_button.setMinimumHeight(76)
        _big_button(self.start_button, 1.5)
        outer.addWidget(self.start_button)
        hint = label(
            "During the routine: Space pauses, Esc stops. Sound and voice are in Settings.", "muted"
        )
        outer.addWidget(hint)

    def show_routine(self, routine: Routine) -> None:
        while self.steps_box.count():
            item = self.steps_box.takeAt(0)
            old = item.widget()
            if old is not None:
                old.setParent(None)  # gone at once, not only after the next event loop turn
                old.deleteLater()
        for number, step in enumerate(routine.steps, start=1):
            optional = " · optional" if step.optional else ""
            line = label(f"{number}.  {step.name} — {wording.step_length(step)}{optional}")
            line.setAccessibleName(f"Step {number}")
            self.steps_box.addWidget(line)
        steps = wording.plural(len(routine.steps), "step")
        self.length.setText(f"{wording.routine_length(routine)} · {steps}")
        description = description_without_length(routine.description)
        self.description.setText(description)
        self.description.setVisible(bool(description))


def _big_button(widget: QPushButton, factor: float) -> None:
    widget.setProperty("scale", factor)
    widget.setStyleSheet(f"font-size: {theme.current.point_size * factor:.1f}pt;")


def rescale(root: QWidget) -> None:
    """Re-apply the scaled sizes after the text size setting changed."""
    for widget in root.findChildren(QWidget):
        factor = widget.property("scale")
        if not factor:
            continue
        if isinstance(widget, QLabel):
            _sized(widget, float(factor), widget.font().bold())
        elif isinstance(widget, QPushButton):
            _big_button(widget, float(factor))


class PlayerScreen(QWidget):
    """The routine player; everything the user needs is in words as well as shapes."""

    def __init__(self, page: TonightPage) -> None:
        super().__init__()
        self.page = page
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        outer.setSpacing(8)

        head = QHBoxLayout()
        self.step_name = label("", None)
        self.step_name.setAccessibleName("Step name")
        _sized(self.step_name, 1.7, bold=True)
        head.addWidget(self.step_name, 1)
        self.step_count = label("", "muted", wrap=False)
        self.step_count.setAccessibleName("Step number")
        _sized(self.step_count, 1.15)
        head.addWidget(self.step_count, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)
        self.how = label("", "muted")
        self.how.setAccessibleName("How to do it")
        outer.addWidget(self.how)

        self.notice = label("", "muted")
        self.notice.setAccessibleName("Player notice")
        _sized(self.notice, 1.15)
        self.notice.hide()
        outer.addWidget(self.notice)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        self.ring = CountdownRing()
        middle.addWidget(self.ring, 5)

        self.card_panel = card()
        card_layout = QVBoxLayout(self.card_panel)
        card_layout.setContentsMargins(26, 22, 26, 22)
        self.card_text = label("")
        self.card_text.setAccessibleName("Card text")
        _sized(self.card_text, 1.5)
        card_layout.addWidget(self.card_text, 1)
        self.done_button = button("Done", "Done", primary=True, tip="I have read this (Enter)")
        self.done_button.setMinimumHeight(76)
        _big_button(self.done_button, 1.6)
        card_layout.addWidget(self.done_button)
        self.card_panel.hide()
        middle.addWidget(self.card_panel, 5)

        right = QVBoxLayout()
        right.setSpacing(2)
        self.phase_word = label("", None, wrap=False)
        self.phase_word.setAccessibleName("Phase")
        _sized(self.phase_word, 3.6, bold=True)
        right.addWidget(self.phase_word)
        self.side = label("", None, wrap=False)
        self.side.setAccessibleName("Side")
        _sized(self.side, 2.2, bold=True)
        right.addWidget(self.side)
        self.rep = label("", None, wrap=False)
        self.rep.setAccessibleName("Repetition")
        _sized(self.rep, 1.6)
        right.addWidget(self.rep)
        self.illustration = Illustration("Illustration of the step")
        right.addWidget(self.illustration, 1)
        middle.addLayout(right, 4)
        outer.addLayout(middle, 1)

        self.instruction = label("", None)
        self.instruction.setAccessibleName("What to do now")
        _sized(self.instruction, 1.6)
        outer.addWidget(self.instruction)
        self.next_label = label("", "muted")
        self.next_label.setAccessibleName("Next step")
        _sized(self.next_label, 1.2)
        outer.addWidget(self.next_label)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Routine progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(18)
        self.restyle()
        progress_row.addWidget(self.progress, 1)
        self.time_left = label("", None, wrap=False)
        self.time_left.setAccessibleName("Time left")
        _sized(self.time_left, 1.2)
        progress_row.addWidget(self.time_left)
        outer.addLayout(progress_row)

        controls = QHBoxLayout()
        controls.setSpacing(10)
        self.back_button = button(
            "◀  Back",
            "Back",
            tip="Back to the start of this hold; press again for the one before (Left)",
        )
        self.pause_button = button("Pause", "Pause", tip="Pause or go on (Space)")
        self.skip_button = button("Skip  ▶", "Skip", tip="Next step (Right)")
        self.restart_button = button(
            "Restart step", "Restart step", tip="Start this step again (R)"
        )
        self.stop_button = button("Stop", "Stop", tip="End the routine (Esc)")
        for b in (
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.restart_button,
            self.stop_button,
        ):
            b.setMinimumHeight(60)
            controls.addWidget(b, 1)
        self.pause_button.setProperty("primary", True)
        self.full_button = button("Full screen", "Full screen", tip="Fill the screen (F11)")
        self.full_button.setMinimumHeight(60)
        controls.addWidget(self.full_button)
        outer.addLayout(controls)

        # Stop confirmation: in the page, calm, nothing pops up over the countdown.
        self.confirm = QFrame()
        self.confirm.setProperty("role", "banner")
        confirm_layout = QHBoxLayout(self.confirm)
        confirm_layout.setContentsMargins(18, 12, 12, 12)
        self.confirm_text = label(STOP_QUESTION)
        self.confirm_text.setAccessibleName("Stop question")
        _sized(self.confirm_text, 1.15)
        confirm_layout.addWidget(self.confirm_text, 1)
        self.keep_going_button = button("Keep going", "Keep going", primary=True)
        self.confirm_stop_button = button("Stop routine", "Stop routine")
        for b in (self.keep_going_button, self.confirm_stop_button):
            b.setMinimumHeight(56)
            confirm_layout.addWidget(b)
        self.confirm.hide()
        outer.addWidget(self.confirm)

    def restyle(self) -> None:
        """Theme colours for the progress bar: a soft fill, so the countdown stays the focus."""
        c = theme.current.colors
        self.progress.setStyleSheet(
            f"QProgressBar {{ background: {c.surface}; border: 1px solid {c.border};"
            f" border-radius: 8px; }}"
            f" QProgressBar::chunk {{ background: {c.muted_text}; border-radius: 7px; }}"
        )

    # -- showing a snapshot
    def show_snapshot(
        self, snap: Snapshot, notice: str | None, pause_notice: str | None = None
    ) -> None:
        step = snap.step
        self.step_name.setText(step.name)
        self.step_count.setText(f"Step {snap.step_index + 1} of {snap.step_count}")
        optional = (
            " This step is optional: press Skip if you'd rather not." if step.optional else ""
        )
        # The how-to line, unless the big instruction line below already says the same.
        how = step.instruction if step.kind == "stretch" else ""
        self.how.setText((how + optional).strip())
        self.how.setVisible(bool(self.how.text()))

        is_card = snap.phase == Phase.CARD
        self.card_panel.setVisible(is_card)
        self.ring.setVisible(not is_card)
        if is_card:
            self.card_text.setText(step.instruction)
        word = "Paused" if snap.paused else PHASE_WORDS.get(snap.phase, "")
        self.phase_word.setText(word)
        self.side.setText(snap.side_label or "")
        self.side.setVisible(bool(snap.side_label))
        if snap.reps and snap.phase in (Phase.HOLD, Phase.RELAX, Phase.GET_READY):
            self.rep.setText(f"Repetition {snap.rep} of {snap.reps}")
        else:
            self.rep.setText("")
        self.rep.setVisible(bool(self.rep.text()))
        mirrored = snap.side is not None and snap.side != "left"
        where = f", {snap.side_label.lower()}" if snap.side_label else ""
        self.illustration.show_stem(step.illustration, mirrored, f"{step.name}{where}")

        fraction = snap.remaining_s / snap.phase_total_s if snap.phase_total_s > 0 else 0.0
        self.ring.set_state(
            countdown_text(snap.remaining_s),
            fraction,
            strong=snap.phase == Phase.HOLD,
            paused=snap.paused,
        )
        if snap.paused:
            now_text = pause_notice or PAUSED_NOTICE
        elif is_card:
            now_text = "Read this, then press Done."
        else:
            now_text = snap.instruction
        self.instruction.setText(now_text)
        _sized(self.instruction, 1.6, bold=snap.paused)
        self.next_label.setText(snap.next_label or "This is the last step.")
        total = snap.routine_total_s
        done = 1.0 - (snap.routine_remaining_s / total) if total > 0 else 1.0
        self.progress.setValue(int(round(max(0.0, min(1.0, done)) * 1000)))
        left = snap.routine_remaining_s
        self.time_left.setText(wording.time_left(left) if left > 0 else "Last step")
        self.progress.setAccessibleDescription(
            f"{round(done * 100)} percent done, {self.time_left.text()}"
        )
        self.pause_button.setText("Go on" if snap.paused else "Pause")
        self.pause_button.setAccessibleName("Resume" if snap.paused else "Pause")
        # A card has no timer: nothing to pause or restart, so those buttons step aside.
        self.pause_button.setVisible(not is_card)
        self.restart_button.setVisible(not is_card)
        # Only information (no sound device): muted, so it never pulls the eye from the countdown.
        text = notice or ""
        if text != self.notice.text():
            self.notice.setText(text)
        self.notice.setVisible(bool(text))


class DoneScreen(QWidget):
    """A warm ending with the sleep-position tips."""

    def __init__(self, page: TonightPage) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 36, 40, 24)
        outer.setSpacing(14)
        self.title = label(DONE_TITLE, "hero")
        self.title.setAccessibleName("Routine finished")
        _sized(self.title, 2.6, bold=True)
        outer.addWidget(self.title)
        self.saved = label("", None)
        self.saved.setAccessibleName("Saved note")
        _sized(self.saved, 1.2)
        outer.addWidget(self.saved)
        row = QHBoxLayout()
        tips_card = card()
        tips_layout = QVBoxLayout(tips_card)
        tips_layout.setContentsMargins(24, 18, 24, 18)
        tips_layout.addWidget(_sized(label("For a calm night", None), 1.3, bold=True))
        self.tip_labels = []
        for tip in SLEEP_TIPS:
            tip_label = label(f"•  {tip}")
            _sized(tip_label, 1.2)
            tip_label.setAccessibleName("Sleep tip")
            tips_layout.addWidget(tip_label)
            self.tip_labels.append(tip_label)
        row.addWidget(tips_card, 3)
        self.picture = Illustration("Sleep position illustration")
        self.picture.show_stem(
            "sleep-position", False, "Lying on your back, pillow under the knees"
        )
        row.addWidget(self.picture, 2)
        outer.addLayout(row)
        self.back_button = button("Back to Tonight", "Back to Tonight", primary=True)
        self.back_button.setMinimumHeight(64)
        outer.addWidget(self.back_button)
        outer.addStretch(1)


# -------------------------------------------------------------------------------------- page


class TonightPage(QWidget):
    """Start screen, player and done screen for tonight's routine."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setAccessibleName("Tonight")
        self.library = ctx.routine_library()
        self._cues: CuePlayer | None = None  # built at first use: audio set-up slows start-up
        self.controller = SessionController(ctx.clock, self)
        self.routine: Routine | None = None
        self._notice: str | None = None
        self._paused_by_question = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.start_screen = StartScreen(self)
        self.player = PlayerScreen(self)
        self.done_screen = DoneScreen(self)
        # The player and done screens join the stack when first shown: styling a hidden screen
        # at start-up costs time the first paint does not need.
        self.stack.addWidget(self.start_screen)

        s = self.start_screen
        s.start_button.clicked.connect(self.start_routine)
        s.edit_button.clicked.connect(self.edit_routines)
        s.chooser.activated.connect(self._routine_chosen)
        pl = self.player
        pl.pause_button.clicked.connect(self.toggle_pause)
        pl.skip_button.clicked.connect(lambda: self._act("skip"))
        pl.back_button.clicked.connect(lambda: self._act("back"))
        pl.restart_button.clicked.connect(lambda: self._act("restart_step"))
        pl.stop_button.clicked.connect(self.ask_stop)
        pl.done_button.clicked.connect(lambda: self._act("confirm_card"))
        pl.keep_going_button.clicked.connect(self.keep_going)
        pl.confirm_stop_button.clicked.connect(self.stop_routine)
        pl.full_button.clicked.connect(self.toggle_full_screen)
        self.done_screen.back_button.clicked.connect(self.show_start)

        self.controller.snapshot_changed.connect(self._show_snapshot)
        self.controller.cue.connect(self._on_cue)
        self.controller.ended.connect(self._on_ended)
        ctx.settings_changed.connect(self._on_settings_changed)
        ctx.diary_changed.connect(self._refresh_status)

        self._shortcuts: list[QShortcut] = []
        for key, slot in (
            (Qt.Key.Key_Space, self.toggle_pause),
            (Qt.Key.Key_Right, lambda: self._act("skip")),
            (Qt.Key.Key_Left, lambda: self._act("back")),
            (Qt.Key.Key_R, lambda: self._act("restart_step")),
            (Qt.Key.Key_Escape, self._escape),
            (Qt.Key.Key_F11, self.toggle_full_screen),
        ):
            shortcut = QShortcut(QKeySequence(key), self.player, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._shortcuts.append(shortcut)

        self.refresh()
        for w in self._library_warnings():
            self.ctx.message.emit(w)

    # -- start screen ------------------------------------------------------------------------
    def _library_warnings(self) -> list[str]:
        return list(getattr(self.library, "warnings", []))

    def current_routine(self) -> Routine:
        routine = self.library.get(self.ctx.settings.routine)
        return routine if routine is not None else self.library.all()[0]

    def refresh(self) -> None:
        """Re-read routines and tonight's state (after editing, or when the page is shown)."""
        chooser = self.start_screen.chooser
        routines = self.library.all()
        current = self.current_routine()
        chooser.blockSignals(True)
        chooser.clear()
        for r in routines:
            chooser.addItem(r.name if r.builtin else f"{r.name} (yours)", r.name)
        chooser.setCurrentIndex(max(0, [r.name for r in routines].index(current.name)))
        chooser.blockSignals(False)
        self.start_screen.show_routine(current)
        warnings = self._library_warnings()
        self.start_screen.warning.setText(" ".join(warnings))
        self.start_screen.warning.setVisible(bool(warnings))
        self._refresh_status()

    def _refresh_status(self) -> None:
        self.start_screen.status.setText(self.tonight_status())

    def tonight_status(self) -> str:
        store = self.ctx.store
        if store is None:
            return "Ready when you are."
        tonight = night_of(self.ctx.clock.now())
        try:
            sessions = store.routine_sessions(tonight - timedelta(days=1), tonight)
        except Exception:  # noqa: BLE001 - a diary problem must not break the start screen
            log.exception("could not read routine sessions")
            return "Ready when you are."
        done = {s.night for s in sessions if s.completed}
        if tonight in done:
            return "You stretched tonight ✓"
        if any(s.night == tonight for s in sessions):
            return "You did part of a routine tonight. Ready when you are."
        if tonight - timedelta(days=1) in done:
            return "Last night you did your stretches. Ready when you are."
        return "Not yet tonight. Ready when you are."

    def _routine_chosen(self, index: int) -> None:
        name = self.start_screen.chooser.itemData(index)
        if name and name != self.ctx.settings.routine:
            self.ctx.update_settings(routine=name)
        self.start_screen.show_routine(self.current_routine())

    def edit_routines(self) -> None:
        from companion.ui.routine_editor import RoutineEditor

        dialog = RoutineEditor(self.ctx, self.library, self.window())
        dialog.exec()
        self.library = self.ctx.routine_library()
        self.refresh()

    def show_start(self) -> None:
        self.refresh()
        self._show_screen(self.start_screen)
        self.start_screen.start_button.setFocus()

    def _show_screen(self, screen: QWidget) -> None:
        if self.stack.indexOf(screen) < 0:
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)

    @property
    def cues(self) -> CuePlayer:
        """The app's cue player, set up when a routine first needs it, not at start-up."""
        if self._cues is None:
            self._cues = cue_player_for(self.ctx)
            self._cues.unavailable.connect(self._on_cues_unavailable)
        return self._cues

    # -- playing -------------------------------------------------------------------------------
    def start_routine(self) -> None:
        """Start tonight's routine (also used by the tray's "Start tonight's routine")."""
        if self.controller.running:
            self._show_screen(self.player)
            return
        self.routine = self.current_routine()
        self._notice = self.cues.check()
        self.player.confirm.hide()
        self._show_screen(self.player)
        self.controller.start(self.routine)
        self.player.pause_button.setFocus()

    def tick_now(self) -> Snapshot | None:
        """Tick the engine at once (tests drive a FakeClock and call this)."""
        return self.controller.tick()

    @property
    def engine(self) -> SessionEngine | None:
        return self.controller.engine

    def _act(self, action: str) -> None:
        if self.stack.currentWidget() is not self.player or not self.controller.running:
            return
        if self.player.confirm.isVisible():
            return  # answer the stop question first
        self.controller.act(action)

    def toggle_pause(self) -> None:
        if self.player.confirm.isVisible():
            self.keep_going()
            return
        self._act("toggle_pause")

    def _escape(self) -> None:
        if self.player.confirm.isVisible():
            self.keep_going()
        else:
            self.ask_stop()

    def ask_stop(self) -> None:
        """Esc or Stop: pause and ask calmly before ending anything."""
        engine = self.controller.engine
        if engine is None or not self.controller.running:
            return
        self._paused_by_question = not engine.paused and engine.snapshot.phase != Phase.CARD
        if self._paused_by_question:
            self.controller.act("pause")
        self.player.confirm.show()
        self.player.keep_going_button.setFocus()

    def keep_going(self) -> None:
        self.player.confirm.hide()
        if self._paused_by_question:
            self._paused_by_question = False
            self.controller.act("resume")
        self.player.pause_button.setFocus()

    def stop_routine(self) -> None:
        self.player.confirm.hide()
        self._paused_by_question = False
        self.controller.act("stop")

    def toggle_full_screen(self) -> None:
        win = self.window()
        if win.isFullScreen():
            win.showNormal()
        else:
            win.showFullScreen()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Enter presses the focused player button (Space is taken by pause/resume)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
                return
            if self.player.card_panel.isVisible():
                self.player.done_button.click()
                return
        super().keyPressEvent(event)

    def _show_snapshot(self, snap: Snapshot) -> None:
        if snap.phase in (Phase.DONE, Phase.STOPPED):
            return
        engine = self.controller.engine
        pause_notice = None
        if snap.paused:
            suspended = engine is not None and engine.auto_paused_for_suspend
            pause_notice = SUSPEND_NOTICE if suspended else PAUSED_NOTICE
        self.player.show_snapshot(snap, self._notice, pause_notice)

    def _on_cue(self, cue: Cue) -> None:
        self.cues.play(cue)

    def _on_cues_unavailable(self, message: str) -> None:
        self._notice = message
        if self.controller.engine is not None and self.controller.running:
            self._show_snapshot(self.controller.engine.snapshot)

    def _on_ended(self, snap: Snapshot) -> None:
        engine = self.controller.engine
        recorded = False
        completed = False
        if engine is not None and engine.should_record:
            recorded = self._record(engine)
            completed = engine.result().completed
        self._notice = None
        if snap.phase == Phase.DONE or completed:
            if recorded:
                saved = "Saved in tonight's diary."
            elif self.ctx.store is None:
                saved = ""
            else:
                saved = "It could not be saved in your diary this time."
            if snap.phase == Phase.STOPPED and recorded:
                saved = "You stopped after your stretches. " + saved
            elif recorded and not completed:
                saved += " A stretch was skipped, so tonight does not count as stretched."
            self.done_screen.saved.setText(saved)
            self._show_screen(self.done_screen)
            self.done_screen.back_button.setFocus()
        else:
            self.ctx.message.emit(stopped_words(engine, recorded))
            self.show_start()

    def _record(self, engine: SessionEngine) -> bool:
        store = self.ctx.store
        if store is None:
            return False
        try:
            store.record_routine_session(engine.result())
        except Exception as exc:  # noqa: BLE001 - tell the user calmly, never a traceback
            log.exception("could not record the routine session")
            self.ctx.message.emit(f"Your routine could not be saved in the diary ({exc}).")
            return False
        self.ctx.notify_diary_changed()
        return True

    # -- app hooks -----------------------------------------------------------------------------
    def _on_settings_changed(self, settings) -> None:
        for illustration in (self.player.illustration, self.done_screen.picture):
            illustration.recolour()
        self.player.ring.update()
        self.player.restyle()
        rescale(self)
        if not self.controller.running:
            names = [r.name for r in self.library.all()]
            if settings.routine in names:
                self.start_screen.chooser.setCurrentIndex(names.index(settings.routine))
                self.start_screen.show_routine(self.current_routine())

    def on_page_shown(self) -> None:
        if self.stack.currentWidget() is self.start_screen:
            self.library = self.ctx.routine_library()
            self.refresh()

    def on_app_closing(self) -> None:
        """Closing mid-routine still records it, with the steps done so far."""
        engine = self.controller.engine
        if engine is not None and self.controller.running:
            engine.stop()
            if engine.should_record:
                self._record(engine)
        self.controller.shutdown()
        if self._cues is not None:
            self._cues.stop()


def create_page(ctx: AppContext) -> QWidget:
    return TonightPage(ctx)
