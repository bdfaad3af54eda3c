"""The literature-map viewer's frame times in Chromium: synthetic co-citation-like maps of
1,000, 5,000 and 50,000 links (a tenth as many works: twelve clusters, most links inside one,
citations skewed, years 1970-2024), laid out by ``kg.litmap.html.large_layout`` (igraph's
Fruchterman-Reingold, timed), written by ``kg.litmap.html.to_html`` (sigma.js and graphology
inlined, positions given: no layout in the browser) and opened from disk in Debian's
headless Chromium through Playwright.

Each map is opened twice in the same run: with the viewer as it was (``litmap.js`` at
``BEFORE``, read from git) and as it is now (the working tree's). The side panel is hidden in
both, so that both canvases have the same size. A reader's gestures are replayed with the
mouse: twenty wheel steps over the canvas (in, then out), then a drag in a circle. The time
between animation frames while they last is the frame time (the page asks for a frame at
every one, so a slow draw shows as a long gap): median and 95th percentile, in ms.

The renderer: the first of ``RENDERERS`` whose WebGL context Chromium grants; there is no
GPU here, so every one is software (SwiftShader, on two busy shared cores): the figures
compare settings on the same machine and are a floor, not what a reader's GPU does.

``python -m bench.litmap_viewer`` writes ``bench/results/litmap-viewer.json`` and ``.md``.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from kg.litmap.html import large_layout, static_dir, to_html

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CLUSTERS = 12
#: the viewer before the settings measured here (hideEdgesOnMove only past 20,000 links,
#: disc-shaded nodes, a copy of every node's and edge's attributes in the reducers)
BEFORE = "1d4bced"
#: (links, works) of the maps measured
SIZES = ((1_000, 100), (5_000, 500), (50_000, 5_000))
#: Chromium's ways to WebGL without a GPU, tried in this order
RENDERERS = {
    "ANGLE on SwiftShader (--use-gl=angle --use-angle=swiftshader --enable-unsafe-swiftshader)": [
        "--use-gl=angle",
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
    ],
    "--disable-gpu (SwiftShader fallback)": ["--disable-gpu"],
}
_HIDE_PANEL = b"<style>#info { display: none !important; }</style></head>"

_WEBGL = """() => {
  const gl = document.createElement("canvas").getContext("webgl");
  if (!gl) return null;
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
}"""

#: A reader's gestures, as the browser's own events on sigma's canvas (no round trip to
#: Playwright between them): sixteen wheel steps, 200 ms apart (four in, four out, twice: sigma
#: zooms 1.7 times a step), then a drag
#: round a circle, a move every 16 ms for two seconds; the gaps between animation frames
#: during each, and how far the zoom went (the camera's smallest ratio).
_GESTURES = """async ({cx, cy}) => {
  const target = document.elementFromPoint(cx, cy);
  const camera = window.tkgLitmap.renderer.getCamera();
  const sleep = ms => new Promise(done => setTimeout(done, ms));
  let times = [], on = false, smallest = camera.ratio, began = 0;
  const draws = [];
  window.tkgLitmap.renderer.on("beforeRender", () => { began = performance.now(); });
  window.tkgLitmap.renderer.on("afterRender", () => {
    if (on) draws.push(performance.now() - began);
  });
  const tick = () => {
    if (!on) return;
    times.push(performance.now());  // when the frame's callbacks run (two may share a timestamp)
    smallest = Math.min(smallest, camera.ratio);
    requestAnimationFrame(tick);
  };
  const start = () => { times = []; on = true; requestAnimationFrame(tick); };
  const stop = () => { on = false; return times.slice(1).map((x, i) => x - times[i]); };
  const at = (x, y) => ({clientX: x, clientY: y, button: 0, buttons: 1, bubbles: true,
                         cancelable: true});
  start();
  for (let i = 0; i < 16; i++) {
    const inwards = i % 8 < 4;
    target.dispatchEvent(new WheelEvent("wheel", {...at(cx, cy), deltaY: inwards ? -120 : 120}));
    await sleep(200);
  }
  await sleep(500);
  const zoom = stop();
  await sleep(300);
  start();
  target.dispatchEvent(new MouseEvent("mousedown", at(cx, cy)));
  for (let i = 1; i <= 125; i++) {
    const a = 2 * Math.PI * i / 125;
    document.dispatchEvent(new MouseEvent("mousemove",
      at(cx + 150 * Math.cos(a) - 150, cy + 100 * Math.sin(a))));
    await sleep(16);
  }
  document.dispatchEvent(new MouseEvent("mouseup", at(cx, cy)));
  await sleep(500);
  return {zoom, pan: stop(), smallest, draws};
}"""

_FIRST_FRAME = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
  () => done(performance.now()))))"""


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
    made = 0  # counted here: networkx counts a graph's edges by walking all its nodes
    while made < edges:
        a = int(nodes * rng.random() ** 2)
        b = rng.randrange(nodes)
        if rng.random() < 0.8:  # same cluster
            b = b - b % CLUSTERS + a % CLUSTERS
            b = b if b < nodes else a % CLUSTERS
        if a != b and not g.has_edge(f"w{a}", f"w{b}"):
            g.add_edge(f"w{a}", f"w{b}", weight=1 + int(5 * rng.random() ** 3))
            made += 1
    nx.set_node_attributes(g, dict(g.degree(weight="weight")), "strength")
    nx.set_node_attributes(g, dict(g.degree()), "degree")
    return g


def _spread(gaps: list[float]) -> dict[str, float]:
    ordered = sorted(gaps)
    if not ordered:
        return {"frames": 0, "median_ms": math.nan, "p95_ms": math.nan}
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "frames": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
    }


def _gestures(page: Any) -> dict[str, Any]:
    """Zoom with the wheel, then pan by dragging; the frame times of each."""
    box = page.locator("#litmap-canvas").bounding_box()
    centre = {"cx": box["x"] + box["width"] / 2, "cy": box["y"] + box["height"] / 2}
    got = page.evaluate(_GESTURES, centre)
    return {
        "zoom": _spread(got["zoom"]),
        "pan": _spread(got["pan"]),
        "sigma_render": _spread(got["draws"]),
        "ratio": got["smallest"],
    }


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.tkgLitmap !== undefined", timeout=300_000)
    return page, errors


def measure(sizes: tuple[tuple[int, int], ...] = SIZES) -> dict[str, Any]:
    """Every size, the viewer before and after, in one browser; the figures."""
    from playwright.sync_api import sync_playwright

    after_js = (static_dir() / "litmap.js").read_text(encoding="utf-8")
    before_js = subprocess.run(
        ["git", "show", f"{BEFORE}:api/static/litmap.js"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = {}
    large_layout(synthetic_map(20, 40))  # igraph's import, not timed
    for edges, nodes in sizes:
        g = synthetic_map(nodes, edges)
        started = time.perf_counter()
        looks = large_layout(g)
        layout_s = time.perf_counter() - started
        started = time.perf_counter()
        after = to_html(g, title=f"{nodes} works, {edges} links", looks=looks)
        write_s = time.perf_counter() - started
        inlined = after_js.replace("</script", "<\\/script").encode()
        assert inlined in after
        for variant, script in (("before", before_js), ("after", after_js)):
            text = after.replace(inlined, script.replace("</script", "<\\/script").encode())
            pages[edges, nodes, variant] = (
                text.replace(b"</head>", _HIDE_PANEL, 1),
                {"layout_s": round(layout_s, 2), "write_s": round(write_s, 2)},
            )
    runs, renderers = [], {}
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        for renderer, flags in RENDERERS.items():
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", *flags]
            )
            probe = browser.new_page()
            renderers[renderer] = webgl = probe.evaluate(_WEBGL)
            probe.close()
            if not webgl:
                browser.close()
                continue
            for (edges, nodes, variant), (text, server) in pages.items():
                path = Path(folder) / f"{variant}-{edges}.html"
                path.write_bytes(text)
                page, errors = _open(browser, path)
                first = page.evaluate(_FIRST_FRAME)
                figures = _gestures(page)
                page.close()
                loads.append(os.getloadavg()[0])
                runs.append(
                    {
                        "renderer": renderer,
                        "edges": edges,
                        "nodes": nodes,
                        "viewer": variant,
                        "page_mib": round(len(text) / 2**20, 2),
                        **server,
                        "first_frame_ms": round(first),
                        "zoomed_to_ratio": round(figures.pop("ratio"), 3),
                        **{f"{k}_{m}": v for k, f in figures.items() for m, v in f.items()},
                        "errors": errors,
                    }
                )
                print(json.dumps(runs[-1]), flush=True)
            browser.close()
    return {
        "renderers": renderers,
        "before": BEFORE,
        "chromium": subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load": [round(x, 1) for x in loads],
        "runs": runs,
    }


def _markdown(r: dict[str, Any]) -> str:
    lines = [
        "# Literature-map viewer: frame times (sigma.js 3, graphology 0.26)",
        "",
        f"{r['chromium']}, headless, 1280x900 window; {r['machine']} shared with other work "
        f"(load average {min(r['load'])}-{max(r['load'])} while measuring). No GPU: every "
        "renderer below is software (SwiftShader).",
        "",
        f"`before`: the viewer at {r['before']}; `after`: as it is now (from 2,000 links: "
        "edges and labels hidden while the camera moves, fewer labels, nodes as GL points; "
        "reducers that copy nothing). Same maps, same positions, same canvas, one run. Frame "
        "time: ms between animation frames while the mouse wheel zooms (sixteen steps) and "
        "while a drag pans (two seconds); median / 95th percentile. `sigma` is the time of "
        "sigma's own render call (JavaScript on the main thread), the rest of a frame is "
        "drawing and compositing.",
        "",
    ]
    for renderer, webgl in r["renderers"].items():
        lines += [f"## {renderer}", "", f"WebGL: `{webgl}`" if webgl else "no WebGL", ""]
        runs = [x for x in r["runs"] if x["renderer"] == renderer]
        if not runs:
            continue
        lines += [
            "| links | works | viewer | layout s (server) | first frame ms "
            "| zoom ms median / p95 | pan ms median / p95 | sigma ms median / p95 | frames |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {x['edges']:,} | {x['nodes']:,} | {x['viewer']} | {x['layout_s']} "
            f"| {x['first_frame_ms']:,} "
            f"| {x['zoom_median_ms']} / {x['zoom_p95_ms']} "
            f"| {x['pan_median_ms']} / {x['pan_p95_ms']} "
            f"| {x['sigma_render_median_ms']} / {x['sigma_render_p95_ms']} "
            f"| {x['zoom_frames'] + x['pan_frames']} |"
            for x in runs
        ]
        lines.append("")
    return "\n".join(lines)


def main() -> dict[str, Any]:
    """Run once and write ``bench/results/litmap-viewer.json`` and ``.md``."""
    result = measure()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "litmap-viewer.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "litmap-viewer.md").write_text(_markdown(result))
    return result


if __name__ == "__main__":
    main()
