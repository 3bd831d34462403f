"""The pages and dialogs of mark-ui3 under the pseudo-locale at 1024x600 (issue 15): Settings,
the report dialog, the diary recovery dialog (damaged and already open), the backups dialog and
the import/export messages. Each is built after ``set_language("pseudo")``; then no plain English
word may remain in any visible text, accessible name or description, tool tip or item (English
values put into marked sentences count too: ``values=True``), and no text may be cut. What
core words (the next reminder, a backup's date) is core's to mark and test; file paths, the
date fields' Qt-written month names and the languages' own names are allowed by their exact
text, so only these pages' own words are judged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDateEdit, QListWidget, QWidget

from companion.core import i18n
from companion.core.errors import DiaryOpenError
from companion.core.reminders import Reminders, describe_next, zone_of
from companion.core.settings import Settings
from companion.ui import exchange_actions, recovery, report
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow
from tests.ui.helpers import demo_diary
from tests.ui.layout_check import settle
from tests.ui.pseudo_sweep import clipped, english_report, english_words, pseudo_language

SIZE = (1024, 600)


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory):
    paths, store, clock = demo_diary(
        tmp_path_factory.mktemp("pseudo-ui3"),
        datetime(2026, 11, 20, 19, 15),
        nights=30,
        backup=True,
    )
    yield paths, store, clock
    store.close()


@pytest.fixture
def pseudo() -> Iterator[None]:
    with pseudo_language():
        yield


@pytest.fixture
def ctx(diary, pseudo) -> AppContext:
    """As the app has it: the night look applied (its fonts are what the texts must fit)."""
    from companion.ui import theme

    theme.apply_theme(QApplication.instance(), "night")
    paths, store, clock = diary
    return AppContext(paths, Settings(), store, clock, persist_settings=False)


def allowed_texts(ctx: AppContext, root: QWidget) -> list[str]:
    """Texts that are not these pages' words: paths, Qt's month names in date fields, the
    languages named in themselves, and the next-reminder lines core writes."""
    words = [str(ctx.paths.data_dir), str(ctx.paths.diary), str(ctx.paths.backups)]
    words += [w.text() for w in root.findChildren(QDateEdit)]
    words += list(i18n.LANGUAGES.values())
    now = ctx.clock.now()
    plan = Reminders(ctx.settings, zone_of(now))
    words += [
        describe_next(plan.next_bedtime(now), now),
        describe_next(plan.next_morning(now), now),
    ]
    return sorted({w for w in words if w}, key=len, reverse=True)


def faults(root: QWidget, ctx: AppContext, where: str, *, extra: list[str] = ()) -> list[str]:
    """English left and cut text under ``root`` (QListWidget items read one by one, as the
    sweep cannot walk their model)."""
    settle(QApplication.instance())
    allowed = [*allowed_texts(ctx, root), *extra]
    found: list[str] = []
    lists = [w for w in root.findChildren(QListWidget) if w.isVisible()]
    for widget in lists:
        for row in range(widget.count()):
            item = widget.item(row).text()
            if english_words(item, allowed, values=True):
                found.append(f"{where}: list item {item!r}")
        widget.hide()
    try:
        text = english_report(root, user_text=allowed, values=True)
    finally:
        for widget in lists:
            widget.show()
    settle(QApplication.instance())
    found += [f"{where}: {line}" for line in text.splitlines() if line]
    return found + [f"{where}: {fault}" for fault in clipped(root)]


def shown(qtbot, widget: QWidget, size: tuple[int, int] | None = None) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    if size:
        widget.resize(*size)
    settle(QApplication.instance())
    return widget


def test_settings_page_shows_no_english_under_the_pseudo_locale(qtbot, ctx) -> None:
    win = shown(qtbot, MainWindow(ctx), SIZE)
    win.open_page("settings")
    page = win.page("settings")
    settle(QApplication.instance())
    left = faults(page, ctx, "settings")
    language = page.language
    assert language.itemText(0).startswith(i18n.PSEUDO_OPEN)  # "System (…)" is marked
    assert [language.itemText(i) for i in range(1, 4)] == ["English", "Español", "Deutsch"]
    assert left == [], "\n".join(left)
    win.close()


def test_report_dialog_shows_no_english_under_the_pseudo_locale(qtbot, ctx) -> None:
    dialog = report.ReportOptionsDialog(date(2026, 11, 20), i18n._("Save PDF…"))
    shown(qtbot, dialog)
    assert dialog.language.currentData() == i18n.PSEUDO  # the app's language comes first
    left = faults(dialog, ctx, "report dialog (as it opens)")
    dialog.custom.click()
    dialog.date_from.setDate(dialog.date_to.date().addDays(1))
    dialog._accept_if_valid()  # shows the wrong-way-round sentence too
    assert dialog.problem.isVisible()
    left += faults(dialog, ctx, "report dialog (dates the wrong way round)")
    assert left == [], "\n".join(left)


def test_report_dialog_scrolls_its_choices_on_a_short_screen(qtbot, ctx) -> None:
    """On a 600 px screen the longer texts may not all fit: the choices scroll, the buttons stay
    in view, and nothing is cut or scrolls sideways."""
    dialog = report.ReportOptionsDialog(date(2026, 11, 20), i18n._("Save PDF…"))
    shown(qtbot, dialog)
    dialog.resize(dialog.width(), 380)
    settle(QApplication.instance())
    assert dialog.choices_area.verticalScrollBar().maximum() > 0
    assert dialog.go.isVisible() and dialog.go.geometry().bottom() < dialog.height()
    left = faults(dialog, ctx, "report dialog (short screen)")
    assert left == [], "\n".join(left)


@pytest.mark.parametrize("kind", ["corrupt", "locked", "newer_version"])
def test_recovery_dialog_shows_no_english_under_the_pseudo_locale(qtbot, ctx, kind) -> None:
    paths = ctx.paths
    newest = recovery.list_backups(paths.backups)[0]
    detail = i18n._("a detail")
    exc = DiaryOpenError(kind, paths.diary, detail)
    dialog = shown(qtbot, recovery.build_recovery_dialog(exc, newest))
    left = faults(dialog, ctx, f"recovery ({kind})", extra=[newest.name, paths.diary.name])
    assert left == [], "\n".join(left)


def test_backups_dialog_shows_no_english_under_the_pseudo_locale(qtbot, ctx) -> None:
    dialog = shown(qtbot, recovery.build_backups_dialog(ctx), SIZE)
    assert dialog.list.count() >= 1
    left = faults(dialog, ctx, "backups")
    assert left == [], "\n".join(left)


def test_import_and_export_messages_have_no_english_under_the_pseudo_locale(
    qtbot, ctx, tmp_path: Path, monkeypatch
) -> None:
    """The message boxes' titles, texts, details and buttons, as the person sees them."""
    said: list[str] = []

    def record(parent, title, text, *, detail="", warning=False, confirm=None) -> bool:
        said.extend([title, text, detail, confirm or ""])
        return True

    monkeypatch.setattr(exchange_actions, "_message", record)
    out = tmp_path / "out.json"
    monkeypatch.setattr(exchange_actions, "choose_save_path", lambda *_: out)
    exchange_actions.export_diary(ctx, None, "json")
    monkeypatch.setattr(exchange_actions, "choose_open_path", lambda *_: out)
    exchange_actions.import_diary(ctx, None)
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    monkeypatch.setattr(exchange_actions, "choose_open_path", lambda *_: bad)
    exchange_actions.import_diary(ctx, None)  # refused: the core's reason goes in a marked line
    said.append(exchange_actions.import_detail(3, 2, 1))
    said.append(exchange_actions.import_filter())
    names = [out.name, bad.name, str(out), str(bad), "*.json *.csv"]
    left = [t for t in said if t and english_words(t, names)]
    core_reason = [t for t in left if i18n.PSEUDO_OPEN not in t]
    assert [t for t in left if t not in core_reason] == [], left
    assert core_reason == [], core_reason


def test_single_instance_and_app_sentences_are_marked(ctx, tmp_path: Path) -> None:
    from companion import app
    from companion.ui import single_instance

    texts = [
        single_instance._not_answering(ctx.paths, 1234),
        single_instance._not_answering(ctx.paths, None),
        app.no_display_reason({}, "linux"),
        recovery.read_only_notice(ctx.paths.diary),
    ]
    for text in texts:
        assert text.startswith(i18n.PSEUDO_OPEN), text
        assert english_words(text, [str(ctx.paths.diary)], values=True) == [], text
