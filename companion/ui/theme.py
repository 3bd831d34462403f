"""Night and day palettes, owned by the app.

Offscreen Qt (and many desktops) report no colour scheme, so we never rely on the system's: Fusion
plus an explicit QPalette. The night palette is warm, dim and low in contrast (no pure white, no
blue light); the day palette is a soft paper look. Type starts large and scales from the system
font, so a user's accessibility font size carries through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from companion.paths import asset

NIGHT_STARTS_HOUR = 18
DAY_STARTS_HOUR = 8


@dataclass(frozen=True)
class Colors:
    name: str
    window: str
    surface: str  # cards, inputs
    raised: str  # buttons
    text: str
    muted_text: str
    accent: str  # focus, selection, primary action
    accent_text: str
    warning: str
    border: str
    # colour-blind-safe series (Okabe-Ito family, tuned per theme) for charts
    series: tuple[str, ...]


NIGHT = Colors(
    name="night",
    window="#17120f",
    surface="#221b17",
    raised="#2e2520",
    text="#d8c6b0",
    muted_text="#a8957f",
    accent="#c98f52",
    accent_text="#17120f",
    warning="#d9a441",
    border="#4a3d33",
    series=("#d7a45a", "#6fa8c9", "#c97f65", "#8fbf9f", "#b59ac9", "#d8c6b0"),
)

DAY = Colors(
    name="day",
    window="#f3eee6",
    surface="#fbf8f3",
    raised="#e7dfd3",
    text="#2b2520",
    muted_text="#5e554c",
    accent="#8b5526",
    accent_text="#fbf8f3",
    warning="#8a5a00",
    border="#b9ab99",
    series=("#b7771e", "#2a6f97", "#a4452c", "#3f7f58", "#7a5a9a", "#2b2520"),
)


def resolve_mode(setting: str, now: datetime | None = None) -> str:
    """'auto' is night from 18:00 to 08:00 local time."""
    if setting in ("night", "day"):
        return setting
    hour = (now or datetime.now()).hour
    return "night" if hour >= NIGHT_STARTS_HOUR or hour < DAY_STARTS_HOUR else "day"


def colors_for(mode: str) -> Colors:
    return NIGHT if mode == "night" else DAY


def build_palette(c: Colors) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    pairs = {
        role.Window: c.window,
        role.WindowText: c.text,
        role.Base: c.surface,
        role.AlternateBase: c.raised,
        role.ToolTipBase: c.raised,
        role.ToolTipText: c.text,
        role.PlaceholderText: c.muted_text,
        role.Text: c.text,
        role.Button: c.raised,
        role.ButtonText: c.text,
        role.BrightText: c.warning,
        role.Highlight: c.accent,
        role.HighlightedText: c.accent_text,
        role.Link: c.accent,
        role.LinkVisited: c.accent,
        role.Light: c.raised,
        role.Midlight: c.raised,
        role.Mid: c.border,
        role.Dark: c.window,
        role.Shadow: "#000000",
    }
    for r, hex_color in pairs.items():
        pal.setColor(r, QColor(hex_color))
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor(c.muted_text))
    return pal


_base_point_size: float | None = None


def base_point_size(app: QApplication) -> float:
    """The system font size when the app started, remembered so re-theming never compounds."""
    global _base_point_size
    if _base_point_size is None:
        size = app.font().pointSizeF()
        _base_point_size = size if size > 0 else 10.0
    return _base_point_size


# Inputs: the fields that take typing or a choice from a list.
INPUT_CLASSES = (
    "QLineEdit",
    "QSpinBox",
    "QDoubleSpinBox",
    "QComboBox",
    "QPlainTextEdit",
    "QTextEdit",
    "QTimeEdit",
    "QDateEdit",
    "QListWidget",
    "QListView",
    "QTableView",
    "QTableWidget",
)
# Every focusable widget class the app uses, for the focus-ring rules (a test checks the list
# against the widgets on every page).
FOCUS_CLASSES = (
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    *INPUT_CLASSES,
    "QSlider",
    "QScrollArea",
)
# Widgets that paint themselves take their ring from their holder: a chart's card is ringed
# while the chart has focus (property focused=true), see trends_view.ChartCard.


def focus_ring(c: Colors) -> str:
    """The focus ring's colour: the text colour, which stands out from the amber hover and
    selection borders. On amber-filled controls (primary, selected) the ring is doubled, so a
    line of the page's own colour separates it from the fill."""
    return c.text


def _sel(classes: tuple[str, ...], suffix: str) -> str:
    return ", ".join(f"{name}{suffix}" for name in classes)


def stylesheet(c: Colors, pt: float) -> str:
    """Sizes in pt derived from the system font so they scale with it. The base size comes from
    app.setFont, not a universal `QWidget` rule, which would make every widget's polish slower.

    Focus is a 3 px ring on every focusable control, in both themes; the padding shrinks by as
    much as the border grows, so a control never changes size or moves when it takes focus."""
    big = pt * 1.6
    arrow_up = asset("icons", f"arrow-up-{c.name}.svg").as_posix()
    arrow_down = asset("icons", f"arrow-down-{c.name}.svg").as_posix()
    check = asset("icons", f"check-{c.name}.svg").as_posix()
    huge = pt * 2.4
    ring = focus_ring(c)
    # Indicators in px from the point size (QSS radii take no em); ~1.4 em at 96 dpi.
    box = max(16, round(pt * 1.45))
    inputs = _sel(INPUT_CLASSES, "")
    inputs_focus = _sel(INPUT_CLASSES, ":focus")
    return f"""
    QToolTip {{ color: {c.text}; background: {c.raised}; border: 1px solid {c.border}; }}
    QPushButton, QToolButton {{
        background: {c.raised}; color: {c.text}; border: 1px solid {c.border};
        border-radius: 10px; padding: 10px 18px; min-height: 1.6em;
    }}
    QToolButton {{ padding: 10px 8px; }}
    QPushButton:hover, QToolButton:hover {{ border-color: {c.accent}; }}
    QPushButton:checked, QToolButton:checked {{
        background: {c.accent}; color: {c.accent_text}; border-color: {c.accent};
    }}
    QPushButton:disabled {{ color: {c.muted_text}; }}
    QPushButton[primary="true"] {{
        background: {c.accent}; color: {c.accent_text}; border-color: {c.accent}; font-weight: 600;
    }}
    QPushButton[primary="true"]:disabled {{
        background: {c.raised}; color: {c.muted_text}; border-color: {c.border}; font-weight: 400;
    }}
    QSpinBox::up-button, QDoubleSpinBox::up-button, QTimeEdit::up-button, QDateEdit::up-button {{
        subcontrol-origin: border; subcontrol-position: top right; width: 1.5em;
        border-left: 1px solid {c.border}; border-top-right-radius: 8px;
    }}
    QSpinBox::down-button, QDoubleSpinBox::down-button, QTimeEdit::down-button,
    QDateEdit::down-button {{
        subcontrol-origin: border; subcontrol-position: bottom right; width: 1.5em;
        border-left: 1px solid {c.border}; border-bottom-right-radius: 8px;
    }}
    QSpinBox::up-button:hover, QDoubleSpinBox::up-button:hover, QTimeEdit::up-button:hover,
    QDateEdit::up-button:hover, QSpinBox::down-button:hover, QDoubleSpinBox::down-button:hover,
    QTimeEdit::down-button:hover, QDateEdit::down-button:hover {{ background: {c.raised}; }}
    QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QTimeEdit::up-arrow, QDateEdit::up-arrow {{
        image: url({arrow_up}); width: 12px; height: 8px;
    }}
    QSpinBox::down-arrow, QDoubleSpinBox::down-arrow, QTimeEdit::down-arrow,
    QDateEdit::down-arrow {{ image: url({arrow_down}); width: 12px; height: 8px; }}
    QPushButton[danger="true"] {{ border: 2px solid {c.warning}; padding: 9px 17px; }}
    {inputs} {{
        background: {c.surface}; color: {c.text}; border: 1px solid {c.border};
        border-radius: 8px; padding: 6px;
    }}
    QLabel[role="title"] {{ font-size: {big:.1f}pt; font-weight: 600; }}
    QLabel[role="hero"] {{ font-size: {huge:.1f}pt; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {c.muted_text}; }}
    QLabel[role="warning"] {{ color: {c.warning}; }}
    QFrame[role="card"] {{
        background: {c.surface}; border: 1px solid {c.border}; border-radius: 14px;
    }}
    QFrame[role="banner"] {{
        background: {c.raised}; border: 2px solid {c.accent}; border-radius: 12px;
    }}
    QFrame[role="nav"] {{ background: {c.surface}; border-right: 1px solid {c.border}; }}
    QPushButton[nav="true"] {{
        text-align: left; padding: 12px 16px; border-radius: 10px; border: 1px solid transparent;
        background: transparent;
    }}
    QPushButton[nav="true"]:checked {{
        background: {c.raised}; color: {c.text}; border: 1px solid {c.accent};
        border-left: 6px solid {c.accent}; padding-left: 11px; font-weight: 600;
    }}
    QScrollArea {{ border: none; background: transparent; }}
    QCheckBox, QRadioButton {{
        spacing: 10px; padding: 4px 6px; border: 3px solid transparent; border-radius: 8px;
    }}
    QCheckBox::indicator, QRadioButton::indicator {{
        width: {box}px; height: {box}px; border: 2px solid {c.muted_text};
        background: {c.surface};
    }}
    QCheckBox::indicator {{ border-radius: 5px; }}
    QRadioButton::indicator {{ border-radius: {box // 2 + 2}px; }}
    QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {c.accent}; }}
    QCheckBox::indicator:checked {{
        background: {c.accent}; border-color: {c.accent}; image: url({check});
    }}
    QRadioButton::indicator:checked {{
        border-color: {c.accent};
        background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
            stop: 0 {c.accent}, stop: 0.55 {c.accent}, stop: 0.6 {c.surface}, stop: 1 {c.surface});
    }}
    QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {c.border}; }}
    QProgressBar {{
        background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px;
        color: {c.text}; text-align: center;
    }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 7px; }}
    QSlider {{ border: 3px solid transparent; border-radius: 8px; }}

    /* Focus, last so it wins: a 3 px ring, padding 2 px less so nothing moves. */
    QPushButton:focus {{ border: 3px solid {ring}; padding: 8px 16px; }}
    QToolButton:focus {{ border: 3px solid {ring}; padding: 8px 6px; }}
    QPushButton[danger="true"]:focus {{ border: 3px solid {ring}; padding: 8px 16px; }}
    QPushButton:checked:focus,
    QPushButton[primary="true"]:focus {{ border: 6px double {ring}; padding: 5px 13px; }}
    QToolButton:checked:focus {{ border: 6px double {ring}; padding: 5px 3px; }}
    QPushButton[nav="true"]:focus {{ border: 3px solid {ring}; padding: 10px 14px; }}
    QPushButton[nav="true"]:checked:focus {{
        border: 3px solid {ring}; border-left: 6px solid {c.accent}; padding: 10px 14px 10px 11px;
    }}
    {inputs_focus} {{ border: 3px solid {ring}; padding: 4px; }}
    QCheckBox:focus, QRadioButton:focus, QSlider:focus {{ border: 3px solid {ring}; }}
    QScrollArea:focus {{ border: 3px solid {ring}; border-radius: 8px; }}
    QFrame[role="card"][focused="true"] {{ border: 3px solid {ring}; }}
    """


@dataclass(frozen=True)
class Look:
    """The look applied to the app: night or day, its colours and the base text size.

    ``AppContext.look`` holds the one in use and ``theme_changed`` announces a new one; a page
    hands it to what it paints (a ring, a chart, the body map), so nothing reads a global while
    painting and a repaint after a switch can only use the new colours."""

    mode: str
    colors: Colors
    point_size: float
    large_text: bool = False


# What apply_theme last gave the app: read once by the context that is made after it (the app,
# or a test that styled its QApplication first), never while painting.
_applied = Look("night", NIGHT, 12.0 * 1.3)


def applied() -> Look:
    """The look last applied to the application (the night look before any)."""
    return _applied


def apply_theme(
    app: QApplication, setting: str, large_text: bool = False, now: datetime | None = None
) -> Look:
    global _applied
    mode = resolve_mode(setting, now)
    c = colors_for(mode)
    app.setStyle("Fusion")
    app.setPalette(build_palette(c))
    # Large by default for tired eyes: 1.3x the system size, 1.6x with "large text".
    pt = base_point_size(app) * (1.6 if large_text else 1.3)
    font = QFont(app.font())
    font.setPointSizeF(pt)
    app.setFont(font)
    app.setStyleSheet(stylesheet(c, pt))
    _applied = Look(mode, c, pt, large_text)
    return _applied
