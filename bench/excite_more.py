"""EXCITE's gold standard beyond the 60 papers in ``../shared``: more English papers, and
the German ones, read where the user keeps a checkout of
github.com/exciteproject/EXgoldstandard (no licence stated there, so nothing of it is
copied into this project; only figures and checksums are written).

Give one folder per language with ``--gold DIR``, as the repository lays them out
(``Goldstandard_EXparser/2-English_papers/1-English_papers(with_reference_section_at_end_of_paper)``,
``.../1-German_papers/1-German_papers(with_reference_section_at_end_of_paper)``). In each:

- ``5-References_segmented_by_EXRefSegmentation/<id>.xml``: a paper's references, one
  per line, its fields tagged. **Field parsing** reads each line's text with
  :func:`kg.bib.plaintext.parse_reference` and scores it as ``bench.excite`` does (first
  surname, surnames, year, title, source; folded; micro F1);
- ``3-Layout_refs_checked_by_EXRefIdentifier/<id>.xml``, where present: the paper's PDF
  text lines (the first tab-separated column; the layout figures after it are not read).
  The ``<ref>`` marks around the references are taken out first.
  **Reference-list extraction** finds and splits the list in that text as ``tkg ingest``
  does (``bench.excite.extract``'s reading) and matches what it finds against the
  paper's gold strings (the references' text).

Papers also among the 60 of ``../shared/peer-tests/excite`` (the parser was tuned on
those), and those named in ``bench/excite-more-read.txt`` (one id a line: papers whose
errors were read while writing rules), are counted apart, *seen*, from the others, *held
out*: a paper goes in that file once its errors have been read. ``--before TREE`` scores the same
files with another tree's code in the same run. Results: ``bench/results/excite-more.json``
and ``.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import time
from pathlib import Path

from lxml import etree

from bench.excite import DATA, FIELDS, _prf, gold_fields, match_count, parsed_fields
from kg.bib.plaintext import parse_reference
from kg.ingest.pipeline import bibliography
from kg.ingest.segment import segment

RESULTS = Path(__file__).resolve().parent / "results"
REFS = "5-References_segmented_by_EXRefSegmentation"
LAYOUT = "3-Layout_refs_checked_by_EXRefIdentifier"


def entries(path: Path) -> list[tuple[str, etree._Element]]:
    """Each reference of a segmented file: its text and its tagged element."""
    parser = etree.XMLParser(recover=True)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            element = etree.fromstring(f"<ref>{line}</ref>".encode(), parser)
            out.append(("".join(element.itertext()).strip(), element))
    return out


def score_pairs(pairs: list[tuple[str, etree._Element]]) -> dict:
    """Each reference's text parsed and scored against its tagged fields, per field and
    micro-averaged (``bench.excite``'s fields and folding)."""
    counts = {f: [0, 0, 0] for f in FIELDS}  # correct, predicted non-empty, gold non-empty
    raised = 0
    for string, element in pairs:
        gold = gold_fields(element)
        try:
            got = parsed_fields(parse_reference(string))
        except Exception:  # noqa: BLE001 -- counted: a parser that raises scores nothing
            raised += 1
            got = dict.fromkeys(FIELDS, "")
        for f in FIELDS:
            counts[f][0] += bool(got[f]) and got[f] == gold[f]
            counts[f][1] += bool(got[f])
            counts[f][2] += bool(gold[f])
    return {
        "parser_raised": raised,
        "fields": {f: _prf(*counts[f]) for f in FIELDS},
        "micro": _prf(*(sum(c[k] for c in counts.values()) for k in range(3))),
    }


def layout_text(path: Path) -> str:
    """The paper's text from its layout file: each line's first column, without the
    ``<ref>`` marks EXCITE put around the references (the answer, not the paper)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line.split("\t")[0] for line in lines) + "\n"
    return html.unescape(re.sub(r"</?ref>", "", text))


def extract(text: str, name: str, gold: list[str]) -> dict:
    """The list ``tkg ingest`` reads in ``text``, matched against ``gold``."""
    row: dict = {"paper": name, "gold": len(gold)}
    try:
        refs, _, _ = bibliography(text, segment(text), None, name)
    except Exception as exc:  # noqa: BLE001 -- a refused paper is a figure too
        row.update(found=0, matched=0, error=type(exc).__name__)
        return row
    found = [r.raw or "" for r in refs]
    row.update(found=len(found), matched=match_count(found, gold))
    return row


def score_folder(folder: Path, seen: set[str]) -> dict:
    """Field parsing and list extraction on one language's folder, seen and held out."""
    files = sorted((folder / REFS).glob("*.xml"))
    digest = hashlib.sha256()
    groups: dict[str, dict] = {
        "held_out": {"pairs": [], "rows": []},
        "seen": {"pairs": [], "rows": []},
    }
    for path in files:
        digest.update(path.read_bytes())
        group = groups["seen" if path.stem in seen else "held_out"]
        refs = entries(path)
        group["pairs"] += refs
        layout = folder / LAYOUT / path.name
        if layout.is_file():
            digest.update(layout.read_bytes())
            group["rows"].append(extract(layout_text(layout), path.stem, [s for s, _ in refs]))
    out: dict = {"folder": str(folder), "sha256": digest.hexdigest(), "files": len(files)}
    for name, group in groups.items():
        rows = group["rows"]
        counts = [sum(r[k] for r in rows) for k in ("matched", "found", "gold")]
        out[name] = {
            "papers": sum(1 for p in files if (p.stem in seen) == (name == "seen")),
            "references": len(group["pairs"]),
            "parsing": score_pairs(group["pairs"]),
            "extraction": {
                "papers": len(rows),
                "refused": sum(1 for r in rows if "error" in r),
                "below_0.80": sorted(
                    r["paper"]
                    for r in rows
                    if r["gold"] and _prf(r["matched"], r["found"], r["gold"])["f1"] < 0.8
                ),
                "micro": _prf(*counts),
            },
        }
    return out


READ = Path(__file__).resolve().parent / "excite-more-read.txt"


def score_all(folders: list[str]) -> list[dict]:
    seen = {p.name for p in (DATA / "papers").iterdir()} if (DATA / "papers").is_dir() else set()
    if READ.is_file():
        seen |= {line.split("#")[0].strip() for line in READ.read_text().splitlines()} - {""}
    return [score_folder(Path(f), seen) for f in folders]


def _f1(scored: dict | None, *path: str) -> str:
    for key in path:
        if scored is None:
            return ""
        scored = scored.get(key)
    return f"{100 * scored['f1']:.1f}" if scored else ""


def report(result: dict) -> str:
    lines = [
        "# EXCITE's gold standard beyond the 60 papers (English and German)",
        "",
        "`python -m bench.excite_more --gold DIR ...` on the folders of a checkout of "
        "exciteproject/EXgoldstandard (read there, not copied here). How each figure is "
        "made: the module's docstring. *Seen*: among the 60 of `../shared` or named in "
        "`bench/excite-more-read.txt` (their errors were read while writing rules); "
        "*held out*: the others."
        + (
            f" *before*: the same files read by the code of `{result['before_tree']}` in the "
            "same run."
            if result.get("before_tree")
            else ""
        ),
        "",
    ]
    befores = {b["folder"]: b for b in result.get("before", [])}
    for scored in result["folders"]:
        before = befores.get(scored["folder"])
        lines += [
            f"## `{Path(scored['folder']).name}`",
            "",
            f"{scored['files']} files (sha256 of their bytes in name order "
            f"`{scored['sha256'][:16]}…`).",
            "",
            "| papers | references | field | F1 | F1 before |",
            "|---|---:|---|---:|---:|",
        ]
        for group in ("held_out", "seen"):
            g = scored[group]
            if not g["references"]:
                continue
            earlier = (before or {}).get(group, {}).get("parsing")
            for field in (*g["parsing"]["fields"], "micro"):
                where = ("fields", field) if field != "micro" else ("micro",)
                lines.append(
                    f"| {group.replace('_', ' ')} ({g['papers']}) | {g['references']} | {field} | "
                    f"{_f1(g['parsing'], *where)} | {_f1(earlier, *where)} |"
                )
        lines += ["", "Reference-list extraction from the layout text:", ""]
        for group in ("held_out", "seen"):
            e = scored[group]["extraction"]
            if not e["papers"]:
                continue
            m = e["micro"]
            b = _f1((before or {}).get(group, {}).get("extraction"), "micro")
            lines.append(
                f"- {group.replace('_', ' ')}: {e['papers']} papers, {e['refused']} refused; "
                f"precision {100 * m['precision']:.1f}, recall {100 * m['recall']:.1f}, "
                f"F1 {100 * m['f1']:.1f}"
                + (f" (before {b})" if b else "")
                + f"; below 0.80: {len(e['below_0.80'])} ({', '.join(e['below_0.80'])})"
            )
        lines.append("")
    lines += [f"{result['seconds']} s in all.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.excite_more", description=__doc__)
    parser.add_argument("--gold", action="append", required=True, help="a language's folder")
    parser.add_argument("--before", help="a tree whose code reads the same files, to compare")
    parser.add_argument("--no-write", action="store_true", help="print, write no results")
    # imported here: a tree before this helper existed runs this file's scoring too
    from bench.othertree import label, run_in_tree

    args = parser.parse_args(argv)
    started = time.perf_counter()
    result: dict = {"folders": score_all(args.gold)}
    if args.before:
        result["before_tree"] = label(args.before)
        result["before"] = run_in_tree(args.before, __file__, "score_all", args.gold)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        (RESULTS / "excite-more.json").write_text(text, encoding="utf-8")
        (RESULTS / "excite-more.md").write_text(report(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    print(report(main()))
