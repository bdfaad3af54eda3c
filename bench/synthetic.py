"""A synthetic corpus for benchmarks: papers with sections, citations and bibliographies.

Deterministic (seeded). Words and surnames are made from syllables, so no text of
anyone else's is used. Each paper has headings, paragraphs of sentences, in-text
citations in the common author-year forms (parenthetical groups, narrative, et al.,
page locators), some sentences naming ontology concepts, and a CSL-JSON
bibliography of the works it cites, drawn from a shared pool so that papers overlap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["Paper", "corpus", "make_pool"]

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "sa",
    "tor",
    "vel",
    "an",
    "bri",
    "co",
    "dun",
    "el",
    "fa",
    "gor",
    "hal",
    "is",
    "jen",
    "ku",
    "lam",
    "mor",
    "ne",
    "ost",
    "pra",
    "qui",
    "ros",
    "sel",
    "tan",
    "ul",
    "ver",
    "wen",
    "yo",
    "zan",
]
CONCEPTS = [
    "algorithmic governance",
    "smart city",
    "epistemic community",
    "advocacy coalition",
    "technological solutionism",
    "human-on-the-loop",
    "governmentality",
    "living labs",
    "urban technocrats",
    "public-private partnership",
    "smartmentality",
    "last mile problem",
]


@dataclass
class Paper:
    id: str
    text: str
    bibliography: list[dict]
    words: int


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def make_pool(size: int, rng: random.Random) -> list[dict]:
    """``size`` distinct works with authors, year, title and container."""
    pool = []
    seen: set[tuple] = set()
    while len(pool) < size:
        authors = [
            {
                "family": _word(rng).capitalize() + _word(rng),
                "given": rng.choice("ABCDEFGHJKLMNPRST") + ".",
            }
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))
        ]
        year = rng.randint(1960, 2024)
        key = (tuple(a["family"] for a in authors), year)
        if key in seen:
            continue
        seen.add(key)
        title = " ".join(_word(rng) for _ in range(rng.randint(3, 9))).capitalize()
        pool.append(
            {
                "id": f"w{len(pool)}",
                "type": "article-journal",
                "author": authors,
                "issued": {"date-parts": [[year]]},
                "title": title,
                "container-title": "Journal of " + _word(rng).capitalize(),
                "volume": str(rng.randint(1, 60)),
                "page": f"{rng.randint(1, 200)}-{rng.randint(201, 400)}",
            }
        )
    return pool


def _cite(work: dict, rng: random.Random, *, narrative: bool) -> str:
    names = [a["family"] for a in work["author"]]
    year = work["issued"]["date-parts"][0][0]
    who = (
        names[0]
        if len(names) == 1
        else (f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
    )
    locator = f": {rng.randint(1, 300)}" if rng.random() < 0.15 else ""
    return f"{who} ({year}{locator})" if narrative else f"{who} {year}{locator}"


def _paper(n: int, pool: list[dict], rng: random.Random, *, words: int, refs: int) -> Paper:
    cited = rng.sample(pool, refs)
    parts: list[str] = [f"Paper {n}: " + " ".join(_word(rng) for _ in range(6)).capitalize(), ""]
    count = 0
    section = 0
    while count < words:
        section += 1
        parts += [f"Section {section}", ""]
        for _ in range(rng.randint(3, 6)):
            sentences = []
            for _ in range(rng.randint(4, 8)):
                body = [_word(rng) for _ in range(rng.randint(12, 24))]
                if rng.random() < 0.2:
                    body.insert(rng.randint(0, len(body)), rng.choice(CONCEPTS))
                sentence = " ".join(body).capitalize()
                roll = rng.random()
                if roll < 0.25:
                    group = "; ".join(
                        _cite(rng.choice(cited), rng, narrative=False)
                        for _ in range(rng.randint(1, 3))
                    )
                    sentence += f" ({group})"
                elif roll < 0.35:
                    sentence = (
                        _cite(rng.choice(cited), rng, narrative=True)
                        + " "
                        + sentence[0].lower()
                        + sentence[1:]
                    )
                sentences.append(sentence + ".")
                count += len(body)
            parts += [" ".join(sentences), ""]
    parts += ["References", ""]
    for work in sorted(cited, key=lambda w: w["author"][0]["family"]):
        names = ", ".join(f"{a['family']}, {a['given']}" for a in work["author"])
        parts.append(
            f"{names} ({work['issued']['date-parts'][0][0]}) {work['title']}. "
            f"{work['container-title']}, {work['volume']}, {work['page']}."
        )
    return Paper(f"paper{n}", "\n".join(parts) + "\n", cited, count)


def corpus(papers: int, *, words: int = 8000, refs: int = 50, pool: int = 20000, seed: int = 7):
    """Yield ``papers`` synthetic papers."""
    rng = random.Random(seed)
    works = make_pool(pool, rng)
    for n in range(papers):
        yield _paper(n, works, rng, words=words, refs=refs)
