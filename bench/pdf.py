"""PDF libraries compared on EXCITE's 60 real papers: speed, reference strings, order.

Candidates, each read in one process over the 60 ``paper.pdf`` files:

- ``pypdfium2 + kg.pdf``: PDFium's glyphs (pypdfium2) through ``kg.pdf``'s layout
  (columns, furniture, notes, hyphens) — what ``tkg ingest paper.pdf`` does;
- ``pdfplumber + kg.pdf``: pdfminer.six's glyphs (through pdfplumber) through the same
  layout, so the libraries are compared on the same footing;
- ``pdfminer.six``: its own text and layout analysis (``extract_text``, LAParams defaults);
- ``pypdfium2 (raw)``: PDFium's own text (``get_text_range``), pages joined by form feeds.

Measures, against the same measures on CERMINE's ``text.txt``:

- pages per second (one core; the machine is shared, so these are lower bounds);
- *gold in text*: the share of the gold reference strings (``references.txt``) found in
  the text verbatim after folding case, whitespace, hyphenation and punctuation (letters
  and digits only) — reading order, broken words and ligatures all show here;
- *splitter F1*: the reference list found (``segment`` / ``find_reference_section``)
  and split by ``kg.bib.reflist.split_reference_entries``, matched to the gold strings
  as ``bench/excite.py`` does (folded similarity ≥ 0.9, one to one);
- *order*: CERMINE's lines of 40 characters or more found in the text (folded), and the
  share of consecutive pairs of them found in the same order — on the papers set in two
  columns, where a reader that ignores columns interleaves them.

``python -m bench.pdf`` writes ``bench/results/pdf.json`` and ``pdf.md``. pdfplumber is in
the ``bench`` extra only, not a dependency of the project: without it its rows are left out.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.excite import DATA, RESULTS, _prf, gold_strings, match_count
from kg.bib.reflist import find_reference_section, split_reference_entries
from kg.ingest.dehyphenate import keep_hyphen, word_counts
from kg.ingest.segment import segment
from kg.pdf.extract import LIGATURES, Glyph, PageGlyphs
from kg.pdf.layout import find_gutter
from kg.pdf.text import pdf_text


def fold(text: str) -> str:
    """Letters and digits only, lower case, ligatures spelled out."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def plumber_glyphs(source: Path, *, where: str = "", password: str | None = None):
    import pdfplumber

    with pdfplumber.open(source, password=password) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            glyphs = []
            for c in page.chars:
                if not c.get("upright", True):
                    continue
                text = c["text"]
                if len(text) == 1 and ord(text) in LIGATURES:
                    text = LIGATURES[ord(text)]
                glyphs.append(
                    Glyph(" " if text.isspace() else text, c["x0"], c["top"], c["x1"], c["bottom"])
                )
            yield PageGlyphs(number, float(page.width), float(page.height), glyphs)


def _kg(reader=None) -> Callable[[Path], tuple[str, int]]:
    def read(path: Path) -> tuple[str, int]:
        kwargs = {"reader": reader} if reader else {}
        found = pdf_text(path, keep_hyphen=keep_hyphen, word_counts=word_counts, **kwargs)
        return found.text, len(found.pages)

    return read


def _pdfminer(path: Path) -> tuple[str, int]:
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    return text, text.count("\f") + 1


def _pdfium_raw(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages = []
    for page in document:
        pages.append(page.get_textpage().get_text_range())
    document.close()
    return "\f".join(pages), len(pages)


def candidates() -> Iterator[tuple[str, Callable[[Path], tuple[str, int]]]]:
    yield "pypdfium2 5.15.2 + kg.pdf", _kg()
    yield "pypdfium2 5.15.2 (its own text)", _pdfium_raw
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return
    yield "pdfplumber 0.11.10 (pdfminer.six) + kg.pdf", _kg(plumber_glyphs)
    yield "pdfminer.six 20260107 (its own layout)", _pdfminer


def _cermine(folder: Path) -> tuple[str, int]:
    return (folder / "text.txt").read_text(encoding="utf-8"), 0


def score(text: str, folder: Path) -> dict:
    gold = gold_strings(folder)
    folded = fold(text)
    found_in_text = sum(1 for g in gold if fold(g) and fold(g) in folded)
    notes = tied = 0
    try:
        document = segment(text)
        span = document.references or find_reference_section(text)
        entries = [e for _, _, e in split_reference_entries(text, span)] if span else []
        notes = len(document.footnotes)
        tied = sum(1 for n in document.footnotes if n.marker_start is not None)
    except Exception:  # noqa: BLE001 -- a text the segmenter cannot read scores nothing
        entries = []
    cermine = [fold(x) for x in (folder / "text.txt").read_text(encoding="utf-8").splitlines()]
    cermine = [x for x in cermine if len(x) >= 40]
    places = [folded.find(x) for x in cermine]
    found = [p for p in places if p >= 0]
    in_order = sum(1 for a, b in itertools.pairwise(found) if b > a)
    return {
        "gold": len(gold),
        "in_text": found_in_text,
        "split": len(entries),
        "matched": match_count(entries, gold),
        "lines": len(cermine),
        "lines_found": len(found),
        "pairs": max(len(found) - 1, 0),
        "pairs_in_order": in_order,
        "footnotes": notes,
        "footnotes_tied": tied,
    }


def two_columns(folder: Path) -> bool:
    """Whether most pages with text are set in two columns (a gutter found)."""
    from kg.pdf.extract import read_glyphs
    from kg.pdf.layout import build_runs

    votes = []
    for page in read_glyphs(folder / "paper.pdf"):
        runs = build_runs(page.glyphs)
        if len(runs) > 20:
            left, right = min(r.x0 for r in runs), max(r.x1 for r in runs)
            votes.append(find_gutter(runs, left, right) is not None)
    return sum(votes) * 2 > len(votes)


def run(name: str, read, folders: list[Path], twocol: set[str]) -> dict:
    rows, pages, seconds, errors = [], 0, 0.0, []
    for folder in folders:
        started = time.process_time()
        try:
            text, n = read(folder / "paper.pdf") if name != "CERMINE text.txt" else read(folder)
        except Exception as exc:  # noqa: BLE001 -- a library that fails on a paper: count it
            errors.append(f"{folder.name}: {type(exc).__name__}: {str(exc)[:80]}")
            continue
        seconds += time.process_time() - started
        pages += n
        rows.append(
            {"paper": folder.name, **score(text, folder), "two_columns": folder.name in twocol}
        )
    keys = ("gold", "in_text", "split", "matched", "footnotes", "footnotes_tied")
    total = {k: sum(r[k] for r in rows) for k in keys}
    two = [r for r in rows if r["two_columns"]]
    result = {
        "name": name,
        "papers": len(rows),
        "errors": errors,
        "pages": pages,
        "cpu_seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1) if seconds and pages else None,
        "gold_in_text": round(total["in_text"] / total["gold"], 3) if total["gold"] else 0,
        "splitter": _prf(total["matched"], total["split"], total["gold"]),
        "order_all": _order(rows),
        "order_two_columns": _order(two),
        "two_column_papers": len(two),
        "footnotes": total["footnotes"],
        "footnotes_tied": total["footnotes_tied"],
        "per_paper": rows,
    }
    print(
        f"{name}: {result['pages_per_second']} p/s, in text {result['gold_in_text']}, "
        f"split F1 {result['splitter']['f1']}, order {result['order_two_columns']}",
        file=sys.stderr,
    )
    return result


def _order(rows: list[dict]) -> dict:
    lines = sum(r["lines"] for r in rows)
    found = sum(r["lines_found"] for r in rows)
    pairs = sum(r["pairs"] for r in rows)
    ordered = sum(r["pairs_in_order"] for r in rows)
    return {
        "lines_found": round(found / lines, 3) if lines else 0,
        "pairs_in_order": round(ordered / pairs, 3) if pairs else 0,
    }


def to_graph(folders: list[Path]) -> dict:
    """``tkg ingest paper.pdf`` whole (PDF, text, analysis, RDF, store) into one in-memory
    store with the ontology, paper by paper; CPU seconds of the papers that ingest (a
    refusal by the reference-list reader stops before the citations, the RDF and the
    store: those papers are not counted)."""
    import tempfile

    import pypdfium2 as pdfium

    from kg.build import build
    from kg.errors import InputError
    from kg.ingest.pipeline import ingest
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(None)
    build(store, reason=False, corpus_dir=None)
    done, refused, pages, seconds = [], [], 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            started = time.process_time()
            try:
                ingest(store, folder / "paper.pdf", doc_id=f"p{folder.name}", keep_text=Path(tmp))
            except InputError as exc:
                refused.append(f"{folder.name}: {str(exc)[:60]}")
                continue
            seconds += time.process_time() - started
            done.append(folder.name)
            document = pdfium.PdfDocument(folder / "paper.pdf")
            pages += len(document)
            document.close()
    store.close()
    return {
        "ingested": len(done),
        "refused": len(refused),
        "pages": pages,
        "cpu_seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1) if seconds else None,
    }


def main() -> dict:
    folders = sorted(p for p in (DATA / "papers").iterdir() if p.is_dir())
    twocol = {f.name for f in folders if two_columns(f)}
    results = [run("CERMINE text.txt", _cermine, folders, twocol)]
    for name, read in candidates():
        results.append(run(name, read, folders, twocol))
    out = {
        "data": str(DATA),
        "papers": len(folders),
        "two_column": sorted(twocol),
        "results": results,
        "to_graph": to_graph(folders),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pdf.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "pdf.md").write_text(report(out), encoding="utf-8")
    return out


def report(out: dict) -> str:
    lines = [
        "# PDF libraries on EXCITE's 60 papers",
        "",
        f"`python -m bench.pdf`; {out['papers']} papers read from `{out['data']}` (not copied "
        f"here); {len(out['two_column'])} of them set in two columns on most pages. Pages per "
        "second are CPU seconds of one process on a 2-core machine shared with other work "
        "(lower bounds); the text only, before segmentation and the graph.",
        "",
        "| reader | pages/s (1 core) | failed | gold strings in the text | splitter P / R / F1 "
        "| CERMINE lines found | in order (two columns) | footnotes (tied to a marker) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in out["results"]:
        s = r["splitter"]
        lines.append(
            f"| {r['name']} | {r['pages_per_second'] or '–'} | {len(r['errors'])} | "
            f"{100 * r['gold_in_text']:.1f}% | {100 * s['precision']:.1f} / "
            f"{100 * s['recall']:.1f} / {100 * s['f1']:.1f} | "
            f"{100 * r['order_all']['lines_found']:.1f}% | "
            f"{100 * r['order_two_columns']['pairs_in_order']:.1f}% | "
            f"{r['footnotes']} ({r['footnotes_tied']}) |"
        )
    by = {
        r["name"].split(" ")[0] + (" raw" if "own" in r["name"] else ""): r for r in out["results"]
    }
    ours, plumber = by.get("pypdfium2"), by.get("pdfplumber")
    if ours and plumber:
        lines += [
            "",
            f"Chosen: **pypdfium2 + kg.pdf**. On the same layout code PDFium reads "
            f"{ours['pages_per_second'] / plumber['pages_per_second']:.1f}× as fast as "
            f"pdfminer.six (through pdfplumber), with the same or better quality (splitter F1 "
            f"{100 * ours['splitter']['f1']:.1f} against {100 * plumber['splitter']['f1']:.1f}; "
            f"gold strings in the text {100 * ours['gold_in_text']:.1f}% against "
            f"{100 * plumber['gold_in_text']:.1f}%); at "
            f"{plumber['pages_per_second']} pages/s pdfminer alone would spend half the budget "
            "of the whole path (5 pages per second per core: 0.2 s a page) before any "
            "analysis. The libraries' own text "
            "(PDFium's text order, pdfminer.six's layout analysis) keeps the reference strings "
            "but not the lines as a list reader needs them: lower splitter F1. The splitter "
            "F1 on our text is as high as on CERMINE's (the reference list reader itself is "
            "issue 18 items 1-2).",
        ]
    g = out["to_graph"]
    lines += [
        "",
        f"PDF to graph (`tkg ingest paper.pdf` whole, into one in-memory store): "
        f"{g['pages_per_second']} pages per second on one core (target: 5) over the "
        f"{g['ingested']} papers that ingest ({g['pages']} pages, {g['cpu_seconds']} CPU s, "
        "from the PDF's bytes to the last quad in the store, the graph's analysis included); "
        f"{g['refused']} refused.",
        "",
    ]
    return "\n".join(lines)


def graph_only() -> dict:
    """Measure PDF to graph again, keeping the readers' figures of the last full run."""
    out = json.loads((RESULTS / "pdf.json").read_text(encoding="utf-8"))
    folders = sorted(p for p in (DATA / "papers").iterdir() if p.is_dir())
    out["to_graph"] = to_graph(folders)
    (RESULTS / "pdf.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "pdf.md").write_text(report(out), encoding="utf-8")
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--to-graph-only",
        action="store_true",
        help="measure only PDF to graph (the readers' table is kept from the last full run)",
    )
    graph_only() if parser.parse_args().to_graph_only else main()
