"""The language-pack registry (threadkit.lang): every pack loads, is well formed, and what it
holds reaches the segmenter."""

from __future__ import annotations

import re

import pytest

from threadkit.lang import CODES, Pack, alternation, pack, packs, phrases
from threadkit.lang.pack import Pack as PackClass
from threadkit.segment import segment_text

PHRASE_FIELDS = [f.name for f in PackClass.__attrs_attrs__ if f.type == "Phrases"]


def test_every_registered_pack_loads_under_its_code():
    assert [p.code for p in packs()] == list(CODES)
    assert all(isinstance(p, Pack) and p.name for p in packs())


def test_unknown_language_is_a_key_error():
    with pytest.raises(KeyError):
        pack("xx")


@pytest.mark.parametrize("code", CODES)
def test_every_phrase_compiles_alone_and_numbers_no_group(code):
    for field in PHRASE_FIELDS:
        for phrase in getattr(pack(code), field):
            compiled = re.compile(phrase, re.I)
            assert compiled.groups == 0, (code, field, phrase)
            assert not compiled.match(""), (code, field, phrase)  # an empty match would claim every line


@pytest.mark.parametrize("code", CODES)
def test_month_variants_name_a_month(code):
    assert all(1 <= number <= 12 and name == name.lower() for number, name in pack(code).month_variants)


def test_phrases_join_all_packs_once_each():
    assert phrases("header_from_labels").count("De") == 1  # French, Spanish and Portuguese
    assert "wrote" in phrases("attribution_verbs") and "a écrit" in phrases("attribution_verbs")


def test_a_field_no_pack_fills_matches_nothing():
    assert not re.match(alternation(), "anything")


@pytest.mark.parametrize("body, kind", [
    ("Hello\n\nOn Mon, 3 Mar 2025 at 10:00, Jane <j@x.com> wrote:\n> hi", "Quote"),
    ("Salut\n\nLe 3 mars 2025 à 10:00, Jeanne <j@x.fr> a écrit :\n> salut", "Quote"),
    ("Hallo\n\nAm 03.03.2025 um 10:00 schrieb Hans <h@x.de>:\n> hallo", "Quote"),
    ("Hej\n\n-----Oprindelig meddelelse-----\nFra: Jens <j@x.dk>\nSendt: 3. marts 2025\nEmne: x\n\nhej", "Quote"),
    ("Hola\n\nSaludos,\nAna", "Signature"),
    ("Ciao\n\nInviato da iPhone", "Signature"),
])
def test_pack_phrases_reach_the_segmenter(body, kind):
    assert type(segment_text(body)[-1]).__name__ == kind
