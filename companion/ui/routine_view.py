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
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
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

from companion.core import i18n, wording
from companion.core.cues import Cue
from companion.core.diary import night_of
from companion.core.i18n import N_, _, counted, number, percent, pgettext
from companion.core.routine import (
    Routine,
    description_without_length,
    routine_title,
    shown,
    side_label,
)
from companion.core.session import Phase, SessionEngine, Snapshot
from companion.paths import asset
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.experiment_tonight import TonightAssignment
from companion.ui.widgets import WrappingGrid, button, card, label

if TYPE_CHECKING:
    from companion.ui.cue_player import CuePlayer

log = logging.getLogger(__name__)

TICK_MS = 100
# Module-level texts are marked with N_ and translated with _() where they are shown.
# Translators: the big words beside the player's countdown ring (one or two words each)
PHASE_WORDS = {
    Phase.GET_READY: N_("Get ready"),
    Phase.HOLD: N_("Hold"),
    Phase.RELAX: N_("Relax"),
    Phase.SWITCH_SIDES: N_("Switch sides"),
    # Translators: the phase word when the routine has ended ("finished")
    Phase.DONE: N_("Done"),
    Phase.STOPPED: N_("Stopped"),
}
REST_NIGHT_STATUS = N_(
    "Nothing to stretch tonight. If you do stretch anyway, it is recorded truthfully."
)
SUSPEND_NOTICE = N_("Paused while the computer was asleep. Press Space to go on.")
PAUSED_NOTICE = N_("Paused. Press Space to go on.")
STOP_QUESTION = N_("Stop the routine here? The steps you have done are saved in tonight's diary.")
SLEEP_TIPS = (
    N_("On your back, put a pillow under your knees."),
    N_("On your side, put a pillow between your knees."),
    N_("Keep your feet relaxed, not pointed down."),
    N_("Loosen the covers at the foot of the bed so they don't press your toes down."),
)
DONE_TITLE = N_("Well done. Sleep well.")
# Tonight's state on the start screen; NOT_YET is the one a rest night words differently.
READY = N_("Ready when you are.")
STRETCHED = N_("You stretched tonight ✓")
PART_DONE = N_("You did part of a routine tonight. Ready when you are.")
LAST_NIGHT = N_("Last night you did your stretches. Ready when you are.")
NOT_YET = N_("Not yet tonight. Ready when you are.")


# -------------------------------------------------------------------------------------- words


def stopped_words(engine: SessionEngine | None, recorded: bool) -> str:
    """What happened to a routine stopped before its stretches were all done, said as it is."""
    if engine is None or not recorded:
        return _("Stopped. You can start again any time.")
    done = engine.result().steps_done
    total = len(engine.routine.steps)
    return counted(
        total,
        "Stopped after {done} of {n} step; they are saved in tonight's diary. Tonight counts "
        "as stretched once all the stretches are done. You can start again any time.",
        "Stopped after {done} of {n} steps; they are saved in tonight's diary. Tonight counts "
        "as stretched once all the stretches are done. You can start again any time.",
        done=number(done),
    )


def countdown_text(seconds: float) -> str:
    """Whole seconds, rounded up (a phase shows 10 at its start and 1 in its last second)."""
    total = max(0, math.ceil(seconds - 1e-6))
    if total >= 60:
        return f"{number(total // 60)}:{total % 60:02d}"
    return number(total)


# -------------------------------------------------------------------------------- controller


# A user action on the engine, named by the method itself (SessionEngine.skip), never a string.
EngineAction = Callable[[SessionEngine], None]


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

    def act(self, action: EngineAction) -> None:
        """Forward a user action (``SessionEngine.pause``, ``.skip``, …) and show its result at
        once."""
        if self.engine is None or self._ended:
            return
        action(self.engine)
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

    def __init__(self, colors: theme.Colors) -> None:
        super().__init__()
        self.colors = colors
        self.setAccessibleName(_("Countdown"))
        self.setMinimumSize(QSize(120, 120))
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
            self.setAccessibleDescription(
                _("{time} seconds left in this phase").format(time=text) if text else ""
            )
            self.update()

    def set_colors(self, colors: theme.Colors) -> None:
        self.colors = colors
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
        c = self.colors
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

    def __init__(self, colors: theme.Colors, accessible_name: str | None = None) -> None:
        super().__init__()
        self.colors = colors
        self.setAccessibleName(accessible_name or _("Illustration"))
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

    def recolour(self, colors: theme.Colors) -> None:
        self.colors = colors
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
        p.fillRect(pix.rect(), QColor(self.colors.text))
        p.end()
        if self.mirrored:
            pix = pix.transformed(QTransform().scale(-1, 1))
        pix.setDevicePixelRatio(ratio)
        return pix

    def paintEvent(self, event) -> None:  # noqa: N802
        key = (self.stem, self.mirrored, self.width(), self.height(), self.colors.text)
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


def _sized(widget: QLabel, factor: float, point_size: float, bold: bool = False) -> QLabel:
    """Scale a label from the look's base point size (so 'large text' carries through)."""
    widget.setProperty("scale", factor)
    font = QFont(widget.font())
    font.setPointSizeF(point_size * factor)
    font.setBold(bold)
    widget.setFont(font)
    # The app stylesheet sets a QWidget font-size; a per-widget rule wins over it.
    weight = "600" if bold else "normal"
    widget.setStyleSheet(f"font-size: {point_size * factor:.1f}pt; font-weight: {weight};")
    return widget


# ----------------------------------------------------------------------------------- screens


class StartScreen(QWidget):
    """Tonight's routine, its steps and length, and a big Start button."""

    def __init__(self, page: TonightPage) -> None:
        super().__init__()
        self.page = page
        pt = page.look.point_size
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 16)
        outer.setSpacing(14)
        # Translators: the title of the Tonight page
        outer.addWidget(label(_("Tonight"), "title"))
        # The personal experiment's word for tonight comes first, before anything else.
        self.assignment = TonightAssignment(page.ctx)
        outer.addWidget(self.assignment)
        self.status = label("", None)
        self.status.setAccessibleName(_("Tonight so far"))
        _sized(self.status, 1.15, pt)
        outer.addWidget(self.status)
        self.warning = label("", "warning")
        self.warning.setAccessibleName(_("Routine warning"))
        self.warning.hide()
        outer.addWidget(self.warning)

        row = QHBoxLayout()
        chooser_label = label(_("Routine:"), None, wrap=False)
        row.addWidget(chooser_label)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Tonight's routine"))
        self.chooser.setMinimumHeight(44)
        self.chooser.setMinimumContentsLength(22)
        chooser_label.setBuddy(self.chooser)
        row.addWidget(self.chooser, 1)
        self.edit_button = button(
            _("Edit routines…"),
            _("Edit routines"),
            tip=_("Make your own copy, change steps and times"),
        )
        row.addWidget(self.edit_button)
        outer.addLayout(row)

        summary = card()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(22, 16, 22, 16)
        self.length = label("", None)
        self.length.setAccessibleName(_("Routine length"))
        _sized(self.length, 1.3, pt, bold=True)
        summary_layout.addWidget(self.length)
        self.description = label("", "muted")
        self.description.setAccessibleName(_("Routine description"))
        summary_layout.addWidget(self.description)
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(4)
        summary_layout.addLayout(self.steps_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(summary)
        scroll.setAccessibleName(_("Routine steps"))
        outer.addWidget(scroll, 1)

        self.start_button = button(
            _("Start routine"),
            _("Start routine"),
            primary=True,
            tip=_("Begin the guided stretches"),
        )
        self.start_button.setMinimumHeight(76)
        _big_button(self.start_button, 1.5, pt)
        outer.addWidget(self.start_button)
        hint = label(
            _("During the routine: Space pauses, Esc stops. Sound and voice are in Settings."),
            "muted",
        )
        outer.addWidget(hint)

    def show_routine(self, routine: Routine) -> None:
        """Show ``routine`` as the person reads it (a built-in's texts translated)."""
        routine = shown(routine)
        while self.steps_box.count():
            item = self.steps_box.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.setParent(None)  # gone at once, not only after the next event loop turn
                old.deleteLater()
        for index, step in enumerate(routine.steps, start=1):
            fields = {"number": number(index), "name": step.name}
            fields["length"] = wording.step_length(step)
            if step.optional:
                # Translators: one line of the routine's steps: "3.  Calf stretch — 1 min · optional"
                text = _("{number}.  {name} — {length} · optional").format(**fields)
            else:
                # Translators: one line of the routine's steps: "3.  Calf stretch — 1 min"
                text = _("{number}.  {name} — {length}").format(**fields)
            line = label(text)
            line.setAccessibleName(_("Step {number}").format(number=number(index)))
            self.steps_box.addWidget(line)
        steps = counted(len(routine.steps), "{n} step", "{n} steps")
        self.length.setText(
            # Translators: the routine's length and its number of steps: "8 min · 5 steps"
            _("{length} · {steps}").format(length=wording.routine_length(routine), steps=steps)
        )
        description = description_without_length(routine.description)
        self.description.setText(description)
        self.description.setVisible(bool(description))


def _big_button(widget: QPushButton, factor: float, point_size: float) -> None:
    widget.setProperty("scale", factor)
    widget.setStyleSheet(f"font-size: {point_size * factor:.1f}pt;")


def rescale(root: QWidget, point_size: float) -> None:
    """Re-apply the scaled sizes after the text size setting changed."""
    for widget in root.findChildren(QWidget):
        factor = widget.property("scale")
        if not factor:
            continue
        if isinstance(widget, QLabel):
            _sized(widget, float(factor), point_size, widget.font().bold())
        elif isinstance(widget, QPushButton):
            _big_button(widget, float(factor), point_size)


class FitLabel(QLabel):
    """Big words at one size for the room they have, the same in every language.

    The size is the one at which ``sample`` (an English text, the widest the label usually
    shows) fits one line with ``headroom`` to spare (1.35: German is about a third longer), up
    to ``factor`` times the body text and never below the body text:
    a longer language's words ("Bereit machen", "Wiederholung 2 von 3") wrap onto another line
    rather than shrinking, so they read from across the room as the English do. Only a single
    word wider than the whole line shrinks, as far as it must. Its height is reserved for the
    tallest of the texts it will show (``reserve``), up to ``lines`` lines, so nothing around
    it moves when it changes; a rare text that needs more lines than that shrinks to fit them.
    ``elide``: one line, cut with "…" where it is too long, the whole text in the tool tip and
    the accessible description (for lines that only inform, where the room is short)."""

    def __init__(
        self,
        factor: float,
        point_size: float,
        bold: bool = False,
        role: str | None = None,
        sample: str = "",
        under: FitLabel | None = None,
        headroom: float = 1.0,
        lines: int = 0,
        elide: bool = False,
    ) -> None:
        super().__init__("")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(not elide)
        self.headroom, self.lines, self.elide = headroom, (1 if elide else lines), elide
        if role:
            self.setProperty("role", role)
        self.factor, self.point_size, self.bold, self.sample = factor, point_size, bold, sample
        self.candidates: tuple[str, ...] = ()
        # A lesser line (the side under the phase word) stays visibly smaller than its lead
        # when both had to shrink to a narrow column.
        self.under = under
        self.followers: list[FitLabel] = []
        if under is not None:
            under.followers.append(self)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        # Sized when first shown, not when built: the player is built at start-up but shown
        # only with a routine, and each font size measured costs a font load.
        self._ceiling = 0.0

    def _font(self, points: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points)
        font.setBold(self.bold)
        return font

    def _room(self) -> int:
        return self.contentsRect().width() - 2

    def _fitted(self, text: str, ceiling: float, headroom: float = 1.0) -> float:
        """The largest size up to ``ceiling`` at which ``text`` fits one line of the width
        (``headroom`` times over)."""
        room = self._room() / headroom
        size = ceiling
        if room <= 0 or not text:
            return size
        width = QFontMetricsF(self._font(size)).horizontalAdvance(text)
        if width <= room:
            return size
        # In proportion to the room (so a narrower column gets a size as much smaller, no
        # more), then down in small steps for the font's rounding.
        size = max(6.0, size * room / width)
        while size > 6 and QFontMetricsF(self._font(size)).horizontalAdvance(text) > room:
            size = max(6.0, size - 0.1)
        return size

    def _size_for(self, text: str) -> float:
        """The label's size, or less for a text with a word wider than the whole line or more
        lines than it keeps room for."""
        if self.elide:
            return self._ceiling
        longest = max(text.split(), key=len, default="")
        size = self._fitted(longest, self._ceiling)
        if self.lines:  # never below the body text: past that it takes another line
            room = self._lines_height(self._ceiling)
            floor = min(size, self.point_size)
            while size > floor and self._wrapped_height(text, size) > room:
                size = max(floor, size - 0.5)
        return size

    def _lines_height(self, size: float) -> int:
        """The height of ``lines`` lines, measured as the wrapped texts are."""
        return self._wrapped_height("\n".join(["Ég"] * self.lines), size)

    def _wrapped_height(self, text: str, size: float) -> int:
        metrics = QFontMetrics(self._font(size))
        flags = int(Qt.TextFlag.TextWordWrap)
        wrapped = metrics.boundingRect(0, 0, max(1, self._room()), 10_000, flags, text).height()
        return max(metrics.height(), wrapped)

    def _height_for(self, text: str) -> int:
        if self.elide:
            return QFontMetrics(self._font(self._ceiling)).height()
        return self._wrapped_height(text, self._size_for(text))

    def reserve(self, texts: tuple[str, ...]) -> None:
        """Keep room for every text in ``texts`` (the routine's step names, its sides)."""
        self.candidates = tuple(t for t in texts if t)
        if self._ceiling:
            self.restyle()

    def restyle(self, point_size: float | None = None) -> None:
        """The width or the text size (``point_size``, the look's base) changed: a new size and
        reserved height."""
        if point_size is not None:
            self.point_size = point_size
        body = self.point_size
        full = body * self.factor
        floor = min(full, body)
        fitted = self._fitted(self.sample, full, self.headroom) if self.sample else full
        self._ceiling = max(floor, fitted)
        if self.under is not None:
            lead = self.under
            ratio = self.factor / lead.factor * 1.2
            self._ceiling = max(floor, min(self._ceiling, lead._ceiling * ratio))
        self._reserve_height()
        self._fit()
        for follower in self.followers:
            follower.restyle()

    def _reserve_height(self) -> None:
        texts = {*self.candidates, self.text(), self.sample}
        height = max(self._height_for(t) for t in texts) + 4
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        if text != self.text():
            super().setText(text)
            if self._ceiling and text not in self.candidates:
                self._reserve_height()  # a text not foreseen: room for it all the same
            self._fit()

    def _fit(self) -> None:
        if not self._ceiling:
            return  # not shown yet: restyle() at the first show fits it
        font = self._font(self._size_for(self.text()))
        if font != self.font():
            self.setFont(font)
        if self.elide:
            cut = self.shown_text() != self.text()
            self.setToolTip(self.text() if cut else "")
            self.setAccessibleDescription(self.text() if cut else "")

    def shown_text(self) -> str:
        """The words on screen: all of them, or (``elide``) as many as fit, then "…"."""
        if not self.elide:
            return self.text()
        metrics = QFontMetrics(self.font())
        return metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self._room())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        if self.elide:  # it shows what fits (the rest is in its tool tip)
            width = QFontMetrics(self.font()).horizontalAdvance(self.shown_text()) + 2
            hint.setWidth(min(hint.width(), width))
        return hint

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.elide:
            super().paintEvent(event)
            return
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.setFont(self.font())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        p.drawText(self.contentsRect(), int(align), self.shown_text())
        p.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.restyle()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._ceiling:
            self.restyle()


#: The instruction, the one long paragraph, may go a little below the body text where nothing
#: else would fit (German with large text at 1024x600 or 800x600); the big words never do.
INSTRUCTION_FLOOR = 0.8


class ReservedLabel(QLabel):
    """Wrapped words whose height is reserved for the longest text they may show (every step of
    the routine), so the player does not shift when the instruction changes. Where the window is
    small the words shrink (to no less than ``floor`` of full size, nor below
    ``INSTRUCTION_FLOOR`` of the body text) to stay within ``lines``; past that they take more
    lines."""

    def __init__(
        self, factor: float, point_size: float, lines: int = 3, floor: float = 0.7
    ) -> None:
        super().__init__("")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.factor, self.point_size, self.lines, self.floor = factor, point_size, lines, floor
        self.candidates: tuple[str, ...] = ()
        self.bold = False
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)  # sized at its first resize (see FitLabel)

    def restyle(self, bold: bool | None = None, point_size: float | None = None) -> None:
        if bold is not None:
            self.bold = bold
        if point_size is not None:
            self.point_size = point_size
        self._reserve()

    def reserve(self, texts: tuple[str, ...]) -> None:
        self.candidates = texts
        self._reserve()

    def _reserve(self) -> None:
        width = self.contentsRect().width()
        full = self.point_size * self.factor
        low = min(full, max(full * self.floor, self.point_size * INSTRUCTION_FLOOR))
        size = full
        tallest = 0
        flags = int(Qt.TextFlag.TextWordWrap)
        texts = (*self.candidates, self.text())
        while width > 0:
            probe = QFont(self.font())
            probe.setPointSizeF(size)
            probe.setBold(True)  # the paused line is bold: reserve for the wider face
            metrics = QFontMetrics(probe)
            tallest = max(
                [metrics.height()]
                + [metrics.boundingRect(0, 0, width, 10_000, flags, t).height() for t in texts]
            )
            if tallest <= metrics.lineSpacing() * self.lines or size <= low:
                break
            size = max(low, size - 0.5)
        font = QFont(self.font())
        font.setPointSizeF(size)
        font.setBold(self.bold)
        if font != self.font():
            self.setFont(font)
        if width <= 0:
            return
        margins = self.contentsMargins()
        wanted = tallest + margins.top() + margins.bottom() + 4
        if self.minimumHeight() != wanted or self.maximumHeight() != wanted:
            self.setFixedHeight(wanted)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        if text != self.text():
            super().setText(text)
            if text not in self.candidates:
                self._reserve()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._reserve()


class ButtonRow(WrappingGrid):
    """Buttons in as few rows as the width allows, each column as wide as its widest button
    (German "Schritt neu starten" beside a short "Beenden" still fits three to a row). Each
    button is sized for every label it can show, so "Pause" turning into "Go on" moves
    nothing."""

    def __init__(self, buttons: list[QPushButton], labels: dict[QPushButton, tuple[str, ...]]):
        super().__init__(buttons, spacing=6, fill=True)
        self.push_buttons = list(buttons)  # self.buttons, typed as the buttons they are
        self.labels = labels
        self._arrange(len(buttons))

    def widths(self) -> list[int]:
        """Each button's width for the widest label it can show."""
        widths = []
        for b in self.push_buttons:
            shown = b.text()
            widest = 0
            for text in self.labels.get(b, ()) or (shown,):
                b.setText(text)
                widest = max(widest, b.sizeHint().width())
            b.setText(shown)
            widths.append(widest)
        return widths

    def cell_width(self) -> int:
        return max(self.widths(), default=0)

    def _arrange(self, per_row: int) -> bool:
        moved = super()._arrange(per_row)
        if moved:
            self.updateGeometry()
        return moved

    def refit(self) -> None:
        widths = self.widths()
        for b, width in zip(self.push_buttons, widths, strict=True):
            if b.minimumWidth() != width:
                b.setMinimumWidth(width)
        count = len(widths)
        spacing = self.grid.spacing()
        per_row = 1
        for rows in range(1, count + 1):  # balanced rows: 3 + 3, not 5 + 1
            per_row = math.ceil(count / rows)
            columns = [max(widths[c::per_row]) for c in range(per_row)]
            if sum(columns) + spacing * (per_row - 1) <= self.width():
                break
        self._arrange(per_row)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.refit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.cell_width(), super().minimumSizeHint().height())


#: The player's buttons keep less air beside their words than the app's (three to a row at
#: 800 px in German and Spanish too); focused, the padding gives way to the ring as it does
#: everywhere (theme.py), so a button never changes size when it takes focus.
PLAYER_BUTTON_STYLE = (
    "QPushButton { padding: 10px 5px; } QPushButton:focus { padding: 8px 3px; }"
    ' QPushButton:checked:focus, QPushButton[primary="true"]:focus { padding: 5px 0px; }'
)


def phase_word(snap: Snapshot) -> str:
    """The big word beside the ring. A timed activity or a card is named after its step
    ("Settle", "Sleep position"): "Keep going" or "Read this" would say nothing about it."""
    if snap.paused:
        # Translators: the big phase word while the routine is paused
        return _("Paused")
    if snap.phase in (Phase.ACTIVITY, Phase.CARD):
        return snap.step.name
    word = PHASE_WORDS.get(snap.phase)
    return _(word) if word else ""


#: The longest routine time left the player shows, for the width it keeps free.
TIME_SAMPLE_S = 88 * 60 + 58
OPTIONAL_NOTE = N_("This step is optional: press Skip if you'd rather not.")
CARD_LINE = N_("Press Done when you are ready.")


def step_count_words(index: int, count: int, optional: bool) -> str:
    """'Step 3 of 8', or 'Step 3 of 8 · optional'."""
    fields = {"step": number(index), "count": number(count)}
    if optional:
        return _("Step {step} of {count} · optional").format(**fields)
    return _("Step {step} of {count}").format(**fields)


def repetition_words(rep: int, reps: int) -> str:
    return _("Repetition {rep} of {reps}").format(rep=number(rep), reps=number(reps))


class PlayerScreen(QWidget):
    """The routine player; everything the user needs is in words as well as shapes.

    Every line has a fixed height (reserved for the longest text it may show) and the buttons a
    fixed width, so the ring, the words and the progress bar stay where they are while the
    labels change. It fits 800x600 with the sidebar and large text: big words shrink to their
    room rather than being cut, and the buttons wrap onto two rows."""

    def __init__(self, page: TonightPage) -> None:
        super().__init__()
        self.page = page
        self.look = page.look
        pt = self.look.point_size
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 8, 20, 8)
        outer.setSpacing(4)

        # The big words' sizes come from English samples, so a longer language wraps its words
        # at the same size instead of showing them smaller (German at 800x600 once did).
        with i18n.using("en"):
            name_sample = _("Standing calf stretch")
            phase_sample = _(PHASE_WORDS[Phase.GET_READY])
            side_sample = side_label("right", "foot") or ""
            rep_sample = repetition_words(8, 8)
            next_sample = _("Next: {name}").format(name=_("Standing calf stretch"))
        head = QHBoxLayout()
        self.step_name = FitLabel(1.7, pt, bold=True, sample=name_sample, headroom=1.35, lines=2)
        self.step_name.setAccessibleName(_("Step name"))
        head.addWidget(self.step_name, 1)
        # As wide as "Step 9 of 9" (the name keeps the rest of the line); "· optional" goes on
        # to a second line beside a name that has two anyway.
        self.step_count = label("", "muted", wrap=True)
        self.step_count.setAccessibleName(_("Step number"))
        _sized(self.step_count, 1.15, pt)
        head.addWidget(self.step_count, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(head)

        self.notice = FitLabel(1.0, pt, role="muted", elide=True)
        self.notice.setAccessibleName(_("Player notice"))
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.notice.hide()
        outer.addWidget(self.notice)

        # The middle: the ring, the big words and the drawing over the instruction; a card
        # (no timer) takes all of that room for its words.
        self.middle_stack = QStackedWidget()
        self.timed = QWidget()
        timed_column = QVBoxLayout(self.timed)
        timed_column.setContentsMargins(0, 0, 0, 0)
        timed_column.setSpacing(6)
        timed_row = QHBoxLayout()
        timed_row.setSpacing(18)
        self.ring = CountdownRing(self.look.colors)
        timed_row.addWidget(self.ring, 4)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addStretch(1)
        self.phase_word = FitLabel(3.6, pt, bold=True, sample=phase_sample, headroom=1.5, lines=1)
        self.phase_word.setAccessibleName(_("Phase"))
        words.addWidget(self.phase_word)
        self.side = FitLabel(
            2.2, pt, bold=True, sample=side_sample, under=self.phase_word, headroom=1.35
        )
        self.side.setAccessibleName(_("Side"))
        words.addWidget(self.side)
        self.rep = FitLabel(1.6, pt, sample=rep_sample, under=self.side, headroom=1.35, lines=1)
        self.rep.setAccessibleName(_("Repetition"))
        words.addWidget(self.rep)
        words.addStretch(1)
        timed_row.addLayout(words, 6)  # the widest: words wrap least there
        self.illustration = Illustration(self.look.colors, _("Illustration of the step"))
        self.illustration.setMinimumSize(QSize(90, 90))
        timed_row.addWidget(self.illustration, 2)
        timed_column.addLayout(timed_row, 1)
        # Down to about half size where the room is small: a longer language (German) with large
        # text still fits its three lines rather than pushing out of the player.
        self.instruction = ReservedLabel(1.6, pt, floor=0.5)
        self.instruction.setAccessibleName(_("What to do now"))
        timed_column.addWidget(self.instruction)
        self.middle_stack.addWidget(self.timed)

        card_page = QWidget()
        card_row = QHBoxLayout(card_page)
        card_row.setContentsMargins(0, 0, 0, 0)
        card_row.setSpacing(18)
        self.card_panel = card()
        card_layout = QVBoxLayout(self.card_panel)
        card_layout.setContentsMargins(22, 16, 22, 16)
        self.card_text = label("")
        self.card_text.setAccessibleName(_("Card text"))
        self.card_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.card_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.card_text.installEventFilter(self)
        card_layout.addWidget(self.card_text, 1)
        # Translators: the button under a card in the player: "I have read this"
        done = pgettext("button under a card", "Done")
        self.done_button = button(done, done, primary=True, tip=_("I have read this (Enter)"))
        self.done_button.setMinimumHeight(64)
        _big_button(self.done_button, 1.4, pt)
        card_layout.addWidget(self.done_button)
        card_row.addWidget(self.card_panel, 3)
        self.card_picture = Illustration(self.look.colors, _("Illustration of the card"))
        self.card_picture.setMinimumSize(QSize(90, 90))
        card_row.addWidget(self.card_picture, 1)
        self.middle_stack.addWidget(card_page)
        outer.addWidget(self.middle_stack, 1)

        # The bottom: what is next, progress and the buttons; the stop question takes the same
        # place, so asking it moves nothing above.
        self.bottom = QStackedWidget()
        lines = QWidget()
        lines_layout = QVBoxLayout(lines)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.setSpacing(6)
        next_row = QHBoxLayout()
        next_row.setSpacing(12)
        self.next_label = FitLabel(1.2, pt, role="muted", sample=next_sample, elide=True)
        self.next_label.setAccessibleName(_("Next step"))
        next_row.addWidget(self.next_label, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Routine progress"))
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(18)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        # The time left beside the bar it reads, so the next step's name has the whole line.
        self.time_left = label("", None, wrap=False)
        self.time_left.setAccessibleName(_("Time left"))
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        _sized(self.time_left, 1.2, pt)
        progress_row.addWidget(self.time_left)
        lines_layout.addLayout(next_row)
        lines_layout.addLayout(progress_row)

        self.back_button = button(
            # Translators: the player's button that goes back (the arrow stays)
            _("◀  Back"),
            _("Back"),
            tip=_("Back to the start of this hold; press again for the one before (Left)"),
        )
        self.pause_button = button(_("Pause"), _("Pause"), tip=_("Pause or go on (Space)"))
        # Translators: the player's button that skips to the next step (the arrow stays)
        self.skip_button = button(_("Skip  ▶"), _("Skip"), tip=_("Next step (Right)"))
        self.restart_button = button(
            _("Restart step"), _("Restart step"), tip=_("Start this step again (R)")
        )
        # Translators: the player's button that ends the routine early (it asks first)
        self.stop_button = button(_("Stop"), _("Stop"), tip=_("End the routine (Esc)"))
        self.full_button = button(
            _("Full screen"), _("Full screen"), tip=_("Fill the screen, or leave full screen (F11)")
        )
        self.full_button.setCheckable(True)  # checked while in full screen
        self.pause_button.setProperty("primary", True)
        buttons = [
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.restart_button,
            self.stop_button,
            self.full_button,
        ]
        for b in buttons:
            b.setMinimumHeight(56)
            b.setStyleSheet(PLAYER_BUTTON_STYLE)
        for b in (self.pause_button, self.restart_button):  # hidden on a card: keep their place
            policy = b.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            b.setSizePolicy(policy)
        self.controls = ButtonRow(buttons, {self.pause_button: (_("Pause"), _("Go on"))})
        lines_layout.addWidget(self.controls)
        self.bottom.addWidget(lines)
        self.controls_page = lines  # the buttons, in the stop question's place when it is not asked

        # Stop confirmation: in the page, calm, nothing pops up over the countdown.
        self.confirm = QFrame()
        self.confirm.setProperty("role", "banner")
        confirm_layout = QVBoxLayout(self.confirm)
        confirm_layout.setContentsMargins(18, 12, 12, 12)
        self.confirm_text = label(_(STOP_QUESTION))
        self.confirm_text.setAccessibleName(_("Stop question"))
        _sized(self.confirm_text, 1.3, pt)
        confirm_layout.addWidget(self.confirm_text, 1)
        answers = QHBoxLayout()
        self.keep_going_button = button(_("Keep going"), _("Keep going"), primary=True)
        self.confirm_stop_button = button(_("Stop routine"), _("Stop routine"))
        for b in (self.keep_going_button, self.confirm_stop_button):
            b.setMinimumHeight(56)
            answers.addWidget(b, 1)
        confirm_layout.addLayout(answers)
        self.bottom.addWidget(self.confirm)
        outer.addWidget(self.bottom)
        self.bottom.setCurrentIndex(0)
        self._count_samples: tuple[str, ...] = (step_count_words(8, 8, False),)  # in prepare()
        self._count_optional: tuple[str, ...] = ()

    def _reserve_widths(self) -> None:
        """Room for the longest count and time left, so the name and the bar keep their width."""
        # Digits differ in width: "44 min 44 s" is wider than "88 min 58 s" in most faces.
        time_samples = tuple(
            wording.time_left(min(TIME_SAMPLE_S, 11 * d * 60 + min(59, 11 * d))) for d in range(10)
        )
        for widget, samples in (
            (self.step_count, self._count_samples),
            (self.time_left, (*time_samples, _("Last step"))),
        ):
            font = QFont(widget.font())
            font.setPointSizeF(self.look.point_size * float(widget.property("scale") or 1))
            metrics = QFontMetricsF(font)
            widest = max(math.ceil(metrics.horizontalAdvance(t)) + 6 for t in samples)
            if widget.wordWrap():  # the count: one width, and the height of its longest text
                widget.setFixedWidth(widest)
                shown_text = widget.text()
                tallest = 0
                for sample in (*samples, *self._count_optional, shown_text):
                    widget.setText(sample)
                    tallest = max(tallest, widget.heightForWidth(widest))
                widget.setText(shown_text)
                widget.setFixedHeight(tallest)
                continue
            shown_text = widget.text()
            for sample in (*samples, shown_text):  # as the label measures itself, margins too
                widget.setText(sample)
                widest = max(widest, widget.sizeHint().width())
            widget.setText(shown_text)
            widget.setMinimumWidth(widest)

    def ask(self, on: bool) -> None:
        """Show the stop question in the buttons' place, or the buttons again."""
        self.bottom.setCurrentWidget(self.confirm if on else self.controls_page)

    @property
    def asking(self) -> bool:
        return self.bottom.currentWidget() is self.confirm

    def prepare(self, routine: Routine) -> None:
        """Reserve room for every instruction this routine will show (as shown: translated)."""
        routine = shown(routine)
        texts = [_(PAUSED_NOTICE), _(SUSPEND_NOTICE), _(CARD_LINE)]
        texts.extend(step.instruction for step in routine.steps if step.kind != "card")
        self.instruction.reserve(tuple(texts))
        steps = routine.steps
        self.step_name.reserve(tuple(step.name for step in steps))
        phases = [_(word) for word in PHASE_WORDS.values()] + [_("Paused")]
        phases += [step.name for step in steps if step.kind in ("activity", "card")]
        self.phase_word.reserve(tuple(phases))
        self.side.reserve(
            tuple(side_label(side, step.limb) or "" for step in steps for side in step.sides())
        )
        self.rep.reserve(tuple(repetition_words(step.reps, step.reps) for step in steps))
        nexts = [_("Next: {name}").format(name=step.name) for step in steps[1:]]
        self.next_label.reserve((*nexts, _("This is the last step.")))
        count = len(routine.steps)
        self._count_samples = tuple(step_count_words(i, count, False) for i in range(1, count + 1))
        self._count_optional = tuple(
            step_count_words(i, count, True)
            for i, step in enumerate(routine.steps, start=1)
            if step.optional
        )
        self._reserve_widths()
        self.ask(False)

    def set_full_screen_label(self, full: bool) -> None:
        self.full_button.setChecked(full)

    def restyle(self, look: theme.Look) -> None:
        """A new look: the drawings in its colours, big lines at its text size with their
        reserved height."""
        self.look = look
        self.ring.set_colors(look.colors)
        self.illustration.recolour(look.colors)
        self.card_picture.recolour(look.colors)
        for line in self.findChildren(QLabel):
            if isinstance(line, FitLabel | ReservedLabel):
                line.restyle(point_size=look.point_size)
        self._reserve_widths()
        self.controls.refit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.card_text and event.type() == QEvent.Type.Resize:
            self._fit_card()
        return False

    def _fit_card(self) -> None:
        """The card's words as big as its room allows (up to 1.5x), never cut off."""
        text = self.card_text.text()
        width = self.card_text.width()
        height = self.card_text.height()
        if not text or width <= 0 or height <= 0:
            return
        font = QFont(self.card_text.font())
        size = self.look.point_size * 1.5
        flags = int(Qt.TextFlag.TextWordWrap)
        while size > self.look.point_size * 0.7:
            font.setPointSizeF(size)
            need = QFontMetrics(font).boundingRect(0, 0, width, 10_000, flags, text).height()
            if need <= height:
                break
            size -= 0.5
        if font != self.card_text.font():
            self.card_text.setFont(font)

    # -- showing a snapshot
    def show_snapshot(
        self, snap: Snapshot, notice: str | None, pause_notice: str | None = None
    ) -> None:
        step = snap.step
        self.step_name.setText(step.name)
        self.step_count.setText(
            step_count_words(snap.step_index + 1, snap.step_count, step.optional)
        )
        self.step_count.setToolTip(_(OPTIONAL_NOTE) if step.optional else "")
        is_card = snap.phase == Phase.CARD
        self.middle_stack.setCurrentIndex(1 if is_card else 0)
        if is_card and self.card_text.text() != step.instruction:
            self.card_text.setText(step.instruction)
            self._fit_card()
        self.phase_word.setText(phase_word(snap))
        self.side.setText(snap.side_label or "")
        self.side.setVisible(bool(snap.side_label))
        if snap.reps and snap.phase in (Phase.HOLD, Phase.RELAX, Phase.GET_READY):
            self.rep.setText(repetition_words(snap.rep, snap.reps))
        else:
            self.rep.setText("")
        self.rep.setVisible(bool(self.rep.text()))
        mirrored = snap.side is not None and snap.side != "left"
        if snap.side_label:
            # Translators: the drawing's description: the step and the side, "Calf stretch, Left leg"
            about = _("{step}, {side}").format(step=step.name, side=snap.side_label)
        else:
            about = step.name
        picture = self.card_picture if is_card else self.illustration
        picture.show_stem(step.illustration, mirrored, about)

        fraction = snap.remaining_s / snap.phase_total_s if snap.phase_total_s > 0 else 0.0
        self.ring.set_state(
            countdown_text(snap.remaining_s),
            fraction,
            strong=snap.phase == Phase.HOLD,
            paused=snap.paused,
        )
        # The step's own instruction, big and in the text colour, readable from the floor; the
        # phase (Hold, Relax, the side) is in the big words beside the ring.
        if snap.paused:
            now_text = pause_notice or _(PAUSED_NOTICE)
        elif is_card:
            now_text = _(CARD_LINE)
        else:
            now_text = step.instruction
        self.instruction.setText(now_text)
        if self.instruction.font().bold() != snap.paused:
            self.instruction.restyle(bold=snap.paused)
        self.next_label.setText(snap.next_label or _("This is the last step."))
        total = snap.routine_total_s
        done = 1.0 - (snap.routine_remaining_s / total) if total > 0 else 1.0
        self.progress.setValue(int(round(max(0.0, min(1.0, done)) * 1000)))
        left = snap.routine_remaining_s
        self.time_left.setText(wording.time_left(left) if left > 0 else _("Last step"))
        self.progress.setAccessibleDescription(
            # Translators: the progress bar's description: "40% done, 6 min 20 s left"
            _("{share} done, {left}").format(share=percent(done), left=self.time_left.text())
        )
        self.pause_button.setText(_("Go on") if snap.paused else _("Pause"))
        self.pause_button.setAccessibleName(_("Resume") if snap.paused else _("Pause"))
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
        pt = page.look.point_size
        # In a vertical scroll area: on a small screen with large text the tips scroll rather
        # than being squeezed and cut.
        holder = QVBoxLayout(self)
        holder.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setAccessibleName(_("Well done"))
        body = QWidget()
        scroll.setWidget(body)
        holder.addWidget(scroll)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(32, 24, 32, 16)
        outer.setSpacing(14)
        self.title = label(_(DONE_TITLE), "hero")
        self.title.setAccessibleName(_("Routine finished"))
        _sized(self.title, 2.6, pt, bold=True)
        outer.addWidget(self.title)
        self.saved = label("", None)
        self.saved.setAccessibleName(_("Saved note"))
        _sized(self.saved, 1.2, pt)
        outer.addWidget(self.saved)
        row = QHBoxLayout()
        tips_card = card()
        tips_layout = QVBoxLayout(tips_card)
        tips_layout.setContentsMargins(24, 18, 24, 18)
        tips_layout.addWidget(_sized(label(_("For a calm night"), None), 1.3, pt, bold=True))
        self.tip_labels = []
        for tip in SLEEP_TIPS:
            # Translators: one sleep tip in a bulleted list (keep the bullet)
            tip_label = label(_("•  {tip}").format(tip=_(tip)))
            _sized(tip_label, 1.2, pt)
            tip_label.setAccessibleName(_("Sleep tip"))
            tips_layout.addWidget(tip_label)
            self.tip_labels.append(tip_label)
        row.addWidget(tips_card, 3)
        self.picture = Illustration(page.look.colors, _("Sleep position illustration"))
        self.picture.show_stem(
            "sleep-position", False, _("Lying on your back, pillow under the knees")
        )
        row.addWidget(self.picture, 2)
        outer.addLayout(row)
        self.back_button = button(_("Back to Tonight"), _("Back to Tonight"), primary=True)
        self.back_button.setMinimumHeight(64)
        outer.addWidget(self.back_button)
        outer.addStretch(1)


# -------------------------------------------------------------------------------------- page


class TonightPage(QWidget):
    """Start screen, player and done screen for tonight's routine."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.look = ctx.look  # what the screens are built and painted in (theme_changed)
        self.setAccessibleName(_("Tonight"))
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
        # The player and done screens are built, and join the stack, when first needed
        # (``player``, ``done_screen``): building and styling them costs start-up time the first
        # paint, which shows only the start screen, does not need.
        self._player: PlayerScreen | None = None
        self._done_screen: DoneScreen | None = None
        self.stack.addWidget(self.start_screen)

        s = self.start_screen
        s.start_button.clicked.connect(self.start_routine)
        s.edit_button.clicked.connect(self.edit_routines)
        s.chooser.activated.connect(self._routine_chosen)

        self.controller.snapshot_changed.connect(self._show_snapshot)
        self.controller.cue.connect(self._on_cue)
        self.controller.ended.connect(self._on_ended)
        ctx.settings_changed.connect(self._on_settings_changed)
        ctx.theme_changed.connect(self._on_theme_changed)
        ctx.diary_changed.connect(self._refresh_status)

        self.refresh()
        # on_page_shown right after the build (open_page's first show) need not read it all again
        self._just_read = True
        QTimer.singleShot(0, self, self._forget_just_read)
        for w in self._library_warnings():
            self.ctx.message.emit(w)

    @property
    def player(self) -> PlayerScreen:
        """The routine player, built at first use."""
        if self._player is None:
            self._player = self._build_player()
        return self._player

    @property
    def done_screen(self) -> DoneScreen:
        """The well-done screen, built at first use."""
        if self._done_screen is None:
            self._done_screen = DoneScreen(self)
            self._done_screen.back_button.clicked.connect(self.show_start)
        return self._done_screen

    def _build_player(self) -> PlayerScreen:
        pl = PlayerScreen(self)
        pl.pause_button.clicked.connect(self.toggle_pause)
        pl.skip_button.clicked.connect(lambda: self._act(SessionEngine.skip))
        pl.back_button.clicked.connect(lambda: self._act(SessionEngine.back))
        pl.restart_button.clicked.connect(lambda: self._act(SessionEngine.restart_step))
        pl.stop_button.clicked.connect(self.ask_stop)
        pl.done_button.clicked.connect(lambda: self._act(SessionEngine.confirm_card))
        pl.keep_going_button.clicked.connect(self.keep_going)
        pl.confirm_stop_button.clicked.connect(self.stop_routine)
        pl.full_button.clicked.connect(self.toggle_full_screen)
        self._shortcuts: list[QShortcut] = []
        for key, slot in (
            (Qt.Key.Key_Space, self.toggle_pause),
            (Qt.Key.Key_Right, lambda: self._act(SessionEngine.skip)),
            (Qt.Key.Key_Left, lambda: self._act(SessionEngine.back)),
            (Qt.Key.Key_R, lambda: self._act(SessionEngine.restart_step)),
            (Qt.Key.Key_Escape, self._escape),
            (Qt.Key.Key_F11, self.toggle_full_screen),
        ):
            shortcut = QShortcut(QKeySequence(key), pl, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._shortcuts.append(shortcut)
        return pl

    def _forget_just_read(self) -> None:
        self._just_read = False

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
            if r.builtin:
                chooser.addItem(routine_title(r), r.name)
            else:
                # Translators: a routine the person made, in the chooser: "My evening (yours)"
                chooser.addItem(_("{name} (yours)").format(name=r.name), r.name)
        chooser.setCurrentIndex(max(0, [r.name for r in routines].index(current.name)))
        chooser.blockSignals(False)
        self.start_screen.show_routine(current)
        warnings = self._library_warnings()
        self.start_screen.warning.setText(" ".join(warnings))
        self.start_screen.warning.setVisible(bool(warnings))
        self._refresh_status()

    def _refresh_status(self) -> None:
        self.start_screen.assignment.refresh()
        state = self._tonight_state()
        if self.start_screen.assignment.kind == "off" and state == NOT_YET:
            state = REST_NIGHT_STATUS
        self.start_screen.status.setText(_(state))

    def tonight_status(self) -> str:
        """Tonight so far, in words."""
        return _(self._tonight_state())

    def _tonight_state(self) -> str:
        """Tonight so far as its (English, marked) key: compared as a key, never as shown text."""
        store = self.ctx.store
        if store is None:
            return READY
        tonight = night_of(self.ctx.clock.now())
        try:
            sessions = store.routine_sessions(tonight - timedelta(days=1), tonight)
        except Exception:  # noqa: BLE001 - a diary problem must not break the start screen
            log.exception("could not read routine sessions")
            return READY
        done = {s.night for s in sessions if s.completed}
        if tonight in done:
            return STRETCHED
        if any(s.night == tonight for s in sessions):
            return PART_DONE
        if tonight - timedelta(days=1) in done:
            return LAST_NIGHT
        return NOT_YET

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
        update_chrome = getattr(self.window(), "update_chrome", None)
        if callable(update_chrome):
            update_chrome()

    @property
    def cues(self) -> CuePlayer:
        """The app's cue player, set up when a routine first needs it, not at start-up."""
        if self._cues is None:
            from companion.ui.cue_player import cue_player_for  # with the player, not at start-up

            self._cues = cue_player_for(self.ctx)
            self._cues.unavailable.connect(self._on_cues_unavailable)
        return self._cues

    # -- playing -------------------------------------------------------------------------------
    def start_routine(self) -> None:
        """Start tonight's routine (also used by the tray's "Start tonight's routine")."""
        if self.controller.running:
            self._show_screen(self.player)
            return
        # The built-in's texts in the person's language; its name stays the key the diary keeps.
        self.routine = shown(self.current_routine())
        self._notice = self.cues.check()
        self.player.prepare(self.routine)
        self.player.set_full_screen_label(self.window().isFullScreen())
        self._show_screen(self.player)
        self.controller.start(self.routine)
        self.player.pause_button.setFocus()

    def tick_now(self) -> Snapshot | None:
        """Tick the engine at once (tests drive a FakeClock and call this)."""
        return self.controller.tick()

    @property
    def engine(self) -> SessionEngine | None:
        return self.controller.engine

    def _act(self, action: EngineAction) -> None:
        if self._player is None or self.stack.currentWidget() is not self._player:
            return
        if not self.controller.running:
            return
        if self.player.asking:
            return  # answer the stop question first
        self.controller.act(action)

    def toggle_pause(self) -> None:
        if self.player.asking:
            self.keep_going()
            return
        self._act(SessionEngine.toggle_pause)

    def _escape(self) -> None:
        if self.player.asking:
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
            self.controller.act(SessionEngine.pause)
        self.player.ask(True)
        self.player.keep_going_button.setFocus()

    def keep_going(self) -> None:
        self.player.ask(False)
        if self._paused_by_question:
            self._paused_by_question = False
            self.controller.act(SessionEngine.resume)
        self.player.pause_button.setFocus()

    def stop_routine(self) -> None:
        self.player.ask(False)
        self._paused_by_question = False
        self.controller.act(SessionEngine.stop)

    def toggle_full_screen(self) -> None:
        win = self.window()
        toggle = getattr(win, "toggle_full_screen", None)
        if callable(toggle):
            toggle()
        elif win.isFullScreen():
            win.showNormal()
        else:
            win.showFullScreen()
        self.player.set_full_screen_label(win.isFullScreen())

    def wants_whole_screen(self) -> bool:
        """In full screen the player (and its well-done screen) has the screen to itself."""
        return self.stack.currentWidget() in (self._player, self._done_screen)

    def set_full_screen(self, full: bool) -> None:
        """The window went in or out of full screen (F11, the button, or the desktop); a player
        not built yet takes the window's state when a routine starts."""
        if self._player is not None:
            self._player.set_full_screen_label(full)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Enter presses the focused player button (Space is taken by pause/resume)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
                return
            if self._player is not None and self._player.card_panel.isVisible():
                self._player.done_button.click()
                return
        super().keyPressEvent(event)

    def _show_snapshot(self, snap: Snapshot) -> None:
        if snap.phase in (Phase.DONE, Phase.STOPPED):
            return
        engine = self.controller.engine
        pause_notice = None
        if snap.paused:
            suspended = engine is not None and engine.auto_paused_for_suspend
            pause_notice = _(SUSPEND_NOTICE) if suspended else _(PAUSED_NOTICE)
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
            if recorded and snap.phase == Phase.STOPPED:
                saved = _("You stopped after your stretches. Saved in tonight's diary.")
            elif recorded and not completed:
                saved = _(
                    "Saved in tonight's diary. A stretch was skipped, so tonight does not count "
                    "as stretched."
                )
            elif recorded:
                saved = _("Saved in tonight's diary.")
            elif self.ctx.store is None:
                saved = ""
            else:
                saved = _("It could not be saved in your diary this time.")
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
            self.ctx.message.emit(
                _("Your routine could not be saved in the diary ({problem}).").format(problem=exc)
            )
            return False
        return True

    # -- app hooks -----------------------------------------------------------------------------
    def _on_settings_changed(self, settings) -> None:
        if not self.controller.running:
            names = [r.name for r in self.library.all()]
            if settings.routine in names:
                self.start_screen.chooser.setCurrentIndex(names.index(settings.routine))
                self.start_screen.show_routine(self.current_routine())

    def _on_theme_changed(self, look: theme.Look) -> None:
        """The new colours and text size on every screen built so far; one built later is built
        in them."""
        self.look = look
        if self._player is not None:
            self._player.restyle(look)
        if self._done_screen is not None:
            self._done_screen.picture.recolour(look.colors)
        rescale(self, look.point_size)
        for screen in (self._player, self._done_screen):
            if screen is not None and self.stack.indexOf(screen) < 0:
                rescale(screen, look.point_size)  # built, never shown: not among the children

    def on_page_shown(self) -> None:
        if self._just_read:
            self._just_read = False
            return
        if self.stack.currentWidget() is self.start_screen:
            self.library = self.ctx.routine_library()
            self.refresh()

    def prepare(self) -> None:
        """Nothing to prepare: the start screen is built with the page."""

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
