"""Reference parsing across citation styles, on a tagged set written by others.

EXCITE (``bench.excite``) is social science in author-date styles. This benchmark reads
a set of hand-tagged references in many styles and languages (Vancouver and IEEE with
their numbers, Chicago notes-bibliography, MLA, French and Italian humanities, theses,
books and chapters): AnyStyle's gold set, ``res/parser/gold.xml`` in the AnyStyle
repository (github.com/inukshuk/anystyle, BSD-2-Clause), in its XML form (one
``<sequence>`` per reference, each part tagged ``<author>``, ``<date>``, ``<title>``,
``<journal>``, ...); ``res/parser/core.xml`` (891 more, many from computer science, held
out while the first rules were written); and ``res/parser/stanford.xml`` (499, from
theses, held out until the end). Measured on the files of AnyStyle's repository at
commits 017486f (``gold.xml``, ``core.xml``) and 26bac45 (``stanford.xml``); the results
give each file's SHA-256, so that a run on other copies can be told apart. The files are
not part of this project: give their paths with ``--gold PATH`` (once per set) or
``$ANYSTYLE_GOLD``; ``--before TREE`` scores the same sets with another tree's parser in
the same run. Only the figures are written, to ``bench/results/styles.json`` and ``.md``.

Each reference is the text of its tagged parts joined by spaces, read by
:func:`kg.bib.plaintext.parse_reference`, and scored on five fields after folding case,
whitespace and punctuation (``bench.excite.fold_field``). AnyStyle keeps names as
written, unsplit, so names are scored on their words, which holds whatever the order:

- ``names``: the words of the first names' role (``author``, or ``editor`` where the
  reference has no author) equal, as a multiset, the words of the parsed names of that
  role (family, given and literal), conjunctions, ``et al.`` and role words aside;
- ``first_author``: the parsed first name's words all belong to the gold names and the
  gold names' first word is one of them (the first person read apart from the others);
- ``year``: the first four-digit year of ``<date>`` (or of ``<volume>``, where Vancouver
  puts it) against ``issued``;
- ``title``: ``<title>`` against ``title``;
- ``source``: ``<journal>`` or ``<container-title>`` (a leading "In" aside) against
  ``container-title``.

A field is *predicted* when the parser gives it, *gold* when the set tags it, *correct*
when both are given and equal; precision, recall and F1 follow. Every reference the
parser reads wrongly on a field goes, with ``--wrong FILE``, to a file of the user's for
reading, never to the results (the references are the set's text, not ours).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import re
import time
from pathlib import Path

from lxml import etree

from bench.excite import _prf, fold_field
from kg.bib.parse.lexicon import words
from kg.bib.plaintext import parse_reference

RESULTS = Path(__file__).resolve().parent / "results"
FIELDS = ("first_author", "names", "year", "title", "source")
#: words of a name list that are no name: conjunctions (English, French, Italian,
#: Spanish, German, Czech, Dutch), "et al.", and the words that mark a role
_NOT_NAMES = words(
    "and & et al etal eds ed edd edited by editor editors hg hrsg hgg"
    " y e und a en trans translated tr dir dirs comp comps coord coords with"
)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def references(path: Path) -> list[dict[str, str]]:
    """The set's references: each a dict of tag -> text (the first of each tag), with
    ``"text"`` the whole reference as its parts read in order."""
    root = etree.parse(str(path)).getroot()
    out = []
    for sequence in root.iter("sequence"):
        parts: dict[str, str] = {}
        pieces = []
        for child in sequence:
            if not isinstance(child.tag, str):
                continue
            value = " ".join("".join(child.itertext()).split())
            pieces.append(value)
            parts.setdefault(child.tag, value)
        parts["text"] = " ".join(p for p in pieces if p)
        out.append(parts)
    return out


def _words(text: str) -> list[str]:
    return [w for w in fold_field(text).split() if w not in _NOT_NAMES]


def _name_words(name: dict) -> list[str]:
    return _words(
        " ".join(
            str(name.get(k, ""))
            for k in (
                "given",
                "non-dropping-particle",
                "dropping-particle",
                "family",
                "literal",
                "suffix",
            )
        )
    )


def gold_fields(parts: dict[str, str]) -> dict[str, object]:
    role = "author" if "author" in parts else "editor" if "editor" in parts else None
    names = _words(parts[role]) if role else []
    year = _YEAR.search(parts.get("date", "")) or _YEAR.search(
        parts.get("volume", "") if "date" not in parts else ""
    )
    source = parts.get("journal") or parts.get("container-title") or ""
    source = re.sub(r"(?i)^\s*(?:in|dans|en)\s*:?\s+", "", source)
    return {
        "role": role,
        "names": sorted(names),
        "first_word": names[0] if names else "",
        "year": year.group(1) if year else "",
        "title": fold_field(parts.get("title")),
        "source": fold_field(source),
    }


def parsed_fields(item: dict, role: str | None) -> dict[str, object]:
    people = item.get(role or "author") or []
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return {
        "names": sorted(w for n in people for w in _name_words(n)),
        "first": _name_words(people[0]) if people else [],
        "year": str(parts[0][0]) if parts and parts[0] else "",
        "title": fold_field(item.get("title")),
        "source": fold_field(item.get("container-title")),
    }


def score(refs: list[dict[str, str]]) -> dict:
    counts = {f: [0, 0, 0] for f in FIELDS}
    wrong: dict[str, list[dict]] = {f: [] for f in FIELDS}
    raised = 0
    for number, parts in enumerate(refs):
        gold = gold_fields(parts)
        try:
            got = parsed_fields(parse_reference(parts["text"]), gold["role"])
        except Exception:  # noqa: BLE001 -- a reference the parser cannot read counts as empty
            raised += 1
            got = {"names": [], "first": [], "year": "", "title": "", "source": ""}
        first_ok = bool(got["first"]) and (
            gold["first_word"] in got["first"]
            and not collections.Counter(got["first"]) - collections.Counter(gold["names"])
        )
        judged = {
            "names": (bool(got["names"]), bool(gold["names"]), got["names"] == gold["names"]),
            "first_author": (bool(got["first"]), bool(gold["names"]), first_ok),
            "year": (bool(got["year"]), bool(gold["year"]), got["year"] == gold["year"]),
            "title": (bool(got["title"]), bool(gold["title"]), got["title"] == gold["title"]),
            "source": (bool(got["source"]), bool(gold["source"]), got["source"] == gold["source"]),
        }
        for field, (predicted, expected, equal) in judged.items():
            correct = predicted and expected and equal
            counts[field][0] += correct
            counts[field][1] += predicted
            counts[field][2] += expected
            if (predicted or expected) and not correct:
                key = "first" if field == "first_author" else field
                wrong[field].append(
                    {"n": number, "gold": gold.get(key), "got": got[key], "text": parts["text"]}
                )
    per_field = {f: _prf(*counts[f]) for f in FIELDS}
    micro = _prf(*(sum(c[k] for c in counts.values()) for k in range(3)))
    return {
        "references": len(refs),
        "parser_raised": raised,
        "fields": per_field,
        "micro": micro,
        "wrong": wrong,
    }


def score_sets(paths: list[str]) -> list[dict]:
    """Each set scored: its name, path, checksum and figures (``wrong`` included)."""
    out = []
    for path in paths:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        out.append(
            {
                "set": Path(path).name,
                "data": path,
                "sha256": digest,
                **score(references(Path(path))),
            }
        )
    return out


def _table(figures: dict, before: dict | None) -> list[str]:
    head = "| field | correct | predicted | gold | precision | recall | F1 |"
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if before:
        head, rule = head + " F1 before |", rule + "---:|"
    lines = [head, rule]
    rows = [*figures["fields"].items(), ("micro", figures["micro"])]
    for field, s in rows:
        line = (
            f"| {field} | {s['correct']} | {s['predicted']} | {s['gold']} | "
            f"{100 * s['precision']:.1f} | {100 * s['recall']:.1f} | {100 * s['f1']:.1f} |"
        )
        if before:
            b = before["micro"] if field == "micro" else before["fields"][field]
            line += f" {100 * b['f1']:.1f} |"
        lines.append(line)
    return lines


def report(result: dict) -> str:
    lines = [
        "# Reference parsing across citation styles (AnyStyle's tagged sets)",
        "",
        "`python -m bench.styles --gold PATH [--gold PATH ...]` on hand-tagged references "
        "of many styles and languages from the AnyStyle repository (`res/parser/*.xml`, "
        "read where the user keeps them, not copied here), each read by "
        "`kg.bib.plaintext.parse_reference` from the text of its tagged parts. How each "
        "field is scored: the module's docstring."
        + (
            f" *F1 before*: the same sets read by the parser of `{result['before_tree']}` "
            "in the same run."
            if result.get("before_tree")
            else ""
        ),
        "",
    ]
    befores = {b["set"]: b for b in result.get("before", [])}
    for figures in result["sets"]:
        lines += [
            f"## {figures['set']}: {figures['references']} references",
            "",
            f"From `{figures['data']}` (sha256 `{figures['sha256'][:16]}…`); the parser "
            f"raised on {figures['parser_raised']}.",
            "",
            *_table(figures, befores.get(figures["set"])),
            "",
        ]
    lines.append(f"{result['seconds']} s in all.")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.styles", description=__doc__)
    parser.add_argument("--gold", action="append", help="a tagged set (AnyStyle's XML)")
    parser.add_argument("--before", help="a tree whose parser reads the same sets, to compare")
    parser.add_argument("--no-write", action="store_true", help="print, write no results")
    parser.add_argument("--wrong", help="write each reference read wrongly, by field, here")
    # imported here: a tree before this helper existed runs this file's scoring too
    from bench.othertree import label, run_in_tree

    args = parser.parse_args(argv)
    paths = args.gold or ([os.environ["ANYSTYLE_GOLD"]] if os.environ.get("ANYSTYLE_GOLD") else [])
    if not paths:
        parser.error("give AnyStyle's gold.xml (or another tagged set) with --gold PATH")
    started = time.perf_counter()
    sets = score_sets(paths)
    wrong = {figures["set"]: figures.pop("wrong") for figures in sets}
    result: dict = {"sets": sets}
    if args.before:
        result["before_tree"] = label(args.before)
        result["before"] = run_in_tree(args.before, __file__, "score_sets", paths)
        for figures in result["before"]:
            figures.pop("wrong")
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.wrong:
        Path(args.wrong).write_text(
            json.dumps(wrong, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "styles.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (RESULTS / "styles.md").write_text(report(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    out = main()
    print(json.dumps(out, indent=2))
