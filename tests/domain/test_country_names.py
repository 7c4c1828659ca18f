"""Every alias, code and pycountry name resolves through the one country resolver."""

from __future__ import annotations

import pytest

from viewer.domain.country_names import aliases, normalise, resolve_iso3


@pytest.mark.parametrize(("alias", "iso3", "source"), aliases())
def test_every_alias_resolves_to_its_country(alias, iso3, source):
    assert resolve_iso3(alias) == iso3
    assert resolve_iso3(alias.upper()) == iso3
    assert source.startswith("country_converter")


@pytest.mark.parametrize(("written", "iso3"), [
    ("Viet Nam", "VNM"), ("pk", "PAK"), ("PK", "PAK"), ("pak", "PAK"), ("586", "PAK"),
    ("4", "AFG"), ("Afghanistan", "AFG"), ("Islamic Republic of Pakistan", "PAK"),
    ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Czechia", "CZE"), ("the Gambia", "GMB"),
    ("Côte d’Ivoire", "CIV"), ("Korea, Republic of", "KOR"), ("Bosnia & Herzegovina", "BIH"),
    ("World", "WLD"), ("0", "WLD")])
def test_names_and_codes(written, iso3):
    assert resolve_iso3(written) == iso3


def test_unknown_names_are_not_guessed():
    for text in ("", "Narnia", "Pakistann", "Europe", "999"):
        assert resolve_iso3(text) is None


def test_normalise():
    assert normalise("  The  Côte d’Ivoire ") == "cote d ivoire"
