"""Cramp now: a dim, full-screen relief guide for a cramp happening right now, which logs it.

The running time comes from the injected clock's monotonic deadline math (start + elapsed); the
QTimer only refreshes the label, so a busy event loop never makes the count drift. The wall time
when the guide opened is the cramp's time (moved earlier when the person says it began about 5,
10 or 20 minutes before), so the cramp lands on the right night with the right length.

Only what the person taps is logged: the place ("foot" when they did not say arch or toes), the
leg if they said it, what helped if they said it. Nothing is pre-selected or assumed.

The guide is always in the dim night colours, whatever the app theme, because it is used in the
dark. Every step is text in large type; nothing depends on colour.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core import wording
from companion.core.diary import (
    MAX_SEVERITY,
    NIGHT_PLACES,
    Cramp,
    ValidationError,
    area_label,
    is_long_cramp,
)
from companion.core.errors import DIARY_ERRORS
from companion.core.i18n import N_, _, counted, number
from companion.ui import theme
from companion.ui.area_picker import AreaPicker
from companion.ui.context import AppContext
from companion.ui.widgets import FlowRow, ReliefPicker, button, label

log = logging.getLogger(__name__)
# What logging a cramp may raise: the diary could not take it, or the cramp itself is not valid.
_LOG_ERRORS: tuple[type[Exception], ...] = (*DIARY_ERRORS, ValidationError)

REFRESH_MS = 250
CLOSE_DELAY_MS = 1800

K = TypeVar("K")  # a choice's key: a place, or minutes

# The tables' texts are marked (N_) and translated (_) where they are shown.
# The places asked are core's NIGHT_PLACES, the three a person tells apart half-awake, named by
# core's labels ("foot" is "Foot or toes"); which exact parts each holds, and what is saved when
# none is said, is core's table too (PLACE_AREAS, place_area), asked by the shared AreaPicker.
# The same places as the accessible names of the question asked after the cramp eased.
EASE_PLACE_NAMES = {
    "calf": N_("It was in the calf"),
    "foot": N_("It was in the foot or toes"),
    "thigh": N_("It was in the thigh"),
}
STEPS: dict[str, tuple[str, ...]] = {
    "calf": (
        N_("Straighten your leg and gently pull your toes toward you."),
        N_("Or stand up and put your weight on that leg, heel down."),
    ),
    "foot": (
        N_("Pull your toes up toward your shin."),
        N_("Or stand on that foot."),
        N_("Massage the arch of your foot."),
    ),
    "thigh": (
        N_("Gently stretch that muscle."),
        N_("Then massage it."),
    ),
}
THEN_STEP = N_("Then: massage, walk slowly around the room, and use warmth.")
BEFORE_PLACE = N_("Tap where it is for the right stretch. Meanwhile, gently stretch the muscle.")
# "It started before I opened this": minutes. The time and length follow it.
EARLIER_MINUTES: tuple[int, ...] = (5, 10, 20)
RELIEF_CHOICES = ("stretch", "massage", "walk", "heat")
MEDICAL_HELP = N_(
    "This cramp has lasted more than 10 minutes. If it does not ease, please seek medical help: "
    "call your doctor or an out-of-hours line. You can keep following the steps meanwhile."
)


def earlier_choices() -> tuple[tuple[int, str], ...]:
    """(minutes, button text) in the current language."""
    return tuple(
        (m, counted(m, "About {n} minute ago", "About {n} minutes ago")) for m in EARLIER_MINUTES
    )


def earlier_name(minutes: int) -> str:
    """The accessible name of an "it started earlier" choice."""
    return counted(minutes, "Started about {n} minute ago", "Started about {n} minutes ago")


def labelled(areas: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(area, its label in the current language) for diary areas."""
    return tuple((area, area_label(area)) for area in areas)


def format_elapsed(seconds: float) -> str:
    """'3:07' for minutes and seconds; hours only if it ever came to that."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{number(hours)}:{minutes:02d}:{secs:02d}"
    return f"{number(minutes)}:{secs:02d}"


class CrampNowWindow(QWidget):
    """The guide. Pages: the steps with the timer, the one-tap severity question, done."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.setWindowTitle(_("Cramp now"))
        self.setAccessibleName(_("Cramp now guide"))
        self.close_delay_ms = CLOSE_DELAY_MS
        self.started_at: datetime = ctx.clock.now()
        self._start_mono = ctx.clock.monotonic()
        self._eased_after: float | None = None
        self.logged = False
        # Only what the person taps: where (the picker: place, exact part, leg), how much earlier.
        self.earlier_min = 0
        # The choices' texts as shown (translated once, when the guide is built).
        self._earlier_texts = dict(earlier_choices())
        self._apply_night_look()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        self.guide_page = self._build_guide()
        self.ease_page = self._build_ease()
        self.confirm_page = self._build_confirm()
        self.done_page = self._build_done()
        for page in (self.guide_page, self.ease_page, self.confirm_page, self.done_page):
            self.pages.addWidget(page)
        self._show_choices()

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    # look ------------------------------------------------------------------------------------
    def _apply_night_look(self) -> None:
        """Dim and warm even when the app is in day colours: it is the middle of the night."""
        pt = self.ctx.look.point_size
        self.setPalette(theme.build_palette(theme.NIGHT))
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            theme.stylesheet(theme.NIGHT, pt)
            + f"CrampNowWindow {{ background: {theme.NIGHT.window}; }}"
            + f"QWidget#crampPage {{ background: {theme.NIGHT.window}; }}"
        )

    def _size(self, widget: QWidget, factor: float, bold: bool = True, min_height: int = 0) -> None:
        """Per-widget size through a style sheet (the app sheet's font-size beats setFont), from
        the context's text size."""
        rules = f"font-size: {self.ctx.look.point_size * factor:.1f}pt;"
        rules += " font-weight: 600;" if bold else " font-weight: 400;"
        if min_height:
            rules += f" min-height: {min_height}px;"
        widget.setStyleSheet(rules)

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        page.setObjectName("crampPage")
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Cramp now guide"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("crampPage")
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 20, 48, 20)
        column.setSpacing(14)
        scroll.setWidget(body)
        holder = QVBoxLayout(page)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(scroll)
        return page, column

    # the guide ---------------------------------------------------------------------------------
    def _build_guide(self) -> QWidget:
        page, column = self._page()
        top = QHBoxLayout()
        title = label(_("Cramp now"), "title")
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(label(_("Breathe slowly. It will pass."), "muted"), 1)
        close = button(_("Close"), _("Close the guide"), tip=_("Close (Esc)"))
        close.clicked.connect(self.request_close)
        top.addWidget(close)
        column.addLayout(top)
        self.timer_label = QLabel("0:00")
        self._size(self.timer_label, 5.0)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer_label.setAccessibleName(_("Time since the cramp began"))
        column.addWidget(self.timer_label)
        self.timer_caption = label(_("minutes : seconds since it began"))
        self.timer_caption.setProperty("role", "muted")
        self.timer_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.timer_caption)

        column.addWidget(label(_("Did it start before you opened this?"), "muted"))
        self.earlier_buttons = self._choice_row(
            column,
            tuple(self._earlier_texts.items()),
            lambda minutes, _text: earlier_name(minutes),
            self._set_earlier,
        )

        # Translators: the warning sign stays in front of the medical advice
        self.medical_label = label(_("⚠  {advice}").format(advice=_(MEDICAL_HELP)), "warning")
        self.medical_label.setAccessibleName(_("Seek medical help"))
        self._size(self.medical_label, 1.15)
        self.medical_label.hide()
        column.addWidget(self.medical_label)

        # The steps for the place sit between "where" and "which leg", where the eyes already are.
        steps = QWidget()
        steps_column = QVBoxLayout(steps)
        steps_column.setContentsMargins(0, 0, 0, 0)
        steps_column.setSpacing(14)
        self.steps_label = label("")
        self._size(self.steps_label, 1.35, bold=False)
        self.steps_label.setAccessibleName(_("What to do"))
        steps_column.addWidget(self.steps_label)
        self.then_label = label(_(THEN_STEP))
        self._size(self.then_label, 1.15, bold=False)
        steps_column.addWidget(self.then_label)

        self.picker = AreaPicker(
            NIGHT_PLACES,
            place_question=_("Where is it?"),
            big=lambda b: self._size(b, 1.25, min_height=48),
            small=lambda b: self._size(b, 1.0, bold=False, min_height=40),
            big_rows=True,
            between=steps,
            spacing=14,  # the guide's gap between rows
        )
        self.picker.changed.connect(self._show_choices)
        self.place_buttons = self.picker.place_buttons  # the big "where" row, first to tap
        column.addWidget(self.picker)

        self.eased_button = button(_("It has eased"), _("It has eased"), primary=True)
        self._size(self.eased_button, 1.6, min_height=72)
        self.eased_button.clicked.connect(self.mark_eased)
        column.addWidget(self.eased_button)
        column.addStretch(1)
        return page

    def _choice_row(
        self,
        column: QVBoxLayout,
        choices: tuple[tuple[K, str], ...],
        name_of: Callable[[K, str], str],
        tap: Callable[[K], None],
    ) -> dict[K, QPushButton]:
        """A row of smaller toggles, left-aligned, one per (key, shown text), each telling
        ``tap`` its key; ``name_of(key, text)`` gives each its accessible name (a whole phrase
        of its own, never built by changing the text's case)."""
        buttons: dict[K, QPushButton] = {}
        for key, text in choices:
            b = self._choice(text, name_of(key, text))
            b.clicked.connect(lambda _=False, k=key: tap(k))
            buttons[key] = b
        # A row that wraps: longer words in another language never widen the guide.
        column.addWidget(FlowRow(list(buttons.values())))
        return buttons

    @staticmethod
    def _tick(buttons: dict, texts: dict, chosen: object) -> None:
        """Check and tick exactly the chosen button (a tick as well as the colour)."""
        for k, b in buttons.items():
            b.setChecked(k == chosen)
            b.setText(("✓ " if k == chosen else "") + texts[k])

    def _choice(self, text: str, name: str) -> QPushButton:
        """A smaller toggle: a second tap takes the choice back (nothing stays picked by mistake)."""
        b = button(text, name)
        b.setCheckable(True)
        self._size(b, 1.0, bold=False, min_height=40)
        return b

    @property
    def place(self) -> str | None:
        """The place tapped (calf, foot, thigh), or None."""
        return self.picker.place

    @property
    def side(self) -> str | None:
        """The leg tapped, or None: it is never assumed."""
        return self.picker.side

    def _set_earlier(self, minutes: int) -> None:
        self.earlier_min = 0 if self.earlier_min == minutes else minutes
        self._show_choices()
        self.refresh()

    def _show_choices(self) -> None:
        """Ticks and check marks follow exactly what was tapped; nothing is pre-selected."""
        self._tick(self.ease_place_buttons, self._place_texts, self.place)
        if self.place:
            lines = (
                # Translators: one numbered step of the Cramp-now guide: "1.  Pull your toes up"
                _("{number}.  {step}").format(number=number(i), step=_(t))
                for i, t in enumerate(STEPS[self.place], 1)
            )
            self.steps_label.setText("\n".join(lines))
        else:
            self.steps_label.setText(_(BEFORE_PLACE))
        self._tick(self.earlier_buttons, self._earlier_texts, self.earlier_min)
        if self.place:
            self.ease_hint.setText("")

    # severity ----------------------------------------------------------------------------------
    def _build_ease(self) -> QWidget:
        page, column = self._page()
        self.eased_label = label(_("Good. It has eased."), "title")
        self.eased_label.setAccessibleName(_("It has eased"))
        column.addWidget(self.eased_label)

        ask = label(
            _("How bad was it at its worst? Pain {scale}. Tap a number to log it.").format(
                scale=wording.pain_scale()
            )
        )
        self._size(ask, 1.3)
        column.addWidget(ask)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.severity_buttons: dict[int, QPushButton] = {}
        for value in range(1, MAX_SEVERITY + 1):
            b = button(number(value), _("Severity {value}").format(value=number(value)))
            b.setMinimumWidth(80)
            self._size(b, 1.8, min_height=72)
            b.clicked.connect(lambda _=False, v=value: self.log_with_severity(v))
            grid.addWidget(b, 0, value - 1)
            self.severity_buttons[value] = b
        column.addLayout(grid)
        scale = QHBoxLayout()
        scale.addWidget(label(_("1 = mild"), "muted"))
        scale.addStretch(1)
        scale.addWidget(label(_("10 = the worst pain"), "muted"))
        column.addLayout(scale)

        self.ease_hint = label("", "warning")
        self.ease_hint.setAccessibleName(_("Hint"))
        column.addWidget(self.ease_hint)

        # Asked here only when the steps page was never told where it was: the log needs a place.
        # The same choice as the picker's place row (it sets the picker's place), asked in its
        # own words because it comes after the cramp.
        self.ease_place_label = label(_("Where was it?"), "muted")
        column.addWidget(self.ease_place_label)
        self._place_texts = dict(labelled(NIGHT_PLACES))
        self.ease_place_buttons = self._choice_row(
            column,
            labelled(NIGHT_PLACES),
            lambda key, _text: _(EASE_PLACE_NAMES[key]),
            self.picker.tap_place,
        )

        column.addWidget(label(_("What did you do? Tap any that you did."), "muted"))
        self.relief_picker = ReliefPicker(
            QHBoxLayout(),
            RELIEF_CHOICES,
            style=lambda b: self._size(b, 1.0, bold=False, min_height=40),
        )
        column.addWidget(self.relief_picker)

        self.save_error = label("", "warning")
        self.save_error.setAccessibleName(_("Problem"))
        column.addWidget(self.save_error)

        back = button(_("It has not eased — back to the steps"), _("Back to the steps"))
        back.clicked.connect(self.back_to_guide)
        skip = button(_("Close without logging"), _("Close without logging"))
        skip.clicked.connect(self.close_without_logging)
        column.addWidget(FlowRow([back, skip]))  # one row when it fits, else two
        column.addStretch(1)
        return page

    # closing ---------------------------------------------------------------------------------
    def _build_confirm(self) -> QWidget:
        page, column = self._page()
        column.addStretch(1)
        question = label(_("Close the guide? You can log this cramp first."), "title")
        column.addWidget(question)
        log_it = button(_("Log it first"), _("Log it first"), primary=True)
        self._size(log_it, 1.0, bold=False, min_height=48)
        log_it.clicked.connect(self.mark_eased)
        close = button(_("Close without logging"), _("Close without logging"))
        self._size(close, 1.0, bold=False, min_height=48)
        close.clicked.connect(self.close_without_logging)
        stay = button(_("Keep the guide open"), _("Keep the guide open"))
        self._size(stay, 1.0, bold=False, min_height=48)
        stay.clicked.connect(self.back_to_guide)
        column.addWidget(FlowRow([log_it, close, stay]))  # wraps rather than widen the page
        column.addStretch(2)
        return page

    def _build_done(self) -> QWidget:
        page, column = self._page()
        column.addStretch(1)
        self.done_label = label(_("Logged for tonight."), "hero")
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_label.setAccessibleName(_("Logged"))
        column.addWidget(self.done_label)
        self.done_detail = label("", "muted")
        self.done_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.done_detail)
        row = QHBoxLayout()
        row.addStretch(1)
        close = button(_("Close"), _("Close"), primary=True)
        self._size(close, 1.0, bold=False, min_height=48)
        close.clicked.connect(self.close)
        row.addWidget(close)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(2)
        return page

    # behaviour -------------------------------------------------------------------------------
    def elapsed(self) -> float:
        """Seconds since the cramp began (frozen once it has eased): the monotonic time since the
        guide opened, plus however much earlier the person said it started."""
        if self._eased_after is not None:
            return self._eased_after + self.earlier_min * 60
        return max(0.0, self.ctx.clock.monotonic() - self._start_mono) + self.earlier_min * 60

    def began_at(self) -> datetime:
        """When the cramp began on the wall clock: the guide's opening, moved earlier if told."""
        return self.started_at - timedelta(minutes=self.earlier_min)

    def refresh(self) -> None:
        seconds = self.elapsed()
        self.timer_label.setText(format_elapsed(seconds))
        self.medical_label.setVisible(is_long_cramp(seconds))
        self.timer_label.setAccessibleDescription(wording.rough_minutes(seconds))

    def mark_eased(self) -> None:
        self._eased_after = max(0.0, self.ctx.clock.monotonic() - self._start_mono)
        self.refresh()
        self.eased_label.setText(
            _("Good. It has eased after {length}.").format(
                length=wording.rough_minutes(self.elapsed())
            )
        )
        asked = self.place is None
        self.ease_place_label.setVisible(asked)
        for b in self.ease_place_buttons.values():
            b.setVisible(asked)
        self.pages.setCurrentWidget(self.ease_page)
        self.severity_buttons[5].setFocus()

    def back_to_guide(self) -> None:
        self._eased_after = None  # the clock never stopped: it simply shows the time again
        self.refresh()
        self.pages.setCurrentWidget(self.guide_page)
        self.eased_button.setFocus()

    def request_close(self) -> None:
        """Esc or Close: ask whether to log, unless there is nothing left to ask."""
        if self.logged:
            self.close()
            return
        if self.pages.currentWidget() is self.confirm_page:
            self.back_to_guide()
            return
        self.pages.setCurrentWidget(self.confirm_page)

    def close_without_logging(self) -> None:
        self.logged = True  # nothing to ask any more
        self.close()

    def log_with_severity(self, severity: int) -> None:
        chosen = self.picker.selection()  # (area, side or None), saved as core says
        if chosen is None:
            self.ease_hint.setText(_("Where was it? Tap Calf, Foot or toes, or Thigh below."))
            self.ease_place_buttons["calf"].setFocus()
            return
        store = self.ctx.store
        lasted_s = self.elapsed()
        relief = self.relief_picker.chosen()
        cramp = Cramp(
            area=chosen[0],
            side=chosen[1],  # None when the leg was not said
            severity=severity,
            at=self.began_at(),
            relief=relief,
        )
        if store is None:
            self.save_error.setText(_("Your diary is not open, so this cramp could not be logged."))
            return
        try:
            store.add_cramp(cramp, lasted_s=lasted_s)
        except _LOG_ERRORS as exc:
            log.warning("cramp not logged: %s", exc)
            self.save_error.setText(
                _(
                    "This cramp could not be saved just now. You can add it in the morning note. "
                    "({problem})"
                ).format(problem=exc)
            )
            return
        self.logged = True
        self._timer.stop()
        lines = [
            # Translators: after logging a cramp: "Lasted about 3 minutes, pain 6/10. Rest well."
            _("Lasted {length}, pain {severity}/10. Rest well.").format(
                length=wording.rough_minutes(self.elapsed()), severity=number(severity)
            )
        ]
        if is_long_cramp(self.elapsed()):
            lines.append(_("Please talk to a doctor about a cramp this long."))
        self.done_detail.setText("\n".join(lines))
        self.pages.setCurrentWidget(self.done_page)
        self.ctx.message.emit(_("Cramp logged for tonight."))
        if self.close_delay_ms >= 0:
            QTimer.singleShot(self.close_delay_ms, self, self.close)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.request_close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._timer.stop()
        if self.ctx.cramp_window is self:
            self.ctx.cramp_window = None
        super().closeEvent(event)


def open_cramp_now(ctx: AppContext, parent: QWidget | None) -> QWidget:
    """Open the guide full screen, or bring forward the one already running (same cramp)."""
    existing = ctx.cramp_window
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    window = CrampNowWindow(ctx, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    ctx.cramp_window = window
    # Cover the screen even where no window manager honours "full screen" (some minimal
    # desktops, kiosks): the size is set first, full screen is then the WM's to refine.
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()
    window.activateWindow()
    window.eased_button.setFocus()
    return window
