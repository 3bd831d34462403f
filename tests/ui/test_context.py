"""AppContext bridges the diary's own announcements to one Qt signal, for whichever diary is open,
and announces a new look (night/day, text size) only when it really changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion.core.diary import Night
from companion.core.errors import DiaryOpenError
from companion.core.store import Store
from companion.ui import theme
from companion.ui.context import AppContext

N = date(2026, 11, 20)


def test_every_commit_reaches_diary_changed_once_with_its_nights(ctx: AppContext, store) -> None:
    heard: list[object] = []
    ctx.diary_changed.connect(heard.append)
    store.save_night(Night(N, sleep_quality=3))  # a write no page announced
    store.delete_night(N)
    assert heard == [{N}, {N}]


def test_a_reopened_diary_is_listened_to_and_the_old_one_is_not(
    ctx: AppContext, store: Store, tmp_path: Path
) -> None:
    heard: list[object] = []
    ctx.diary_changed.connect(heard.append)
    other = Store.open(tmp_path / "other.sqlite3")
    try:
        ctx.store = other
        assert heard == [None]  # another diary in place: everything may have changed
        store.save_night(Night(N, sleep_quality=3))
        assert heard == [None]
        other.save_night(Night(N, sleep_quality=4))
        assert heard == [None, {N}]
    finally:
        other.close()


def test_the_look_is_announced_only_when_it_changes(ctx: AppContext) -> None:
    ctx.update_settings(theme="night")
    looks: list[object] = []
    ctx.theme_changed.connect(looks.append)
    for volume in range(40, 50):
        ctx.update_settings(sound_volume=volume)
    assert looks == []
    ctx.update_settings(theme="day")
    assert looks == [ctx.look] and ctx.look.colors == theme.DAY
    ctx.update_settings(theme="night")
    assert [look.colors for look in looks] == [theme.DAY, theme.NIGHT]
    assert ctx.look == theme.applied()  # the look the pages paint in is the one applied


def test_reopen_diary_is_the_one_place_the_open_diary_is_replaced(
    ctx: AppContext, store: Store
) -> None:
    store.save_night(Night(N, sleep_quality=3))
    heard: list[object] = []
    ctx.diary_changed.connect(heard.append)
    seen: list[Path] = []
    assert ctx.reopen_diary(lambda diary: seen.append(diary) or "done") == "done"
    assert seen == [store.path] and store.closed  # the file was free while ``change`` ran
    reopened = ctx.store
    assert reopened is not None and reopened is not store and not reopened.closed
    assert reopened.get_night(N) is not None and heard == [None]
    ctx.close_diary()
    assert reopened.closed


def test_a_diary_that_cannot_be_reopened_leaves_no_store(ctx: AppContext, store: Store) -> None:
    def spoil(diary: Path) -> None:
        diary.write_bytes(b"not a diary at all" * 100)
        for side in ("-wal", "-shm"):
            diary.with_name(diary.name + side).unlink(missing_ok=True)

    with pytest.raises(DiaryOpenError):
        ctx.reopen_diary(spoil)
    assert ctx.store is None
