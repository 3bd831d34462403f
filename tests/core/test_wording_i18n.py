"""The wording functions go through the catalog: under the pseudo-locale no English word is left
in a date, a length, a plural, a place or a cramp's line, and numbers take the catalog's
separators."""

from __future__ import annotations

import gettext
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from companion.core import i18n, wording
from companion.core.diary import AREAS, Cramp, area_label, factor_label, red_flag_advice
from companion.core.i18n import counted
from companion.core.routine import Step

# A run of plain ASCII letters: any such word left in a pseudo-translated text is English.
_ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


def english_words(text: str) -> list[str]:
    return _ENGLISH_WORD.findall(text)


ZONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    "make",
    [
        lambda: wording.date_words(date(2026, 11, 3)),
        lambda: wording.date_words(date(2026, 11, 3), weekday=True),
        lambda: wording.date_words(date(2026, 11, 3), weekday=True, year=False),
        lambda: wording.night_title(date(2026, 11, 20)),
        lambda: wording.long_date(date(2026, 11, 21)),
        lambda: wording.month_year(date(2026, 11, 1)),
        lambda: wording.date_range(date(2026, 9, 1), date(2026, 11, 30)),
        lambda: wording.date_range(None, None),
        lambda: wording.seconds_words(125),
        lambda: wording.seconds_words(3900),
        lambda: wording.time_left(380),
        lambda: wording.about_minutes(11 * 60),
        lambda: wording.rough_minutes(20),
        lambda: wording.minutes_words(2.5),
        lambda: wording.hour_span(22, 7),
        lambda: counted(3, "{n} night", "{n} nights"),
        lambda: counted(1.5, "{n} cramp", "{n} cramps"),
        lambda: wording.pain_scale(),
        lambda: wording.pain_axis(),
        lambda: wording.step_length(
            Step(id="calf", kind="stretch", name="C", instruction="I", hold_s=8, relax_s=1)
        ),
        lambda: wording.stretch_pattern(
            Step(id="calf", kind="stretch", name="C", instruction="I", reps=3)
        ),
        lambda: wording.cramp_summary(
            Cramp(
                "calf",
                "left",
                7,
                at=datetime(2026, 11, 21, 5, 30, tzinfo=ZONE),
                duration_min=3,
                relief=("massage", "other"),
            )
        ),
        lambda: wording.cramp_summary(Cramp("foot", None, 4, part_of_night="late")),
        lambda: red_flag_advice(("swelling",)) or "",
        lambda: factor_label("caffeine_late"),
    ],
)
def test_under_the_pseudo_locale_no_english_word_is_left(make) -> None:
    english = make()
    with i18n.using("pseudo"):
        shown = make()
    assert shown != english
    assert english_words(shown) == [], shown


@pytest.mark.parametrize("side", ["left", "right", "both", None])
@pytest.mark.parametrize("area", AREAS)
def test_every_place_is_one_translated_phrase(area: str, side: str | None) -> None:
    english = wording.place_words(area, side)
    with i18n.using("pseudo"):
        shown = wording.place_words(area, side)
    assert shown == i18n.pseudo(english)  # one whole phrase, nothing glued on


def test_a_factor_the_person_typed_stays_as_typed() -> None:
    with i18n.using("pseudo"):
        assert factor_label("Late dinner") == "Late dinner"
        assert area_label("calf") == i18n.pseudo("Calf")


class _CommaCatalog(gettext.NullTranslations):
    """A German-like catalog for numbers only: decimal comma, dot between thousands, and the
    month and day names of a made-up language, so a test can see where each comes from."""

    def pgettext(self, context: str, message: str) -> str:
        if context == "decimal separator":
            return ","
        if context == "thousands separator":
            return "."
        if context == "month, short" and message == "Nov":
            return "Nov."
        if context == "date, short" and message == "{day} {month} {year}":
            return "{day}. {month} {year}"
        return message


def test_numbers_and_dates_take_the_catalogs_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translations", _CommaCatalog())
    assert wording.minutes_words(2.5) == "2,5 min"
    assert counted(1.5, "{n} cramp", "{n} cramps") == "1,5 cramps"
    assert counted(1204, "{n} night", "{n} nights") == "1.204 nights"
    assert wording.date_words(date(2026, 11, 3)) == "3. Nov. 2026"
    from companion.core import stats

    assert stats.fmt_mean(0.75, 2) == "0,75"


def test_english_stays_as_it_was() -> None:
    assert wording.minutes_words(2.5) == "2.5 min"
    assert wording.month_name(5) == "May" and wording.month_name(5, short=True) == "May"
    assert wording.weekday_name(date(2026, 11, 3)) == "Tuesday"
    assert wording.month_year(date(2026, 11, 1)) == "November 2026"
    assert wording.pain_scale() == wording.PAIN_SCALE
