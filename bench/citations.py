"""Citation extraction and resolution quality per style: precision, recall and F1
against the gold files in ``tests/data/citations/`` (our own texts) and the chapter.
Written to ``bench/results/citations.json`` and ``.md``. Quality, not speed: these
are the figures the closing notes quote."""

from __future__ import annotations

import json
from pathlib import Path

from kg.ingest.evaluate import evaluate, read_gold
from kg.ingest.pipeline import analyse
from kg.resources import corpus_file
from kg.settings import default_corpus_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "citations"
RESULTS = Path(__file__).resolve().parent / "results"
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"


def _score(text: str, bib: str | Path, gold: Path, doc: str, not_cited=frozenset()) -> dict:
    found = analyse(text, doc_id=doc, matcher=None, bib=bib, not_cited=not_cited)
    score = evaluate(found.citations, read_gold(gold), found.resolutions)
    return {
        "instances": len(read_gold(gold)),
        "extraction": {
            "precision": score.extraction.precision,
            "recall": score.extraction.recall,
            "f1": score.extraction.f1,
        },
        "resolution": {
            "precision": score.resolution.precision,
            "recall": score.resolution.recall,
            "f1": score.resolution.f1,
        },
        "misresolved": [list(m) for m in score.misresolved],
    }


def main() -> dict:
    result = {}
    for text_path in sorted(DATA.glob("*.txt")):
        style = text_path.stem
        result[style] = _score(
            text_path.read_text(encoding="utf-8"),
            DATA / f"{style}.csl.json",
            DATA / f"{style}.gold.json",
            style,
        )
    corpus = default_corpus_dir()
    if corpus is not None:
        result["kitchin2019smart (automatic, no curated mapping)"] = _score(
            (corpus / CHAPTER).read_text(encoding="utf-8"),
            corpus_file("references.csl.json"),
            DATA / "kitchin2019smart.gold.json",
            "kitchin2019smart",
            not_cited=frozenset({"raco2019planning"}),
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "citations.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Citation extraction and resolution",
        "",
        "| text | instances | extraction P / R / F1 | resolution P / R / F1 |",
        "|---|---|---|---|",
    ]
    for name, s in result.items():
        e, r = s["extraction"], s["resolution"]
        lines.append(
            f"| {name} | {s['instances']} | {e['precision']} / {e['recall']} / {e['f1']} "
            f"| {r['precision']} / {r['recall']} / {r['f1']} |"
        )
    (RESULTS / "citations.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
