"""How long the argument explorer's pages take on the chapter: the explorer, its picture,
a concept's answer, the concept form, a claim's page.

The chapter is built into a store (or ``--store PATH`` opens one already built, read-only);
the API is served by uvicorn on 127.0.0.1 in a thread and asked for each page (as a browser
asks: ``Accept: text/html``) ``runs`` times after a warm-up; the median and the slowest
wall-clock times of the answers are recorded, with the machine's load average (the figures
on a busy machine are slower). Beside them, the CPU time of making each page in this process
(the same functions the routes run, the data and the template; ``time.process_time``):
what a page costs a server that has a core to itself.

Writes ``bench/results/argpages.json`` and ``bench/results/argpages.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

RESULTS = Path(__file__).resolve().parent / "results"
MAP = "/argmaps/kitchin2019smart"
PAGES = {
    "explorer": MAP,
    "picture (SVG)": f"{MAP}/picture",
    "works by concept (human-off-the-loop system)": f"{MAP}/concepts?concept=HumanOffTheLoopSystem",
    "concept form": f"{MAP}/concepts",
    "claim page": f"{MAP}/claims/algorithmic-technocracy",
}


def _serve(store) -> tuple[str, uvicorn.Server, threading.Thread]:
    from api import create_app
    from kg.settings import Settings

    app = create_app(Settings(store="memory", update_token=None), store)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, lifespan="on", ws="none", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def measure(base: str, runs: int) -> dict[str, dict[str, float]]:
    out = {}
    with httpx.Client(timeout=120, headers={"accept": "text/html"}) as client:
        for name, path in PAGES.items():
            client.get(base + path).raise_for_status()  # warm-up: parse, draw, compile
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(base + path).raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
            out[name] = {
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
            }
    return out


def cpu(store, runs: int) -> dict[str, float]:
    """Median CPU milliseconds of making each page in this process."""
    from api.html.arguments import claim_page, concept_page, explorer_page
    from api.routes.argmaps import claim_view, concept_answer, map_picture
    from kg.argmap import explore

    ident = "kitchin2019smart"

    def claim() -> str:
        detail, shown, doc = claim_view(store, ident, "algorithmic-technocracy", "")
        return claim_page(detail.model_dump(), ident, base="", shown=shown, document=doc)

    def concept() -> str:
        answer = concept_answer(store, ident, "HumanOffTheLoopSystem")
        return concept_page(answer, answer, base="")

    makers = {
        "explorer": lambda: explorer_page(explore.explorer(store, ident), base=""),
        "picture (SVG)": lambda: map_picture(store, ident, ""),
        "works by concept (human-off-the-loop system)": concept,
        "concept form": lambda: concept_page(None, concept_answer(store, ident, None), base=""),
        "claim page": claim,
    }
    out = {}
    for name, make in makers.items():
        make()
        times = []
        for _ in range(runs):
            started = time.process_time()
            make()
            times.append((time.process_time() - started) * 1000)
        out[name] = round(statistics.median(times), 1)
    return out


def main(store_path: str | None = None, runs: int = 15) -> dict:
    from kg.store import OxigraphStore

    if store_path:
        store = OxigraphStore(store_path, read_only=True)
    else:
        from kg.build import build

        store = OxigraphStore()
        build(store, reason=False)
    base, server, thread = _serve(store)
    try:
        pages = measure(base, runs)
        for name, ms in cpu(store, runs).items():
            pages[name]["cpu_ms"] = ms
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
    result = {
        "runs": runs,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "pages": pages,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "argpages.json").write_text(json.dumps(result, indent=1) + "\n")
    rows = [
        f"| {name} | {t['cpu_ms']} | {t['median_ms']} | {t['max_ms']} |"
        for name, t in pages.items()
    ]
    (RESULTS / "argpages.md").write_text(
        "# The argument explorer's pages on the chapter\n\n"
        f"{runs} requests each after a warm-up, wall-clock on 127.0.0.1; load average "
        f"{result['load_average']} on {result['cpus']} CPUs while measuring.\n\n"
        "| page | CPU ms (median) | wall-clock ms (median) | slowest ms |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a store with the chapter built in it (read-only)")
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    print(json.dumps(main(options.store, options.runs), indent=1))
