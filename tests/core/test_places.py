"""Where a cramp was: the places (calf, foot, thigh, shin) and the exact areas each holds are one
table in core, so the two screens that ask (Cramp now, the morning cramp editor) and a new body
area all follow it."""

from __future__ import annotations

import pytest

from companion.core.diary import (
    AREA_LABELS,
    AREAS,
    EXACT_AREAS,
    NIGHT_PLACES,
    PLACE_AREAS,
    PLACES,
    Cramp,
    place_area,
    place_of,
    validate_cramp,
)


def test_every_area_belongs_to_exactly_one_place() -> None:
    holders = {area: [p for p in PLACES if area == p or area in PLACE_AREAS[p]] for area in AREAS}
    assert holders == {area: [place_of(area)] for area in AREA_LABELS}


def test_every_place_and_every_exact_part_is_an_area() -> None:
    named = set(PLACES) | {part for parts in PLACE_AREAS.values() for part in parts}
    assert named == set(AREA_LABELS)


@pytest.mark.parametrize("place", PLACES)
def test_a_place_with_no_exact_part_saved_is_its_own_area(place: str) -> None:
    assert place_area(place) == place
    assert place_of(place_area(place)) == place
    validate_cramp(Cramp(place_area(place), None, 5))  # a valid diary value


@pytest.mark.parametrize("place", PLACES)
def test_an_exact_part_is_saved_as_itself_and_leads_back_to_its_place(place: str) -> None:
    for part in PLACE_AREAS[place]:
        assert place_area(place, part) == part
        assert place_of(part) == place


def test_a_part_of_another_place_is_refused() -> None:
    with pytest.raises(KeyError):
        place_area("foot", "thigh_back")
    with pytest.raises(KeyError):
        place_of("knee")
    with pytest.raises(KeyError):
        place_area("knee")


def test_the_body_map_areas_each_have_a_place_and_the_night_asks_three() -> None:
    assert {place_of(a) for a in EXACT_AREAS} == set(PLACES)
    assert NIGHT_PLACES == ("calf", "foot", "thigh") and set(NIGHT_PLACES) <= set(PLACES)
