"""``python -m bench``: run every benchmark and write bench/results/."""

from __future__ import annotations

import json

from bench import build, ingest

if __name__ == "__main__":
    print(json.dumps({"build": build.main(), "ingest": ingest.main()}, indent=2))
