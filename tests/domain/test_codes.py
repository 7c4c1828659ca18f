"""Country codes and the event taxonomy mappings."""

from __future__ import annotations

from viewer.domain import countries
from viewer.domain.taxonomy import EVENT_TYPES, type_from_acled, type_from_cameo


def test_every_code_system_maps_to_iso3() -> None:
    assert countries.by_m49(586).iso3 == "PAK"
    assert countries.by_m49("4").iso3 == "AFG"
    assert countries.by_m49(842).iso3 == "USA"  # Comtrade's own code for the USA
    assert countries.by_m49(0).iso3 == countries.WORLD
    assert countries.by_fips("AF").iso3 == "AFG"
    assert countries.by_fips("UK").iso3 == "GBR"  # FIPS differs from ISO alpha-2 here
    assert countries.by_iso3("pak").name == "Pakistan"
    assert countries.by_m49("x") is None and countries.by_fips(None) is None


def test_cameo_codes_map_most_specific_first() -> None:
    assert type_from_cameo("041") == "call"
    assert type_from_cameo("042") == "visit"
    assert type_from_cameo("0871") == "agreement"
    assert type_from_cameo("174") == "migration"
    assert type_from_cameo("191") == "border"
    assert type_from_cameo("190") == "armed_clash"
    assert type_from_cameo("") == "other"


def test_acled_types() -> None:
    assert type_from_acled("Battles", "Armed clash") == "armed_clash"
    assert type_from_acled("Strategic developments", "Agreement") == "agreement"
    assert type_from_acled("Explosions/Remote violence", "Air/drone strike") == "strike"
    assert type_from_acled("Protests", "Peaceful protest") == "protest"


def test_taxonomy_codes_are_unique_and_coloured() -> None:
    codes = [t.code for t in EVENT_TYPES]
    assert len(codes) == len(set(codes))
    assert all(t.color.startswith("#") and len(t.color) == 7 for t in EVENT_TYPES)
