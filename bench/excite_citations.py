"""In-text citations on EXCITE's 60 real social-science papers: how many citations
``tkg ingest`` finds in each ``text.txt`` (reference list found in the text) and the
share it resolves to an entry of that list. No gold in-text citations come with the set,
so these are counts, not precision; a change is judged by what it adds, read by hand.

Read in place from ``/work/shared/peer-tests/excite/`` (or ``$EXCITE_DIR``); only the
figures are written, to ``bench/results/excite-citations.json`` and ``.md``.
``python -m bench.excite_citations [--label NAME]`` adds a column under that label and
keeps the columns already there, so before and after stand side by side.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

from kg.ingest.pipeline import analyse, read_text

DATA = Path(os.environ.get("EXCITE_DIR", "/work/shared/peer-tests/excite"))
RESULTS = Path(__file__).resolve().parent / "results"


def measure(folder: Path) -> dict:
    text, raw = read_text(folder / "text.txt")
    found = analyse(text, doc_id=f"excite{folder.name}", matcher=None, raw=raw)
    resolved = sum(1 for r in found.resolutions if r.reference is not None)
    kinds = Counter(_kind(c) for c in found.citations)
    return {
        "citations": len(found.citations),
        "resolved": resolved,
        "references": len(found.references),
        "kinds": dict(sorted(kinds.items())),
    }


def _kind(citation) -> str:
    """Which rule found a citation: ``numeric``, ``ibid``, ``apart``, ``title`` or
    ``author-date`` (what the model's optional ``kind`` says, when it has one)."""
    return getattr(citation, "kind", None) or "author-date"


def main(label: str = "now") -> dict:
    path = RESULTS / "excite-citations.json"
    result = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    papers = sorted(p for p in (DATA / "papers").iterdir() if (p / "text.txt").exists())
    result[label] = {p.name: measure(p) for p in papers}
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "excite-citations.md").write_text(report(result), encoding="utf-8")
    return result


def _share(resolved: int, found: int) -> str:
    return f"{resolved / found:.1%}" if found else "-"


def report(result: dict) -> str:
    labels = list(result)
    lines = [
        "# In-text citations on EXCITE's 60 papers (text.txt, list found in the text)",
        "",
        "Citations found and the share resolved, per run (`python -m bench.excite_citations"
        " --label NAME`). Counts, not precision: the set has no gold in-text citations.",
        "",
        "| run | papers with 0 citations | citations | resolved | share |",
        "|---|---|---|---|---|",
    ]
    for label in labels:
        rows = result[label].values()
        found = sum(r["citations"] for r in rows)
        resolved = sum(r["resolved"] for r in rows)
        zero = sum(1 for r in rows if r["citations"] == 0)
        lines.append(f"| {label} | {zero} | {found} | {resolved} | {_share(resolved, found)} |")
    kinds: Counter = Counter()
    for r in result[labels[-1]].values():
        kinds.update(r["kinds"])
    lines += [
        "",
        f"By rule ({labels[-1]}): " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
    ]
    lines += ["", "| paper | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for paper in result[labels[-1]]:
        cells = []
        for label in labels:
            r = result[label].get(paper)
            cells.append(
                f"{r['resolved']}/{r['citations']} ({_share(r['resolved'], r['citations'])})"
                if r
                else "-"
            )
        lines.append(f"| {paper} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = args[args.index("--label") + 1] if "--label" in args else "now"
    main(chosen)
    print((RESULTS / "excite-citations.md").read_text(encoding="utf-8")[:1500])
