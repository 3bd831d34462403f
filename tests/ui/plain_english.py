"""Finding text nobody marked for translation: build a page under the pseudo-locale, then every
visible widget's text, accessible name and description, tool tip and placeholder must be
pseudo-translated (``⟦…⟧``) or hold no English word at all (numbers, dates in digits, symbols,
what the user typed)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from companion.core import i18n

# Pseudo-translated pieces, dropped before looking for English.
_PSEUDO = re.compile(re.escape(i18n.PSEUDO_OPEN) + r".*?" + re.escape(i18n.PSEUDO_CLOSE), re.S)
# Three ASCII letters in a row: an English word (pseudo text has accented letters instead).
_WORD = re.compile(r"[A-Za-z]{3,}")


@contextmanager
def pseudo_language() -> Iterator[None]:
    """The pseudo-locale for the block (build the widgets inside it), then English again."""
    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language("en")


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for everything a person can see or hear of ``widget``."""
    yield "accessibleName", widget.accessibleName()
    yield "accessibleDescription", widget.accessibleDescription()
    yield "toolTip", widget.toolTip()
    if widget.isWindow():
        yield "windowTitle", widget.windowTitle()
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield "text", widget.text()
    if isinstance(widget, QLineEdit):
        yield "placeholderText", widget.placeholderText()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        yield "placeholderText", widget.placeholderText()
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"item {i}", widget.itemText(i)
    if isinstance(widget, QAbstractSpinBox) and not isinstance(widget, QComboBox):
        yield "text", widget.text()


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The plain English words in ``text`` once pseudo pieces and ``allowed`` texts are gone."""
    rest = _PSEUDO.sub(" ", text)
    for ok in allowed:
        rest = rest.replace(ok, " ")
    return _WORD.findall(rest)


def unmarked(root: QWidget, allowed: Iterable[str] = (), skip: Iterable[QWidget] = ()) -> list[str]:
    """'ClassName.what: text' for each visible widget under ``root`` (and ``root``) that shows
    plain English; ``allowed`` are texts that stay as they are (the product name, user input);
    ``skip`` are widgets (and what is inside them) another module's tests answer for."""
    keep = tuple(allowed) + ("Bedtime Companion",)
    others = tuple(skip)
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if any(o is widget or o.isAncestorOf(widget) for o in others):
            continue
        for what, text in widget_texts(widget):
            if text and english_words(text, keep):
                found.append(f"{type(widget).__name__}.{what}: {text!r}")
    return found


def clipped(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs (a wrapping label
    grows down instead, so it never clips)."""
    QApplication.processEvents()  # a resize lays out on the next turn of the event loop
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        one_line = isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
        )
        if one_line and widget.width() < widget.sizeHint().width() - 1:
            found.append(
                f"{type(widget).__name__} {widget.text()!r}: "
                f"{widget.width()} < {widget.sizeHint().width()}"
            )
    return found
