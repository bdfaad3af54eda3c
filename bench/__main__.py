"""``python -m bench``: run every benchmark and write bench/results/."""

from __future__ import annotations

import json

from bench import build, ingest, sparql

if __name__ == "__main__":
    results = {"build": build.main(), "ingest": ingest.main(), "sparql": sparql.main()}
    print(json.dumps(results, indent=2))
