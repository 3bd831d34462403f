"""The seam between the window and its pages: the calls the window makes on every page.

Declared once so the window calls them directly (no probing with ``getattr``): a page that does
not answer one of them fails when it is built, not silently at the moment the call matters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


@runtime_checkable
class Page(Protocol):
    """What the main window calls on each of its pages (each is also a QWidget)."""

    def on_page_shown(self) -> None:
        """The page became the current one: catch up with what changed while it was hidden."""

    def on_app_closing(self) -> None:
        """The app is quitting: record what must not be lost (a routine under way)."""

    def prepare(self) -> None:
        """Read and draw while hidden, so the first visit only shows it (the idle preload)."""

    def wants_whole_screen(self) -> bool:
        """Whether, in full screen, the page needs the screen to itself (no sidebar or menu)."""

    def set_full_screen(self, full: bool) -> None:
        """The window went in or out of full screen."""


class BesideTheSidebar:
    """The full-screen answers of a page that reads fine beside the sidebar: it never needs the
    screen to itself and nothing on it changes with full screen (every page but Tonight)."""

    def wants_whole_screen(self) -> bool:
        return False

    def set_full_screen(self, full: bool) -> None:
        """Nothing on this page changes with full screen."""


if TYPE_CHECKING:

    class PageWidget(QWidget, Page):
        """A page as the window holds it: a widget that is also a :class:`Page`."""
