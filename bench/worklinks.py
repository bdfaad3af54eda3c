"""One work, one IRI, on EXCITE's 60 papers and the chapter: how many references land on a
work another document (or the chapter's curated bibliography) already holds.

The chapter is built into an in-memory store (``tkg build`` without reasoning), then each
paper's ``text.txt`` is ingested as ``tkg ingest`` does it (the reference list found in
the text), one after the other, so each paper's references are matched against the works
of the chapter and of the papers before it (``kg.ingest.works``). Reported: references,
works minted, references merged (onto the chapter's bibliography, onto another paper's
work, onto an earlier entry of the same list), and a sample of 30 merges, each printed with
both reference strings for a check by hand; the verdicts of that check are kept below
(:data:`HAND_CHECK`), keyed by document and reference key, so a re-run keeps them.

The material is read from ``/work/shared/peer-tests/excite/`` (or ``$EXCITE_DIR``) and
never copied into the project; the sample quotes reference strings (bibliographic facts),
as the other EXCITE benchmarks' reports do not: it is printed, and only the keys, the
verdicts and the figures are written to ``bench/results/worklinks.json`` and ``.md``.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

from kg.bib.identity import title_similarity, work_keys
from kg.build import build
from kg.ingest.pipeline import ingest
from kg.ingest.works import Merge
from kg.rdf import graphs
from kg.settings import default_corpus_dir
from kg.store import Store, open_store

DATA = Path(os.environ.get("EXCITE_DIR", "/work/shared/peer-tests/excite"))
RESULTS = Path(__file__).resolve().parent / "results"
SAMPLE = 30
SEED = 18
ID = "https://w3id.org/technocracy/id/"

#: The hand check of the sample: (document, reference key) -> (same work?, why).
HAND_CHECK: dict[tuple[str, str], tuple[bool, str]] = {
    ("excite-22849", "latane1979many"): (True, "same article; pages 823 vs 822, a typo"),
    ("excite-22849", "karau1993social"): (True, "the same string"),
    ("excite-46227", "delcroix2000transmission"): (True, "same chapter, subtitle dropped"),
    ("excite-2998", "stonequist1961marginal"): (True, "same book, 'The'/'A Study'"),
    ("excite-24626", "nowotny1994time"): (True, "same book, Polity"),
    ("excite-22849", "shepperd1993productivity"): (True, "the same string"),
    ("excite-34466", "tarrow1994power"): (True, "same book"),
    ("excite-46228", "schutze1983biographieforschung"): (True, "same article"),
    ("excite-46227", "bertaux1997recits"): (True, "same book, subtitle dropped"),
    ("excite-2998", "schutze1981prozessstrukturen"): (True, "same chapter, ss/ß"),
    ("excite-49534", "sanchezcuenca2000political"): (True, "same article, accent"),
    ("excite-23004", "carens2000culture2"): (True, "the list names the book twice"),
    ("excite-49534", "scharpf1999governing"): (True, "same book"),
    ("excite-20291", "americanpsychiatricassociation1994diagnostic"): (True, "DSM-IV"),
}
#: The hand check of the 30 PDF/text merges whose two reference strings are least alike
#: (0.62 to 0.99): each is the same entry of the same paper's list, read twice (a title
#: cut at a line, letters spaced out, page furniture run on, a list number): (checked, same).
PDF_CHECK = (30, 30)
#: The hand check of the pairs kept apart with titles at least 0.7 alike: (key, first
#: title's opening words) -> (the same work?, why).
APART_CHECK: dict[tuple[str, str], tuple[bool, str]] = {
    ("kerr 1983", "Motivation losses in task"): (True, "same article, a title miscited"),
    ("steiner 1972", "Group performance and"): (True, "same book, a title miscited"),
    ("sobotka 2004", "Is lowest-low fertility"): (False, "an article and a book"),
    ("duarte 2007", "[citado em 28"): (False, "titles unread; cannot tell"),
    ("bourdieu 1990", "The Logic of Practice"): (True, "same book; title runs on"),
    ("koopmans 2002", "Codebook for the"): (False, "two reports"),
    ("abunaser 2016", "Enhancing the use"): (False, "two articles"),
    ("robertkochinstitut 2004", "Empfehlungen der"): (False, "two notices"),
}


def _raw_of(store: Store, doc: str, key: str) -> str:
    r = _node(f"{ID}reference/{doc}/{key}")
    rows = store.query(
        f"SELECT ?raw ?csl WHERE {{ OPTIONAL {{ {r} "
        "<http://purl.org/dc/terms/bibliographicCitation> "
        f"?raw }} OPTIONAL {{ {r} <https://w3id.org/technocracy/ontology#cslItem> ?csl }} }}"
    ).rows()
    for row in rows:
        if row["raw"] is not None:
            return row["raw"].value
        if row["csl"] is not None:
            item = json.loads(row["csl"].value)
            names = ", ".join(a.get("family", a.get("literal", "")) for a in item.get("author", []))
            return f"{names} ({item.get('issued')}) {item.get('title')}"
    return "?"


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _first_other(store: Store, work: str, doc: str) -> tuple[str, str]:
    """A reference to ``work`` in another document than ``doc``: (document, key)."""
    w = _node(f"{ID}work/{work}")
    rows = store.query(
        f"SELECT ?r WHERE {{ ?r <http://purl.org/spar/biro/references> {w} }} ORDER BY ?r"
    ).rows()
    for row in rows:
        rest = row["r"].value[len(f"{ID}reference/") :]
        other, _, key = rest.partition("/")
        if other != doc and key:
            return other, key
    return "", ""


def main() -> dict:
    papers = sorted(p for p in (DATA / "papers").iterdir() if (p / "text.txt").is_file())
    store = open_store("memory")
    build(store, reason=False, corpus_dir=default_corpus_dir())
    started = time.perf_counter()
    references = 0
    merges = []
    for folder in papers:
        doc = f"excite-{folder.name}"
        report = ingest(store, folder / "text.txt", doc_id=doc)
        references += report.references
        for m in report.merged:
            kind = (
                "bibliography"
                if m.source in (graphs.BIBLIOGRAPHY, graphs.corpus("kitchin2019smart"))
                else "same list"
                if m.source == doc
                else "other paper"
            )
            merges.append(
                {
                    "doc": doc,
                    "reference": m.reference,
                    "work": m.work,
                    "kind": kind,
                    "reason": m.reason,
                    "title": m.title,
                    "twin": m.twin,
                }
            )
    seconds = time.perf_counter() - started
    counts = {
        k: sum(1 for m in merges if m["kind"] == k)
        for k in ("bibliography", "other paper", "same list")
    }
    works = (
        store.query(
            "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { GRAPH ?g { "
            "?r <http://purl.org/spar/biro/references> ?w } "
            "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/technocracy/graph/corpus/excite-')) }"
        )
        .rows()[0]["n"]
        .value
    )
    sample = random.Random(SEED).sample(merges, min(SAMPLE, len(merges)))
    for m in sample:
        mine = _raw_of(store, m["doc"], m["reference"])
        if m["kind"] == "bibliography":
            other_doc, other_key = "kitchin2019smart", m["work"]
        elif m["kind"] == "same list":
            other_doc, other_key = m["doc"], m["twin"]
        else:
            other_doc, other_key = _first_other(store, m["work"], m["doc"])
        m["text"] = mine
        m["other"] = _raw_of(store, other_doc, other_key) if other_key else (m["title"] or "")
        verdict = HAND_CHECK.get((m["doc"], m["reference"]))
        m["same"] = None if verdict is None else verdict[0]
        m["why"] = "" if verdict is None else verdict[1]
        print(f"- {m['doc']} {m['reference']} -> work:{m['work']} ({m['kind']}; {m['reason']})")
        print(f"    this: {mine}")
        print(f"    that: {m['other']}")
    twins = pdf_twins(store, papers)
    apart = near_misses(store)
    for pair in apart:
        verdict = APART_CHECK.get((pair["key"], pair["one"][: len(_opening(pair))]))
        verdict = verdict or APART_CHECK.get((pair["key"], pair["two"][: len(_opening(pair))]))
        pair["same"], pair["why"] = verdict if verdict else (None, "")
    for pair in apart:
        print(f"  apart ({pair['similarity']:.2f}) {pair['key']}: {pair['one']} | {pair['two']}")
    result = {
        "papers": len(papers),
        "kept_apart": [  # titles printed, not kept: the material stays where it is
            {k: v for k, v in p.items() if k not in ("one", "two")} for p in apart
        ],
        "pdf_twins": twins,
        "references": references,
        "merged": len(merges),
        "merged_by_kind": counts,
        "works": int(works),
        "seconds": round(seconds, 1),
        "sample": [
            {k: m[k] for k in ("doc", "reference", "work", "kind", "reason", "same", "why")}
            for m in sample
        ],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "worklinks.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "worklinks.md").write_text(markdown(result), encoding="utf-8")
    return result


def pdf_twins(store: Store, papers: list[Path]) -> dict:
    """Each paper again, from its PDF (``tkg ingest paper.pdf``), after all the texts: every
    reference of the PDF's list is a work the paper's text version already cites, so it
    should land on a work of that text. Counted: references merged onto a work the same
    paper's text cites (right), onto another paper's work only (to be checked: printed),
    and minted anew (missed)."""
    right = wrong = minted = total = 0
    others = []
    pairs: list[tuple[str, str, Merge]] = []
    with tempfile.TemporaryDirectory(prefix="worklinks-") as tmp:
        for folder in papers:
            text_doc, doc = f"excite-{folder.name}", f"excite-{folder.name}-pdf"
            report = ingest(store, folder / "paper.pdf", doc_id=doc, keep_text=Path(tmp))
            total += report.references
            mine = set(_works_of(store, text_doc))
            merged = {m.reference: m for m in report.merged}
            minted += report.references - len(merged)
            for m in merged.values():
                if m.work in mine or m.source == doc:
                    right += 1
                    pairs.append((doc, text_doc, m))
                else:
                    wrong += 1
                    others.append((doc, m))
    for doc, m in others:
        print(f"  pdf twin elsewhere: {doc} {m.reference} -> work:{m.work} ({m.source})")
        print(f"    this: {_raw_of(store, doc, m.reference)}")
        other_doc, other_key = _first_other(store, m.work, doc)
        print(f"    that: {_raw_of(store, other_doc, other_key) if other_key else m.title}")
    unlike = []  # merges whose two reference strings differ most: checked by hand
    for doc, text_doc, m in pairs:
        this = _raw_of(store, doc, m.reference)
        keys = [k for k, w in _works_of(store, text_doc, keyed=True) if w == m.work]
        that = max((_raw_of(store, text_doc, k) for k in keys), key=lambda t: _alike(this, t))
        unlike.append((_alike(this, that), doc, m.reference, this, that))
    unlike.sort()
    sample = random.Random(SEED).sample(pairs, min(SAMPLE, len(pairs)))
    for score, doc, key, this, that in unlike[:SAMPLE]:
        print(
            f"  pdf/text least alike ({score:.2f}) {doc} {key}\n    this: {this}\n    that: {that}"
        )
    return {
        "references": total,
        "onto_own_text": right,
        "elsewhere": wrong,
        "minted": minted,
        "least_alike": [
            {"doc": d, "reference": k, "alike": round(a, 2)} for a, d, k, _, _ in unlike[:SAMPLE]
        ],
        "sample": [{"doc": d, "reference": m.reference, "work": m.work} for d, _, m in sample],
    }


def _alike(one: str, two: str) -> float:
    return SequenceMatcher(None, one.casefold(), two.casefold(), autojunk=False).ratio()


def _works_of(store: Store, doc: str, *, keyed: bool = False) -> list:
    """The works ``doc``'s references point to (with the references' keys: ``keyed``)."""
    g = _node(graphs.corpus(doc))
    rows = store.query(
        f"SELECT ?r ?w WHERE {{ GRAPH {g} {{ ?r <http://purl.org/spar/biro/references> ?w }} }}"
    ).rows()
    prefix = f"{ID}reference/{doc}/"
    found = [(r["r"].value[len(prefix) :], r["w"].value[len(ID) + 5 :]) for r in rows]
    return found if keyed else [w for _, w in found]


def _opening(pair: dict) -> str:
    """The opening words of a pair's title by which :data:`APART_CHECK` names it."""
    for (key, opening), _ in APART_CHECK.items():
        if key == pair["key"] and (
            pair["one"].startswith(opening) or pair["two"].startswith(opening)
        ):
            return opening
    return ""


def near_misses(store: Store) -> list[dict]:
    """Pairs of works of the papers that share a first author and year (a work key) but were
    kept apart, with their titles' similarity: where a merge may have been missed."""
    rows = store.query(
        "SELECT ?w ?csl WHERE { GRAPH ?g { ?r <http://purl.org/spar/biro/references> ?w ; "
        "<https://w3id.org/technocracy/ontology#cslItem> ?csl } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/technocracy/graph/corpus/excite-') "
        "&& !STRENDS(STR(?g), '-pdf')) }"
    ).rows()
    by_key: dict[str, dict[str, str]] = {}
    for row in rows:
        item = json.loads(row["csl"].value)
        for key in work_keys(item):
            if not key.startswith("doi:"):
                by_key.setdefault(key, {}).setdefault(row["w"].value, item.get("title") or "")
    pairs = []
    for key, works in sorted(by_key.items()):
        listed = sorted(works.items())
        for i, (w1, t1) in enumerate(listed):
            for w2, t2 in listed[i + 1 :]:
                similarity = title_similarity(t1, t2) if t1 and t2 else 0.0
                pairs.append(
                    {
                        "key": key,
                        "one": t1,
                        "two": t2,
                        "similarity": similarity,
                        "works": [w1[len(ID) + 5 :], w2[len(ID) + 5 :]],
                    }
                )
    return sorted(pairs, key=lambda p: -p["similarity"])


def markdown(result: dict) -> str:
    checked = [m for m in result["sample"] if m["same"] is not None]
    true = sum(1 for m in checked if m["same"])
    by = result["merged_by_kind"]
    lines = [
        "# One work, one IRI: EXCITE's 60 papers and the chapter",
        "",
        "`python -m bench.worklinks`: the chapter built, then each paper's `text.txt` ingested",
        "into the same store in turn (reference list found in the text), each reference",
        "matched to the works already there (`kg.ingest.works`, rule in `kg.bib.identity`).",
        "",
        "| | |",
        "|---|---|",
        f"| papers | {result['papers']} |",
        f"| references read | {result['references']:,} |",
        f"| works they point to | {result['works']:,} |",
        f"| works minted | {result['references'] - result['merged']:,} |",
        f"| references merged onto a work already there | {result['merged']:,} |",
        f"| — onto the chapter's curated bibliography | {by['bibliography']} |",
        f"| — onto a work of another paper | {by['other paper']} |",
        f"| — onto an earlier entry of the same list | {by['same list']} |",
        f"| ingest time (60 papers, one core, shared machine) | {result['seconds']} s |",
        "",
        f"## Hand check of {len(result['sample'])} merges (seed {SEED})",
        "",
        *(
            [f"All {result['merged']} merges (fewer than the {SAMPLE} a sample would take)."]
            if result["merged"] <= SAMPLE
            else []
        ),
        f"Checked {len(checked)}: {true} the same work, {len(checked) - true} not.",
        "",
        "| document | reference | work | kind | rule | same work? |",
        "|---|---|---|---|---|---|",
    ]
    for m in result["sample"]:
        same = "?" if m["same"] is None else ("yes" if m["same"] else "**no**")
        why = f" ({m['why']})" if m["why"] else ""
        lines.append(
            f"| {m['doc']} | `{m['reference']}` | `{m['work']}` | {m['kind']} "
            f"| {m['reason']} | {same}{why} |"
        )
    twins = result["pdf_twins"]
    lines += [
        "",
        "## The same papers again, from their PDFs",
        "",
        "Each paper's `paper.pdf` then ingested into the same store (`tkg ingest paper.pdf`):",
        "every entry of its list is a work its text version already cites, read a second",
        "time with other extraction noise.",
        "",
        "| | |",
        "|---|---|",
        f"| references read from the PDFs | {twins['references']:,} |",
        f"| merged onto a work of the same paper's text | {twins['onto_own_text']:,} "
        f"({twins['onto_own_text'] / twins['references']:.1%}) |",
        f"| merged onto another paper's work only | {twins['elsewhere']} |",
        f"| minted anew (a merge missed, or an entry the text's list lacks) | {twins['minted']} |",
        "",
        f"Hand check of the {PDF_CHECK[0]} merges whose two reference strings are least alike",
        f"(difflib 0.62 to 0.99; listed in `worklinks.json`): {PDF_CHECK[1]} are the same",
        f"entry read twice, {PDF_CHECK[0] - PDF_CHECK[1]} are not.",
    ]
    close = [p for p in result["kept_apart"] if p["similarity"] >= 0.7]
    missed = sum(1 for p in close if p["same"])
    lines += [
        "",
        "## Kept apart",
        "",
        f"{len(result['kept_apart'])} pairs of works share a first author and year but were",
        f"kept apart; the {len(close)} whose titles are at least 0.7 alike, checked by hand:",
        f"{missed} are one work (missed merges), {len(close) - missed} are not or cannot be told.",
        "",
        "| key | works | title similarity | one work? |",
        "|---|---|---|---|",
    ]
    for p in close:
        same = "?" if p["same"] is None else ("**yes**" if p["same"] else "no")
        why = f" ({p['why']})" if p["why"] else ""
        lines.append(
            f"| {p['key']} | `{p['works'][0]}`, `{p['works'][1]}` | {p['similarity']:.2f} "
            f"| {same}{why} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
