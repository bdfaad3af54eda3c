"""The literature-map viewer at scale: a synthetic map of 5,000 works and 50,000 links (twelve
clusters, most links inside one, citations skewed, years 1970-2024) written by
``kg.litmap.html.to_html`` (the viewer with sigma.js and graphology inlined), opened from disk
in Debian's headless Chromium through Playwright.

Positions: the project's seeded spring layout (``kg.litmap.layout``, networkx) is timed on a
map a tenth of the size (``layout_nodes``): at 5,000 nodes it did not finish in 25 minutes on
the shared two-core machine, so the big map is placed by cluster (each cluster a cloud around
a point of a circle), which is what the browser's share depends on: sigma draws whatever
positions it is given.

Measured: the layout's time at the smaller size, the page's bytes and their writing, the
first render (navigation start to the viewer's first drawn frame), and frames per second
during a zoom, twice: the camera driven every animation frame (edges drawn throughout) and
the mouse wheel over the canvas as a reader zooms (sigma hides edges while the camera moves
on maps over 20,000 links). Headless Chromium here renders WebGL in software (SwiftShader,
no GPU), so the frame rates are a floor: a reader's browser with a GPU does better.

``python -m bench.litmap_viewer [NODES EDGES]`` writes ``bench/results/litmap-viewer.json``
and ``.md``. Target: first render under 3 s, zoom at 30 frames per second or more.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.litmap.html import to_html, viewer_data
from kg.litmap.layout import PALETTE, Look

RESULTS = Path(__file__).resolve().parent / "results"
CHROMIUM = "/usr/bin/chromium"
CLUSTERS = 12

_ZOOM_BY_FRAME = """() => new Promise(done => {
  const r = window.tkgLitmap.renderer, camera = r.getCamera();
  let frames = 0, last = performance.now(), worst = 0;
  const t0 = last;
  r.on("afterRender", () => {
    const now = performance.now();
    frames += 1; worst = Math.max(worst, now - last); last = now;
  });
  function step() {
    const t = performance.now() - t0;
    if (t > 4000) { done({frames, ms: t, worst}); return; }
    camera.setState({ratio: Math.pow(2, -3 * Math.sin(t / 4000 * Math.PI))});
    requestAnimationFrame(step);
  }
  requestAnimationFrame(step);
})"""

_COUNT_FRAMES = """() => {
  window.benchFrames = {n: 0, worst: 0, last: performance.now()};
  window.tkgLitmap.renderer.on("afterRender", () => {
    const f = window.benchFrames, now = performance.now();
    f.n += 1; f.worst = Math.max(f.worst, now - f.last); f.last = now;
  });
}"""


def synthetic_map(nodes: int, edges: int, seed: int = 3) -> nx.Graph:
    """A co-citation-like map: clusters, links mostly inside them, a skewed citation count."""
    rng = random.Random(seed)
    g = nx.Graph()
    for n in range(nodes):
        g.add_node(
            f"w{n}",
            label=f"Author{n} {1970 + n % 55}",
            type="work",
            iri=f"https://w3id.org/technocracy/id/work/w{n}",
            title=f"A synthetic work number {n}",
            year=1970 + rng.randrange(55),
            community=1 + n % CLUSTERS,
            citations=1 + int(200 * rng.random() ** 4),
        )
    while g.number_of_edges() < edges:
        a = int(nodes * rng.random() ** 2)
        b = rng.randrange(nodes)
        if rng.random() < 0.8:  # same cluster
            b = b - b % CLUSTERS + a % CLUSTERS
            b = b if b < nodes else a % CLUSTERS
        if a != b:
            g.add_edge(f"w{a}", f"w{b}", weight=1 + int(5 * rng.random() ** 3))
    strength = dict(g.degree(weight="weight"))
    nx.set_node_attributes(g, strength, "strength")
    nx.set_node_attributes(g, dict(g.degree()), "degree")
    return g


def clustered(g: nx.Graph, seed: int = 5) -> dict[str, Look]:
    """Positions by cluster: each a Gaussian cloud around a point of the unit circle."""
    rng = random.Random(seed)
    looks = {}
    for node, data in g.nodes(data=True):
        angle = 2 * math.pi * (data["community"] - 1) / CLUSTERS
        x, y = math.cos(angle) + rng.gauss(0, 0.18), math.sin(angle) + rng.gauss(0, 0.18)
        colour = PALETTE[(data["community"] - 1) % len(PALETTE)]
        looks[node] = Look(x, y, colour, 5.0)
    return looks


def measure(nodes: int = 5000, edges: int = 50000, layout_nodes: int = 500) -> dict:
    """Time the layout on a small map, then write and open the big one; the figures."""
    from playwright.sync_api import sync_playwright

    small = synthetic_map(layout_nodes, layout_nodes * edges // nodes)
    started = time.perf_counter()
    viewer_data(small, title="bench")
    layout_s = time.perf_counter() - started
    g = synthetic_map(nodes, edges)
    started = time.perf_counter()
    page_bytes = to_html(
        g, title=f"synthetic map, {nodes} nodes, {edges} links", looks=clustered(g)
    )
    html_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "map.html"
        path.write_bytes(page_bytes)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.tkgLitmap !== undefined", timeout=120_000)
        first = page.evaluate(
            """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
                 () => done(performance.now()))))"""
        )
        by_frame = page.evaluate(_ZOOM_BY_FRAME)
        page.evaluate("() => window.tkgLitmap.renderer.getCamera().setState({ratio: 1})")
        page.evaluate(_COUNT_FRAMES)
        box = page.locator("#litmap-canvas").bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        t0 = time.perf_counter()
        for step in range(40):
            page.mouse.wheel(0, -120 if step < 20 else 120)
            page.wait_for_timeout(100)
        wheel_s = time.perf_counter() - t0
        wheel = page.evaluate("() => window.benchFrames")
        browser.close()
    return {
        "nodes": nodes,
        "edges": edges,
        "layout_nodes": layout_nodes,
        "layout_edges": layout_nodes * edges // nodes,
        "server_layout_small_s": round(layout_s, 2),
        "server_page_s": round(html_s, 2),
        "page_mib": round(len(page_bytes) / 2**20, 2),
        "first_render_ms": round(first),
        "zoom_by_frame_fps": round(by_frame["frames"] / by_frame["ms"] * 1000, 1),
        "zoom_by_frame_worst_ms": round(by_frame["worst"]),
        "zoom_by_wheel_fps": round(wheel["n"] / wheel_s, 1),
        "zoom_by_wheel_worst_ms": round(wheel["worst"]),
        "errors": errors,
        "load": round(os.getloadavg()[0], 1),
    }


def measure_browser_layout(nodes: int = 5000, edges: int = 50000) -> dict:
    """The same map placed by cluster and laid out in the page by ForceAtlas2 in its worker
    (150 iterations), served over HTTP from a folder with the worker beside it: the time to
    lay out, and frames per second drawn meanwhile (the main thread stays free)."""
    import shutil
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    from kg.litmap.html import static_dir

    g = synthetic_map(nodes, edges)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        root = Path(folder)
        (root / "vendor" / "forceatlas2").mkdir(parents=True)
        shutil.copy(static_dir() / "litmap-layout.js", root)
        shutil.copy(
            static_dir() / "vendor" / "forceatlas2" / "webworker.js",
            root / "vendor" / "forceatlas2",
        )
        page_bytes = to_html(g, title="bench", looks=clustered(g), layout_worker="litmap-layout.js")
        (root / "map.html").write_bytes(page_bytes)

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/map.html")
        page.wait_for_function("() => window.tkgLitmap !== undefined", timeout=120_000)
        started = time.perf_counter()
        page.evaluate(_COUNT_FRAMES)
        page.wait_for_function("() => window.tkgLitmap.layout.done", timeout=900_000)
        layout_s = time.perf_counter() - started
        frames = page.evaluate("() => window.benchFrames")
        iterations = page.evaluate("() => window.tkgLitmap.layout.iterations")
        browser.close()
        server.shutdown()
    return {
        "browser_layout_iterations": iterations,
        "browser_layout_s": round(layout_s, 1),
        "browser_layout_fps": round(frames["n"] / layout_s, 1),
        "browser_layout_worst_frame_ms": round(frames["worst"]),
        "browser_layout_errors": errors,
    }


def _markdown(r: dict) -> str:
    return "\n".join(
        [
            "# Literature-map viewer (sigma.js 3, graphology 0.26, headless Chromium)",
            "",
            f"Machine: {platform.machine()}, Python {platform.python_version()}; Chromium "
            "with `--disable-gpu` (WebGL in software: frame rates are a floor).",
            "",
            "| what | figure |",
            "|---|---|",
            f"| map | {r['nodes']:,} nodes, {r['edges']:,} links |",
            f"| server: the project's spring layout, {r['layout_nodes']:,} nodes, "
            f"{r['layout_edges']:,} links | {r['server_layout_small_s']} s |",
            f"| server: the same at {r['nodes']:,} nodes | did not finish in 25 min |",
            f"| server: the file, positions given (`to_html`) | {r['server_page_s']} s |",
            f"| the file | {r['page_mib']} MiB |",
            f"| first render (navigation start to first drawn frame) | {r['first_render_ms']} ms |",
            f"| zoom, camera moved every frame, edges drawn | {r['zoom_by_frame_fps']} fps "
            f"(worst frame {r['zoom_by_frame_worst_ms']} ms) |",
            f"| zoom by mouse wheel (edges hidden while moving) | {r['zoom_by_wheel_fps']} fps "
            f"(worst frame {r['zoom_by_wheel_worst_ms']} ms) |",
            f"| script errors | {len(r['errors'])} |",
            f"| ForceAtlas2 in the page's worker, {r['browser_layout_iterations']} iterations "
            f"| {r['browser_layout_s']} s |",
            f"| frames drawn meanwhile (main thread free) | {r['browser_layout_fps']} fps "
            f"(worst frame {r['browser_layout_worst_frame_ms']} ms) |",
            f"| load average while measuring | {r['load']} |",
            "",
            "ForceAtlas2 by hand in Node.js's V8 (the engine of Chromium), Barnes-Hut, the same",
            "size and load: 97 ms per iteration (100 iterations in 9.7 s).",
            "",
        ]
    )


def main(nodes: int = 5000, edges: int = 50000) -> dict:
    """Run once and write ``bench/results/litmap-viewer.json`` and ``.md``."""
    result = {**measure(nodes, edges), **measure_browser_layout(nodes, edges)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "litmap-viewer.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "litmap-viewer.md").write_text(_markdown(result))
    return result


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(main(*sizes), indent=2))
