"""A citation-dense text for memory benchmarks: one author-year citation per sentence.

Deterministic (seeded). Words and surnames come from :mod:`bench.synthetic`'s syllables,
so no one else's prose is used. The text has a title, numbered section headings,
paragraphs of four to eight sentences, each sentence citing exactly one work of the
reference list at the end (parenthetically, ``(Name 1999)``, or narratively,
``Name (1999)``; now and then with a page locator), and a ``References`` section in a
plain author-year style that the citations resolve to.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from bench.synthetic import CONCEPTS, _word, make_pool

__all__ = ["dense_text", "write_dense"]


def _who(work: dict) -> str:
    names = [a["family"] for a in work["author"]]
    if len(names) == 1:
        return names[0]
    return f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."


def _sentence(work: dict, rng: random.Random) -> str:
    body = [_word(rng) for _ in range(rng.randint(10, 18))]
    if rng.random() < 0.1:
        body.insert(rng.randint(0, len(body)), rng.choice(CONCEPTS))
    year = work["issued"]["date-parts"][0][0]
    locator = f": {rng.randint(1, 300)}" if rng.random() < 0.1 else ""
    if rng.random() < 0.7:
        return " ".join(body).capitalize() + f" ({_who(work)} {year}{locator})."
    return f"{_who(work)} ({year}{locator}) " + " ".join(body) + "."


def dense_text(size: int, *, references: int | None = None, seed: int = 11) -> Iterator[str]:
    """Pieces of a text of about ``size`` bytes (UTF-8; all ASCII): body, then the
    reference list (counted in ``size``) of ``references`` works (by default one per
    5 kB of text, 50 to 1,000)."""
    rng = random.Random(seed)
    if references is None:
        references = min(1000, max(50, size // 5000))
    works = make_pool(references, rng)
    listing = ["", "References", ""]
    for work in sorted(works, key=lambda w: (w["author"][0]["family"], w["id"])):
        names = ", ".join(f"{a['family']}, {a['given']}" for a in work["author"])
        listing.append(
            f"{names} ({work['issued']['date-parts'][0][0]}) {work['title']}. "
            f"{work['container-title']}, {work['volume']}, {work['page']}."
        )
    tail = "\n".join(listing) + "\n"
    head = "A dense text: " + " ".join(_word(rng) for _ in range(5)) + "\n\n"
    yield head
    written = len(head) + len(tail)
    section = 0
    while written < size:
        section += 1
        piece = [f"{section} " + " ".join(_word(rng) for _ in range(3)).capitalize(), ""]
        for _ in range(rng.randint(3, 6)):
            sentences = [_sentence(rng.choice(works), rng) for _ in range(rng.randint(4, 8))]
            piece += [" ".join(sentences), ""]
        chunk = "\n".join(piece) + "\n"
        written += len(chunk)
        yield chunk
    yield tail


def write_dense(path: Path, size: int, **options) -> int:
    """Write :func:`dense_text` to ``path``; the number of bytes written."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for piece in dense_text(size, **options):
            out.write(piece)
            written += len(piece)
    return written
