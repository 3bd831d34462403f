"""A clickable map of both legs (front and back) and both soles, for saying where a cramp was.

Painted with QPainter in the look it is given (``set_look`` follows the night/day theme and the
text size; the page passes the context's). Meaning is
never carried by colour alone: a chosen region gets a fill, a thick outline and a hatch pattern,
its name is printed inside it, and the choice is spelled out in text beside the map (and in the
accessible description). Keyboard: arrow keys move between regions, Space or Enter chooses, B
toggles "both legs"; Tab leaves the map as usual.

Left and right are drawn as the person sees their own legs looking down (left on the left), in
every view, and each leg is labelled "Left"/"Right" so no one has to mirror a picture in their head.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from companion.core import wording
from companion.core.diary import SIDE_LABELS, side_label
from companion.core.i18n import N_, _, pgettext
from companion.ui import theme
from companion.ui.widgets import button, label

# The map is laid out on a fixed logical canvas and scaled to the widget, keeping its shape.
CANVAS_W = 720.0
CANVAS_H = 380.0
PANEL_W = CANVAS_W / 3
# Leg centre x inside a panel. The legs of a panel sit far enough apart that each leg's column
# (LEG_PITCH wide) holds its names at the large text size at the smallest canvas a 1024x600
# window gives the map; the columns of neighbouring panels never meet either.
LEG_OFFSETS = {"left": 62.0, "right": 178.0}
LEG_PITCH = LEG_OFFSETS["right"] - LEG_OFFSETS["left"]
# Only this band of the canvas holds shapes; the view titles and the Left/Right row above it and
# the names placed below a shape ("Foot", "Heel") get bands measured in pixels from the label
# font, so they are never squeezed or pushed out of the widget when the map is drawn small.
DRAW_TOP = 76.0
DRAW_BOTTOM = 360.0
LABEL_GAP = 4.0  # px between the names of neighbouring legs
LABEL_PAD = 2.0  # px either side of a name inside its box

# The names painted inside the shapes: short, since each must fit one leg's column. Marked
# here (N_) and translated where painted (_), so a change of language needs no re-import.
# Translators: the short names painted inside the body map's shapes; keep them short
SHORT_LABELS = {
    "calf": N_("Calf"),
    # Translators: the arch of the foot, painted on the body map's sole (short)
    "foot_arch": N_("Arch"),
    "toes": N_("Toes"),
    "shin": N_("Shin"),
    "thigh_front": N_("Thigh"),
    "thigh_back": N_("Thigh"),
}


def _outline(cx: float, profile: list[tuple[float, float]]) -> QPainterPath:
    """A smooth limb outline from (y, half-width) samples down its length."""
    path = QPainterPath()
    right = [QPointF(cx + w, y) for y, w in profile]
    left = [QPointF(cx - w, y) for y, w in reversed(profile)]
    points = right + left
    path.moveTo(points[0])
    for i in range(1, len(points)):
        prev, cur = points[i - 1], points[i]
        mid = QPointF((prev.x() + cur.x()) / 2, (prev.y() + cur.y()) / 2)
        path.quadTo(prev, mid)
    path.lineTo(points[-1])
    path.closeSubpath()
    return path


@dataclass
class Region:
    area: str
    side: str
    view: str  # "front", "back", "soles"
    path: QPainterPath

    @property
    def name(self) -> str:
        return wording.place_words(self.area, self.side)


def _build_regions() -> tuple[list[Region], list[tuple[str, QPainterPath]]]:
    """The twelve choosable regions, in keyboard order, plus non-choosable outline parts."""
    regions: list[Region] = []
    decor: list[tuple[str, QPainterPath]] = []
    views = (("front", 0.0), ("back", PANEL_W), ("soles", 2 * PANEL_W))
    for view, x0 in views:
        for side in ("left", "right"):
            cx = x0 + LEG_OFFSETS[side]
            if view == "front":
                regions.append(
                    Region(
                        "thigh_front",
                        side,
                        view,
                        _outline(cx, [(84, 34), (120, 33), (160, 28), (196, 23)]),
                    )
                )
                regions.append(
                    Region(
                        "shin",
                        side,
                        view,
                        _outline(cx, [(214, 22), (250, 23), (300, 18), (326, 15)]),
                    )
                )
                decor.append(("knee", _outline(cx, [(196, 23), (205, 24), (214, 22)])))
                foot = QPainterPath()
                toe_dir = 1 if side == "right" else -1
                foot.addEllipse(QPointF(cx + toe_dir * 4, 342), 19, 14)
                decor.append(("foot", foot))
            elif view == "back":
                regions.append(
                    Region(
                        "thigh_back",
                        side,
                        view,
                        _outline(cx, [(84, 34), (120, 34), (160, 29), (196, 23)]),
                    )
                )
                regions.append(
                    Region(
                        "calf",
                        side,
                        view,
                        _outline(cx, [(214, 23), (240, 29), (270, 25), (300, 17), (326, 14)]),
                    )
                )
                decor.append(("knee", _outline(cx, [(196, 23), (205, 23), (214, 23)])))
                heel = QPainterPath()
                heel.addEllipse(QPointF(cx, 340), 15, 12)
                decor.append(("heel", heel))
            else:
                toes = QPainterPath()
                toes.addRoundedRect(QRectF(cx - 30, 82, 60, 62), 26, 26)
                regions.append(Region("toes", side, view, toes))
                regions.append(
                    Region(
                        "foot_arch",
                        side,
                        view,
                        _outline(cx, [(150, 30), (190, 27), (230, 21), (268, 22), (286, 23)]),
                    )
                )
                heel = QPainterPath()
                heel.addEllipse(QPointF(cx, 312), 24, 24)
                decor.append(("heel", heel))
    # keyboard order: left to right across the views, top to bottom within a leg
    order = {"front": 0, "back": 1, "soles": 2}
    regions.sort(key=lambda r: (order[r.view], r.side != "left", r.path.boundingRect().top()))
    return regions, decor


def view_title(view: str) -> str:
    """The title over one view of the legs ("Back" there is the back of the legs, not a
    button's "go back")."""
    titles = {
        "front": pgettext("view of the legs", "Front"),
        "back": pgettext("view of the legs", "Back"),
        "soles": pgettext("view of the legs", "Soles"),
    }
    return titles[view]


def side_title(side: str) -> str:
    """ "Left"/"Right" over each leg's column."""
    return side_label(side)


# Outline parts that are not a choice still carry a name; where none fits inside, it goes below.
DECOR_LABELS = {"foot": N_("Foot"), "heel": N_("Heel")}
DECOR_HINTS = {
    "foot": N_("The top of the foot is not a choice: for the sole choose Arch, or Toes."),
    "heel": N_(
        "The heel is not a choice: for the sole choose Arch; for the back of the ankle, Calf."
    ),
}


SOFT_HYPHEN = "\u00ad"
_VOWELS = set("aeiouyäöüáéíóúàèìòùâêîôûëïœæ")
# Letters that sound as one and are never broken apart (German "sch", "ck"; Spanish "rr", "ll").
_CLUSTERS = ("sch", "ch", "ck", "ph", "th", "qu", "rr", "ll", "ß")


def hyphenated(word: str) -> tuple[str, str] | None:
    """A word too long for its outline in two parts, as a hyphenation would break it: at a soft
    hyphen a translator put in, else between two consonants nearest the middle that are not one
    sound ("Ober-" / "schenkel", "Schien-" / "bein"), else before a consonant between vowels;
    each part at least three letters. None when the word has no such place."""
    if SOFT_HYPHEN in word:
        head, tail = word.split(SOFT_HYPHEN, 1)
        return head + "-", tail.replace(SOFT_HYPHEN, "")
    lower = word.lower()

    def inside_cluster(i: int) -> bool:
        return any(
            lower.startswith(c, j) for c in _CLUSTERS for j in range(max(0, i - len(c) + 1), i)
        )

    def consonant(i: int) -> bool:
        return lower[i].isalpha() and lower[i] not in _VOWELS

    places = range(3, len(word) - 2)
    between = [i for i in places if consonant(i - 1) and consonant(i) and not inside_cluster(i)]
    before = [
        i
        for i in places
        if not consonant(i - 1) and consonant(i) and i + 1 < len(word) and not consonant(i + 1)
    ]
    choices = between or before
    if not choices:
        return None
    cut = min(choices, key=lambda i: abs(i - len(word) / 2))
    return word[:cut] + "-", word[cut:]


def name_lines(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` in as few lines as ``fits`` (a line -> bool) allows: its words filled into
    lines, a word too long for a line of its own hyphenated once (soft hyphens never show)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        shown = word.replace(SOFT_HYPHEN, "")
        joined = f"{current} {shown}" if current else shown
        if fits(joined):
            current = joined
            continue
        if current:
            lines.append(current)
        parts = None if fits(shown) else hyphenated(word)
        if parts:
            lines.append(parts[0])
            current = parts[1]
        else:
            current = shown
    lines.append(current)
    return lines


@dataclass(frozen=True)
class MapLabel:
    """One piece of text painted on the map, in widget coordinates."""

    text: str
    rect: QRectF
    font: QFont
    selected: bool = False


class BodyMapCanvas(QWidget):
    """The painted map itself; focusable, clickable, keyboard operable."""

    regionChosen = Signal(str, str)  # area, side  # noqa: N815 (Qt signal naming)
    hoverChanged = Signal(str)  # the name under the pointer, or ""  # noqa: N815

    def __init__(self, look: theme.Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.look = look
        self.regions, self._decor = _build_regions()
        self._selected: tuple[str, str] | None = None
        self._hover: int | None = None
        self._cursor = 0  # the keyboard focus region
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Body map"))
        self._update_description()
        self._keep_minimum()

    def _keep_minimum(self) -> None:
        """Hold the widget at the size its names need, even before a layout has sized it."""
        self.setMinimumSize(self.minimumSizeHint())
        self.updateGeometry()

    # geometry ----------------------------------------------------------------------------
    def _bands(self) -> tuple[float, float, float]:
        """Pixel heights of the title row, the Left/Right row and the row of names below shapes."""
        plain = QFontMetricsF(self.label_font()).height()
        bold = QFontMetricsF(self.label_font(bold=True)).height()
        return bold + 2, plain + 4, plain + 4

    def _widest_name(self) -> float:
        """The widest line a leg's column must hold. A chosen
        name carries a tick; a name too wide for its column puts the tick on a line of its own
        and breaks a long word in two (German "Ober-" / "schenkel", _name_rect), and is painted
        in the plain face if bold is still too wide, so the widest line is the widest part of a
        name broken as far as it can be, in the plain face."""
        plain = QFontMetricsF(self.label_font())
        names = [*(_(t) for t in DECOR_LABELS.values()), *(side_title(s) for s in SIDE_LABELS)]

        def broken(text: str, metrics: QFontMetricsF) -> float:
            lines = name_lines(text, lambda _line: False)  # every break it can take
            return max(metrics.horizontalAdvance(line) for line in lines)

        return max(
            *(broken(_(t), plain) for t in SHORT_LABELS.values()),
            *(plain.horizontalAdvance(t) for t in names),
        )

    def _height_for(self, width: float) -> int:
        title, sides, below = self._bands()
        return math.ceil(title + sides + below + (DRAW_BOTTOM - DRAW_TOP) * width / CANVAS_W)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # The smallest scale at which every name fits its leg's column without touching the next.
        scale = (self._widest_name() + 2 * LABEL_PAD + LABEL_GAP) / LEG_PITCH
        width = math.ceil(CANVAS_W * scale)
        return QSize(width, self._height_for(width))

    def sizeHint(self) -> QSize:  # noqa: N802
        width = max(640, self.minimumSizeHint().width())
        return QSize(width, self._height_for(width))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._height_for(width)

    def _scale(self) -> float:
        title, sides, below = self._bands()
        room = self.height() - title - sides - below
        return max(0.01, min(self.width() / CANVAS_W, room / (DRAW_BOTTOM - DRAW_TOP)))

    def _transform(self) -> QTransform:
        scale = self._scale()
        title, sides, below = self._bands()
        dx = (self.width() - CANVAS_W * scale) / 2
        block = title + sides + (DRAW_BOTTOM - DRAW_TOP) * scale + below
        top = (self.height() - block) / 2 + title + sides  # where DRAW_TOP lands
        return QTransform(scale, 0, 0, scale, dx, top - DRAW_TOP * scale)

    def _column(self, cx: float, need: float, at_least: float = 0.0) -> tuple[float, float]:
        """Left edge and width (px) of a name centred on canvas x ``cx``: as wide as the name
        needs, never wider than its leg's column, so neighbouring legs' names never overlap."""
        scale = self._scale()
        limit = LEG_PITCH * scale - LABEL_GAP
        width = min(max(need + 2 * LABEL_PAD, at_least), limit)
        centre = self._transform().map(QPointF(cx, 0)).x()
        return centre - width / 2, width

    def _name_rect(
        self, text: str, font: QFont, box: QRectF, cx: float
    ) -> tuple[str, QRectF, QFont]:
        """The text, rect and font for a name inside (or, if it needs the room, around) ``box``.
        A name with a tick that is wider than its leg's column puts the tick on a line of its
        own and breaks a long word; a chosen (bold) name whose lines are still too wide for the
        column is painted in the plain face (the tick, the plate and the hatch still say it is
        chosen)."""
        text, rect = self._name_lines_rect(text, font, box, cx)
        if font.bold() and self._too_wide(text, font, cx):
            plain = QFont(font)
            plain.setBold(False)
            text, rect = self._name_lines_rect(text.replace("\n", " "), plain, box, cx)
            return text, rect, plain
        return text, rect, font

    def _too_wide(self, text: str, font: QFont, cx: float) -> bool:
        metrics = QFontMetricsF(font)
        _left, limit = self._column(cx, 10_000.0)
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        return widest + 2 * LABEL_PAD > limit + 0.5

    def _name_lines_rect(
        self, text: str, font: QFont, box: QRectF, cx: float
    ) -> tuple[str, QRectF]:
        metrics = QFontMetricsF(font)
        shown = text.replace(SOFT_HYPHEN, "")
        left, width = self._column(cx, metrics.horizontalAdvance(shown), box.width())
        lines = name_lines(
            text, lambda line: metrics.horizontalAdvance(line) + 2 * LABEL_PAD <= width
        )
        if len(lines) > 1:
            left, width = self._column(
                cx, max(metrics.horizontalAdvance(t) for t in lines), box.width()
            )
        text = "\n".join(lines)
        lines_h = metrics.height() * len(lines)
        height = max(box.height(), lines_h)
        return text, QRectF(left, box.center().y() - height / 2, width, height)

    def region_at(self, pos: QPointF) -> int | None:
        inverted, ok = self._transform().inverted()
        if not ok:
            return None
        logical = inverted.map(pos)
        for index, region in enumerate(self.regions):
            if region.path.contains(logical):
                return index
        return None

    def decor_at(self, pos: QPointF) -> str | None:
        """The outline part (foot, heel) under ``pos`` that is not a choice, if any."""
        inverted, ok = self._transform().inverted()
        if not ok:
            return None
        logical = inverted.map(pos)
        for name, path in self._decor:
            if name in DECOR_LABELS and path.contains(logical):
                return name
        return None

    def label_font(self, bold: bool = False) -> QFont:
        """Labels at the body text size at least (they were about 9 px)."""
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), self.look.point_size))
        font.setBold(bold)
        return font

    def labels(self) -> list[MapLabel]:
        """Every name on the map: views, sides, each region and each foot/heel outline."""
        transform = self._transform()
        plain, bold = self.label_font(), self.label_font(bold=True)
        metrics = QFontMetricsF(plain)
        title_h, sides_h, _below = self._bands()
        top = transform.map(QPointF(0, DRAW_TOP)).y() - title_h - sides_h
        out: list[MapLabel] = []
        for view, x0 in (("front", 0.0), ("back", PANEL_W), ("soles", 2 * PANEL_W)):
            panel = transform.mapRect(QRectF(x0, DRAW_TOP, PANEL_W, 1))
            title = QRectF(panel.left(), top, panel.width(), title_h)
            out.append(MapLabel(view_title(view), title, bold))
            for side in ("left", "right"):
                cx = x0 + LEG_OFFSETS[side]
                name = side_title(side)
                left, width = self._column(cx, metrics.horizontalAdvance(name))
                box = QRectF(left, top + title_h, width, sides_h)
                out.append(MapLabel(name, box, plain))
        for region in self.regions:
            selected = self._is_selected(region)
            text = _(SHORT_LABELS[region.area])
            if selected:  # a tick as well as the hatch: chosen without relying on colour
                text = "✓ " + text
            font = bold if selected else plain
            outline = region.path.boundingRect()
            text, box, font = self._name_rect(
                text, font, transform.mapRect(outline), outline.center().x()
            )
            out.append(MapLabel(text, box, font, selected))
        for name, path in self._decor:
            if name not in DECOR_LABELS:
                continue
            text = _(DECOR_LABELS[name])
            outline = path.boundingRect()
            box = transform.mapRect(outline)
            if metrics.horizontalAdvance(text) + 2 * LABEL_PAD > box.width():
                # below the shape, in the band kept for it at the widget's bottom
                left, width = self._column(outline.center().x(), metrics.horizontalAdvance(text))
                box = QRectF(left, box.bottom(), width, metrics.height() + 2)
            out.append(MapLabel(text, box, plain))
        return out

    def region_center(self, area: str, side: str) -> QPointF:
        """Where a region sits on screen (widget coordinates), for tests and accessibility."""
        region = self._find(area, side)
        return self._transform().map(region.path.boundingRect().center())

    def _find(self, area: str, side: str) -> Region:
        for region in self.regions:
            if region.area == area and region.side == side:
                return region
        raise KeyError((area, side))

    # selection -----------------------------------------------------------------------------
    @property
    def selection(self) -> tuple[str, str] | None:
        return self._selected

    def set_selection(self, area: str | None, side: str | None = None, emit: bool = False) -> None:
        if area is None or side is None:
            self._selected = None
        else:
            self._find(area, "left" if side == "both" else side)  # raises on a bad area
            self._selected = (area, side)
            keep = self.regions[self._cursor].area == area and side == "both"
            for i, region in enumerate([] if keep else self.regions):
                if region.area == area and (side == "both" or region.side == side):
                    self._cursor = i
                    break
        self._update_description()
        self.hoverChanged.emit("")
        self.update()
        if emit and self._selected:
            self.regionChosen.emit(*self._selected)

    def set_both(self, both: bool) -> None:
        """Switch the current choice between one leg and both legs."""
        if self._selected is None:
            return
        area, side = self._selected
        if both and side != "both":
            self.set_selection(area, "both", emit=True)
        elif not both and side == "both":
            self.set_selection(area, self.regions[self._cursor].side, emit=True)

    def _is_selected(self, region: Region) -> bool:
        if self._selected is None:
            return False
        area, side = self._selected
        return region.area == area and (side == "both" or region.side == side)

    def _choose(self, index: int) -> None:
        region = self.regions[index]
        self._cursor = index
        both = self._selected is not None and self._selected[1] == "both"
        self.set_selection(region.area, "both" if both else region.side, emit=True)

    def _update_description(self) -> None:
        here = self.regions[self._cursor].name
        keys = _(
            "Arrow keys move between places, Space chooses, B switches between one leg and "
            "both legs."
        )
        if self._selected:
            # Translators: the body map's description; {keys} is the sentence about the keys
            words = _("Chosen: {place}. Now on: {here}. {keys}").format(
                place=wording.place_words(*self._selected), here=here, keys=keys
            )
        else:
            words = _("Nothing chosen yet. Now on: {here}. {keys}").format(here=here, keys=keys)
        self.setAccessibleDescription(words)

    # events ------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.region_at(event.position())
        if index != self._hover:
            self._hover = index
            self.setCursor(
                Qt.CursorShape.PointingHandCursor
                if index is not None
                else Qt.CursorShape.ArrowCursor
            )
            self.hoverChanged.emit(self.regions[index].name if index is not None else "")
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        if self._hover is not None:
            self._hover = None
            self.hoverChanged.emit("")
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.region_at(event.position())
            if index is not None:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self._choose(index)
                return
            decor = self.decor_at(event.position())
            if decor is not None:
                self.hoverChanged.emit(_(DECOR_HINTS[decor]))
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        count = len(self.regions)
        moves: dict[int, int] = {
            Qt.Key.Key_Right: 2,  # across to the same part of the next leg
            Qt.Key.Key_Left: -2,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
        }
        if key in moves:
            self._cursor = (self._cursor + moves[key]) % count
        elif key == Qt.Key.Key_Home:
            self._cursor = 0
        elif key == Qt.Key.Key_End:
            self._cursor = count - 1
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self._cursor)
            return
        elif key == Qt.Key.Key_B and self._selected is not None:
            self.set_both(self._selected[1] != "both")
            return
        else:
            super().keyPressEvent(event)
            return
        self.hoverChanged.emit(self.regions[self._cursor].name)
        self._update_description()
        self.update()

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.hoverChanged.emit("")
        self.update()
        super().focusOutEvent(event)

    def set_look(self, look: theme.Look) -> None:
        """Repaint in a new look; its text size changes the names and the room they need."""
        self.look = look
        self._keep_minimum()
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # large text on or off: the names, and so the room they need, change size
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._keep_minimum()
        super().changeEvent(event)

    # painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        c = self.look.colors
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self._transform()
        scale = transform.m11()

        painter.setTransform(transform)
        leg_fill = QColor(c.raised)
        outline = QColor(c.border)
        for _name, path in self._decor:
            painter.setPen(QPen(outline, 1.5 / scale * 1.5))
            painter.setBrush(QColor(c.surface))
            painter.drawPath(path)
        for index, region in enumerate(self.regions):
            selected = self._is_selected(region)
            hovered = index == self._hover
            if selected:
                painter.setBrush(QColor(c.accent))
                painter.setPen(QPen(QColor(c.text), 4.0 / scale))
            else:
                painter.setBrush(leg_fill)
                width = 3.0 if hovered else 1.5
                painter.setPen(QPen(QColor(c.accent) if hovered else outline, width / scale))
            painter.drawPath(region.path)
            if selected:  # a hatch, so the choice does not rely on colour
                hatch = QBrush(QColor(c.accent_text), Qt.BrushStyle.BDiagPattern)
                hatch.setTransform(QTransform().scale(1 / scale * 1.6, 1 / scale * 1.6))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(hatch)
                painter.drawPath(region.path)
            if self.hasFocus() and index == self._cursor:
                pen = QPen(QColor(c.accent), 3.0 / scale, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(region.path.boundingRect().adjusted(-6, -5, 6, 5))

        # Text is drawn untransformed, at least at the body text size, so it stays crisp.
        painter.resetTransform()
        for item in self.labels():
            painter.setFont(item.font)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextDontClip
            if item.selected:
                plate = painter.boundingRect(item.rect, flags, item.text).adjusted(-4, -2, 4, 2)
                painter.setBrush(QColor(c.accent))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawRoundedRect(plate, 4, 4)
                painter.setPen(QColor(c.accent_text))
            else:
                painter.setPen(QColor(c.text))
            # never clipped: the rects are sized to the text, and below the minimum size a name
            # should still be whole rather than cut to "Shir"
            painter.drawText(item.rect, int(flags), item.text)
        painter.end()


class BodyMap(QWidget):
    """The map plus its plain-text companions: what is chosen, what is under the pointer, and a
    "both legs" toggle, beside the map, or under it where the page is too narrow for both side
    by side (German with large text at 1024x600). Emits ``regionChosen(area, side)``."""

    regionChosen = Signal(str, str)  # noqa: N815

    def __init__(self, look: theme.Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = BodyMapCanvas(look, self)
        layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        # The widget, not the layout, says how small it may be: side by side or one under the
        # other, whichever the width allows (resizeEvent).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.canvas, 1)
        self.box = layout

        side_panel = QVBoxLayout()
        side_panel.setSpacing(10)
        side_panel.addWidget(label(_("Where was it?"), "muted"))
        self.chosen_label = label(_("Tap the place on the map."))
        self.chosen_label.setAccessibleName(_("Chosen place"))
        self.chosen_label.setMinimumWidth(170)
        bold = QFont(self.chosen_label.font())
        bold.setBold(True)
        self.chosen_label.setFont(bold)
        side_panel.addWidget(self.chosen_label)
        self.hover_label = label("", "muted")
        self.hover_label.setAccessibleName(_("Place under the pointer"))
        side_panel.addWidget(self.hover_label)
        self.both_button: QPushButton = button(
            _("Both legs"), _("Both legs"), tip=_("The cramp was in both legs at once (B)")
        )
        self.both_button.setCheckable(True)
        self.both_button.setEnabled(False)
        side_panel.addWidget(self.both_button)
        side_panel.addStretch(1)
        layout.addLayout(side_panel)
        self.side_panel = side_panel

        self.canvas.regionChosen.connect(self._on_chosen)
        self.canvas.hoverChanged.connect(self._on_hover)
        self.both_button.toggled.connect(self.canvas.set_both)
        self.setFocusProxy(self.canvas)

    def _side_by_side_width(self) -> int:
        panel = self.side_panel.minimumSize().width()
        return self.canvas.minimumSizeHint().width() + self.box.spacing() + panel

    def _stacked(self, width: int) -> bool:
        return width < self._side_by_side_width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width = max(self.canvas.minimumSizeHint().width(), self.side_panel.minimumSize().width())
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802
        width = max(self._side_by_side_width(), self.canvas.sizeHint().width() + 200)
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        panel = self.side_panel.minimumSize().height()
        if self._stacked(width):
            return self.canvas.heightForWidth(width) + self.box.spacing() + panel
        canvas_w = width - self.box.spacing() - self.side_panel.sizeHint().width()
        return max(self.canvas.heightForWidth(max(1, canvas_w)), panel)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # One under the other where the width is too short for both side by side (its height
        # for that width says so to the page).
        stacked = self._stacked(event.size().width())
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.updateGeometry()
        super().resizeEvent(event)

    @property
    def selection(self) -> tuple[str, str] | None:
        return self.canvas.selection

    def set_look(self, look: theme.Look) -> None:
        self.canvas.set_look(look)

    def set_selection(self, area: str | None, side: str | None = None) -> None:
        self.canvas.set_selection(area, side)
        self._sync_text()

    def clear(self) -> None:
        self.set_selection(None)

    def region_center(self, area: str, side: str) -> QPointF:
        return self.canvas.region_center(area, side)

    def _on_chosen(self, area: str, side: str) -> None:
        self._sync_text()
        self.regionChosen.emit(area, side)

    def _sync_text(self) -> None:
        chosen = self.canvas.selection
        self.both_button.blockSignals(True)
        self.both_button.setEnabled(chosen is not None)
        self.both_button.setChecked(bool(chosen and chosen[1] == "both"))
        self.both_button.blockSignals(False)
        if chosen:
            self.chosen_label.setText(f"✓ {wording.place_words(*chosen)}")
        else:
            self.chosen_label.setText(_("Tap the place on the map."))
        self.setAccessibleDescription(self.canvas.accessibleDescription())

    def _on_hover(self, name: str) -> None:
        self.hover_label.setText(_("Now on: {place}").format(place=name) if name else "")
