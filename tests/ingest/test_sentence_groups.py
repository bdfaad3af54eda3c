"""Sentence starts past parentheses syntok skips whole, found without syntok, equal its own.

``kg.ingest.sentences`` reads a piece of plain words around short parentheses
(``kalo ver (Smith et al. 2019: 4; Jones 2020), zan.``) as one sentence and cuts after
``). Capital`` without asking syntok; seeded random paragraphs of such sentences, with
the shapes that change syntok's reading mixed in (a parenthesis after the first word, two
in a row, long ones holding an inner sentence, abbreviations, capitals after it), must
give the starts syntok gives.
"""

from __future__ import annotations

import random

import pytest

import kg.ingest.sentences as sentences
from kg.ingest.sentences import _one_sentence, _starts, syntok_starts

PLAIN = ["kalo", "ver", "zan", "mi", "lo", "a", "i", "x", "no", "al", "mar", "it's",
         "smart-city", "ver,", "lo:"]  # fmt: skip
CAPITAL = ["Kalo", "The", "However", "A", "I", "II", "Zanvel", "McDonald", "No", "Mar", "Dec",
           "S\u00e1nchez", "2019", "E"]  # fmt: skip
CONTENT = [
    "Smith 2019", "Smith et al. 2019: 4", "Jones and Lee 2020; Kim 2001", "e.g. Smith 2019",
    "1970", "cf. Jones", "see Kalo 2001, p. 4", "This Is It. Another one here", "A", "x",
    "2019a, b", "Lorenulanan 1970: 33; Dunkasahalul 1997; Necoyo 1983; Kalozan 2001: 4",
    "Long Title Here and there and everywhere up to seventy characters or more now.",
    "Smith", "ver zan. Kalo", "smith 2019.", "no. 4", "\u2018quoted\u2019 word", "Mi et al.",
    "a; b; c; d; e; f; g; h; i; j; k; l; m; n; o; p; q; r; s; t; u; v; w; x; y",
    "Ver Zan Kalo Lo Mi Ka Ren Sa Tor Vel An Bri Co Dun El Fa Gor Hal Is Jen Ku Lam Mor Ne.",
]  # fmt: skip


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(CAPITAL)] + [rng.choice(PLAIN) for _ in range(rng.randint(0, 12))]
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        group = "(" + rng.choice(CONTENT) + ")" + rng.choice(["", "", ",", ":"])
        words.insert(rng.randint(1, len(words)), group)
    if rng.random() < 0.05:
        words.insert(rng.randint(1, len(words)), rng.choice(["e.g.", "al.", "Zan.", "why?"]))
    return " ".join(words) + rng.choice([".", ".", ".", "", "?", " ."])


def _paragraphs(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield " ".join(_sentence(rng) for _ in range(rng.randint(1, 8)))


@pytest.mark.parametrize("seed", [11, 12])
def test_starts_past_skipped_parentheses_equal_syntoks(seed):
    read_whole: list[bool] = []
    original = sentences._one_sentence
    sentences._one_sentence = lambda piece: read_whole.append(original(piece)) or read_whole[-1]
    try:
        paragraphs = list(_paragraphs(seed, 1500))
        differ = [text for text in paragraphs if _starts(text) != syntok_starts(text)]
    finally:
        sentences._one_sentence = original
    assert differ == []
    assert sum(read_whole) > 150  # the shortcut was taken, often


def test_what_is_read_as_one_sentence():
    assert _one_sentence("Kalo lam ver (Smith et al. 2019: 4; Jones 2020), zan lo.")
    assert _one_sentence("Velfael (1970) ver zanros is kalo.")
    assert not _one_sentence("Velfael (1970) Ver zan.")  # syntok splits there
    assert not _one_sentence("Kalo lam (Smith 2019) (Jones 2020).")
    assert not _one_sentence("Kalo lam ver (Smith 2019). Zan lo.")  # two sentences
    assert not _one_sentence("Kalo lam ver zan.")  # no parenthesis: the plain rule's
    long_inner = (
        "(" + "Ver Zan Kalo Lo Mi Ka Ren Sa Tor Vel An Bri Co Dun El Fa Gor Hal Is Jen." + ")"
    )
    assert len(long_inner) > 70
    assert not _one_sentence(f"Kalo lam ver {long_inner} zan.")
    assert syntok_starts(f"Kalo lam ver {long_inner} zan.") != [0]


def test_a_closing_parenthesis_and_stop_cut_the_paragraph():
    text = "Kalo ver zan (Smith 2019). Zanvel lo mi (Jones 2020: 4). Mi kalo et al. ver."
    assert _starts(text) == syntok_starts(text) == [0, 27, 57]
