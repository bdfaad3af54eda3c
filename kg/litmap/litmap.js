// The interactive literature map: draws the embedded nodes and edges as SVG.
// Our own small script (no library): hover for details, click for neighbours,
// search labels, hide edges under a weight.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("data").textContent);
  const svg = document.getElementById("map");
  const info = document.getElementById("info");
  const W = 1000, H = 700, PAD = 60;
  const xs = data.nodes.map(n => n.x), ys = data.nodes.map(n => n.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = x => PAD + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * (W - 2 * PAD - 120);
  const sy = y => PAD + (y1 > y0 ? (y1 - y) / (y1 - y0) : 0.5) * (H - 2 * PAD);
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const el = (name, attrs, parent) => {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    (parent || svg).appendChild(e);
    return e;
  };
  const byId = new Map(data.nodes.map(n => [n.id, n]));
  const neighbours = new Map(data.nodes.map(n => [n.id, new Set()]));
  const top = Math.max(1, ...data.edges.map(e => e.weight));
  const edgeLayer = el("g", {}), nodeLayer = el("g", {});
  for (const e of data.edges) {
    neighbours.get(e.source).add(e.target);
    neighbours.get(e.target).add(e.source);
    const a = byId.get(e.source), b = byId.get(e.target);
    e.line = el("line", {x1: sx(a.x), y1: sy(a.y), x2: sx(b.x), y2: sy(b.y), stroke: "#9aa5b1",
      "stroke-opacity": 0.5, "stroke-width": 0.6 + 3 * e.weight / top, class: "edge"}, edgeLayer);
  }
  for (const n of data.nodes) {
    n.group = el("g", {class: "node", "data-id": n.id, tabindex: 0}, nodeLayer);
    el("circle", {cx: sx(n.x), cy: sy(n.y), r: n.size / 2.5, fill: n.color, stroke: "#fff"}, n.group);
    const t = el("text", {x: sx(n.x) + n.size / 2.5 + 3, y: sy(n.y) + 4, class: "label",
      "font-size": 11 + 4 * Math.sqrt((n.strength || 1) / top / 2)}, n.group);
    t.textContent = n.label;
    n.group.addEventListener("mouseenter", () => show(n));
    n.group.addEventListener("click", () => focus(n));
  }
  function show(n) {
    const rows = [["year", n.year ?? "unknown"], ["type", n.type], ["community", n.community],
      ["links", n.degree], ["total link strength", n.strength], ["PageRank", n.pagerank]];
    info.replaceChildren();
    const h = document.createElement("strong");
    h.textContent = n.label;
    info.appendChild(h);
    if (n.title) { const p = document.createElement("div"); p.textContent = n.title; info.appendChild(p); }
    for (const [k, v] of rows) {
      const d = document.createElement("div");
      d.textContent = `${k}: ${v}`;
      info.appendChild(d);
    }
  }
  let focused = null;
  function focus(n) {
    focused = focused === n ? null : n;
    for (const m of data.nodes) {
      const near = !focused || m === focused || neighbours.get(focused.id).has(m.id);
      m.group.classList.toggle("dim", !near);
    }
    for (const e of data.edges) {
      const near = !focused || e.source === focused.id || e.target === focused.id;
      e.line.classList.toggle("dim", !near);
    }
    show(n);
  }
  const counts = document.getElementById("counts");
  function filter() {
    const min = Number(document.getElementById("weight").value);
    document.getElementById("weight-value").textContent = min;
    let shown = 0;
    for (const e of data.edges) {
      const on = e.weight >= min;
      e.line.style.display = on ? "" : "none";
      shown += on ? 1 : 0;
    }
    counts.textContent = `${data.nodes.length} nodes, ${shown} of ${data.edges.length} links`;
  }
  document.getElementById("weight").addEventListener("input", filter);
  document.getElementById("find").addEventListener("input", ev => {
    const q = ev.target.value.trim().toLowerCase();
    for (const n of data.nodes) {
      n.group.classList.toggle("dim", q !== "" && !n.label.toLowerCase().includes(q));
    }
  });
  filter();
})();
