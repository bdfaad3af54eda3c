// The literature-map viewer: sigma.js (WebGL) over a graphology graph, built from the JSON
// in <script id="litmap-data"> (kg.litmap.html.viewer_data). Positions come with the data
// (the project's seeded layout), so nothing is laid out here. Zoom and pan are sigma's; its
// label grid keeps labels from overlapping. Controls: find a label, colour by cluster or
// year (with a legend that names what the colours mean), a year range, a minimum weight.
// A click opens the node in the side panel: the work, its page, and (when the page came from
// the app: data-citations on #litmap) the sentences that cite it, linked into the reader.
// The same file serves the app's /litmaps pages and is inlined into exported HTML files.
(function () {
  "use strict";
  const root = document.getElementById("litmap");
  const data = JSON.parse(document.getElementById("litmap-data").textContent);
  const urls = {
    citations: root.dataset.citations || "",
    works: root.dataset.works || "",
    documents: root.dataset.documents || "",
  };
  const YEAR_STOPS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];  // viridis
  const DIM = "#e4e7eb";

  const make = (tag, attrs, parent, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  };
  const labelled = (parent, text, control) => {
    const label = make("label", {}, parent, text + " ");
    label.appendChild(control);
    return control;
  };

  // the controls, the canvas, the legend and the panel
  const bar = make("div", {class: "litmap-controls"}, root);
  const find = labelled(bar, "find", make("input", {id: "find", type: "search", placeholder: "label"}));
  const colourBy = labelled(bar, "colour by", make("select", {id: "colour-by"}));
  make("option", {value: "cluster"}, colourBy, "cluster");
  if (data.years) make("option", {value: "year"}, colourBy, "year");
  const [y0, y1] = data.years || [0, 0];
  const yearFrom = make("input", {id: "year-from", type: "range", min: y0, max: y1, value: y0});
  const yearTo = make("input", {id: "year-to", type: "range", min: y0, max: y1, value: y1});
  const yearsShown = make("output", {id: "years-shown"});
  if (data.years) {
    labelled(bar, "from", yearFrom);
    labelled(bar, "to", yearTo);
    bar.appendChild(yearsShown);
  }
  const topWeight = Math.max(1, ...data.edges.map(e => e.weight));
  const weight = labelled(bar, "min. weight",
    make("input", {id: "weight", type: "range", min: 1, max: topWeight, value: 1}));
  const weightShown = make("output", {id: "weight-value"}, bar, "1");
  const counts = make("span", {id: "counts", "aria-live": "polite"}, bar);
  const stage = make("div", {class: "litmap-stage"}, root);
  const canvas = make("div", {id: "litmap-canvas", role: "img",
    "aria-label": `${root.dataset.title || "literature map"}: ${data.nodes.length} nodes`}, stage);
  const panel = make("aside", {id: "info", "aria-live": "polite", "aria-label": "selected node"}, stage);
  const legend = make("div", {id: "legend", class: "litmap-legend"}, root);

  // the graph
  const graph = new graphology.Graph({type: data.directed ? "directed" : "undirected"});
  for (const n of data.nodes) {
    graph.addNode(n.id, {x: n.x, y: n.y, size: n.size, label: n.label, color: n.color,
      cluster: n.color, year: n.year, community: n.community});
  }
  for (const e of data.edges) {
    graph.mergeEdge(e.source, e.target, {weight: e.weight, color: "#c3cad3"});
  }
  const byId = new Map(data.nodes.map(n => [n.id, n]));

  function yearColour(year) {
    if (!year || y1 === y0) return "#9aa5b1";
    const t = (year - y0) / (y1 - y0) * (YEAR_STOPS.length - 1);
    return YEAR_STOPS[Math.min(YEAR_STOPS.length - 1, Math.round(t))];
  }

  const state = {query: "", from: y0, to: y1, min: 1, selected: null, cluster: null,
    mode: "cluster", hovered: null};
  const fullRange = () => state.from === y0 && state.to === y1;
  // nothing picked out, filtered or recoloured: the reducers hand sigma its attributes as they are
  const plain = () => !state.query && state.min === 1 && state.selected === null &&
    state.cluster === null && state.mode === "cluster" && fullRange();
  function visible(id) {
    const year = graph.getNodeAttribute(id, "year");
    if (!data.years || fullRange()) return true;
    return Boolean(year) && year >= state.from && year <= state.to;
  }
  function highlighted(id, attrs) {
    if (state.selected) {
      return id === state.selected || graph.areNeighbors(id, state.selected);
    }
    if (state.cluster !== null && attrs.community !== state.cluster) return false;
    return !state.query || attrs.label.toLowerCase().includes(state.query);
  }

  // Sizes from bench/litmap_viewer.py (frame times in bench/results/litmap-viewer.md): past
  // BIG links, edges and labels are left out while the camera moves (they come back when it
  // stops), labels are fewer and only on larger nodes, and nodes are drawn as WebGL points
  // rather than shaded discs. Edges are always sigma's "line" program (GL lines, one pixel),
  // not rectangles. The reducers run when the map is refreshed, never per frame; sigma hands
  // them a copy of the attributes, which they change in place (no object per node or edge).
  const BIG = 2000;
  const big = data.edges.length > BIG || data.nodes.length > BIG;

  // Labels that avoid each other. Sigma's label grid only thins labels out (so many a cell),
  // and the labels it forces (a selected node's neighbours) and the selected node's white box
  // (drawn over them on the hover layer) fell on one another. Each frame the selected node's
  // box is placed first; then each label takes the first side of its node (right, left, above,
  // below) where it meets no label placed before it and stays inside the canvas, or is left
  // out (hovering its node shows it). What was drawn is kept in `placed`, for the tests.
  const LABEL = {size: 14, font: "Arial", weight: "normal", gap: 2};
  let placed = [];
  const shown = {hover: null};  // the last hover box drawn, for the tests
  const meets = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  function measure(context, text) {
    context.font = `${LABEL.weight} ${LABEL.size}px ${LABEL.font}`;
    return context.measureText(text).width;
  }
  // The white box round a node and its label, drawn on the hover layer over the labels: for
  // the selected node and the one under the pointer. `side` says where its label goes: 0
  // right (as sigma's drawDiscNodeHover draws it), 1 left, 2 above, 3 below.
  function hoverBox(context, d, side) {
    const radius = Math.max(d.size, LABEL.size / 2) + 2, half = Math.max(radius, LABEL.size / 2 + 2);
    const width = Math.round(measure(context, d.label) + 5), h = LABEL.size + 4;
    const box = [
      {x: d.x - radius, y: d.y - half, w: 2 * radius + width, h: 2 * half},
      {x: d.x - radius - width, y: d.y - half, w: 2 * radius + width, h: 2 * half},
      {x: Math.min(d.x - radius, d.x - width / 2), y: d.y - radius - h,
        w: Math.max(2 * radius, width), h: 2 * radius + h},
      {x: Math.min(d.x - radius, d.x - width / 2), y: d.y - radius,
        w: Math.max(2 * radius, width), h: 2 * radius + h},
    ][side || 0];
    return Object.assign(box, {key: d.key, side: side || 0, box: true});
  }
  // the box of a node under the pointer: on the first side (its label's own first) where it
  // covers no label drawn and stays in the canvas; else null (the labels then make room)
  function clearSide(context, d) {
    const W = canvas.clientWidth, H = canvas.clientHeight;
    const own = placed.find(q => q.key === d.key && !q.box);
    const order = own && own.x + own.w <= d.x ? [1, 0, 2, 3] : [0, 1, 2, 3];
    for (const side of order) {
      const b = hoverBox(context, d, side);
      if (b.x >= 0 && b.x + b.w <= W && b.y >= 0 && b.y + b.h <= H &&
          !placed.some(q => q.key !== d.key && meets(b, q))) return b;
    }
    return null;
  }
  function drawHover(context, d, settings) {
    let b = placed.find(q => q.key === d.key && q.box);
    if (!b) {
      b = clearSide(context, d);
      if (!b) {  // nowhere clear: the next frame keeps room for it, as for the selected node
        state.hovered = d.key;
        b = hoverBox(context, d, 0);
        requestAnimationFrame(() => renderer.refresh({skipIndexation: true}));
      }
    }
    shown.hover = b;
    const radius = Math.max(d.size, LABEL.size / 2) + 2;
    context.fillStyle = "#fff";
    context.shadowOffsetX = 0;
    context.shadowOffsetY = 0;
    context.shadowBlur = 8;
    context.shadowColor = "#000";
    context.beginPath();  // one path, the disc and the label's band: one shadow
    context.arc(d.x, d.y, radius, 0, Math.PI * 2);
    const band = LABEL.size + 4;
    const width = Math.round(measure(context, d.label || "") + 5);
    const at = [
      [d.x, d.y - band / 2, radius + width, band],
      [d.x - radius - width, d.y - band / 2, radius + width, band],
      [d.x - width / 2, d.y - radius - band, width, band],
      [d.x - width / 2, d.y + radius, width, band],
    ][b.side];
    if (d.label) context.rect(...at);
    context.fill();
    context.shadowBlur = 0;
    if (!d.label) return;
    const text = [
      [d.x + radius + 1, d.y],
      [d.x - radius - width + 2, d.y],
      [d.x - width / 2 + 2, d.y - radius - band / 2],
      [d.x - width / 2 + 2, d.y + radius + band / 2],
    ][b.side];
    context.fillStyle = settings.labelColor.color || "#000";
    context.fillText(d.label, text[0], text[1] + LABEL.size / 3);
  }
  function sides(d, width) {
    const h = LABEL.size + 2 * LABEL.gap, up = LABEL.size * 0.45 + LABEL.gap;
    return [
      {x: d.x + d.size + 3 - LABEL.gap, y: d.y - up, tx: d.x + d.size + 3},
      {x: d.x - d.size - 3 - width - LABEL.gap, y: d.y - up, tx: d.x - d.size - 3 - width},
      {x: d.x - width / 2 - LABEL.gap, y: d.y - d.size - 2 - h, tx: d.x - width / 2},
      {x: d.x - width / 2 - LABEL.gap, y: d.y + d.size + 2, tx: d.x - width / 2},
    ].map(r => Object.assign(r, {w: width + 2 * LABEL.gap, h}));
  }
  // the selected node's box is placed with the frame's first label: at "beforeRender" sigma
  // has not yet taken the camera's new position (its box would lag one frame behind)
  let boxPending = false;
  function startFrame() {
    placed = [];
    boxPending = true;
  }
  function placeBox() {
    boxPending = false;
    const context = renderer.getCanvases().labels.getContext("2d");
    for (const key of [state.selected, state.hovered]) {
      if (!key || !graph.hasNode(key) || placed.some(q => q.key === key)) continue;
      const data = renderer.getNodeDisplayData(key);
      if (!data || data.hidden) continue;
      const at = renderer.framedGraphToViewport(data);
      placed.push(hoverBox(context, {key, label: data.label || "",
        size: renderer.scaleSize(data.size), x: at.x, y: at.y}, 0));
    }
  }
  function drawLabel(context, d, settings) {
    if (boxPending) placeBox();
    if (!d.label || d.key === state.selected) return;  // the selected one: its box, on top
    const width = measure(context, d.label);
    const W = canvas.clientWidth, H = canvas.clientHeight;  // (sigma's first frame is drawn
    // before `renderer` is assigned)
    const spot = sides(d, width).find(r => r.x >= 0 && r.x + r.w <= W && r.y >= 0 &&
      r.y + r.h <= H && !placed.some(q => meets(r, q)));
    if (!spot) return;
    placed.push({key: d.key, x: spot.x, y: spot.y, w: spot.w, h: spot.h});
    context.fillStyle = settings.labelColor.color || "#000";
    context.fillText(d.label, spot.tx, spot.y + LABEL.gap + LABEL.size * 0.78);
  }

  const renderer = new Sigma(graph, canvas, {
    labelSize: LABEL.size,
    labelFont: LABEL.font,
    labelWeight: LABEL.weight,
    defaultDrawNodeLabel: drawLabel,
    defaultDrawNodeHover: drawHover,
    defaultEdgeType: "line",
    nodeProgramClasses: big ? {circle: Sigma.rendering.NodePointProgram} : {},
    labelDensity: big ? 0.1 : 0.5,
    labelGridCellSize: big ? 160 : 120,
    labelRenderedSizeThreshold: big ? 9 : 6,
    stagePadding: 48,  // room for the labels of the outermost nodes
    zIndex: true,
    hideEdgesOnMove: big,
    hideLabelsOnMove: big,
    nodeReducer(id, attrs) {
      if (plain()) return attrs;
      if (!visible(id)) { attrs.hidden = true; return attrs; }
      if (state.mode === "year") attrs.color = yearColour(attrs.year);
      if (!highlighted(id, attrs)) {
        attrs.color = DIM;
        attrs.label = "";
        attrs.zIndex = 0;
      } else {
        attrs.zIndex = 1;
        if (state.selected || state.query) attrs.forceLabel = true;
      }
      if (id === state.selected) attrs.highlighted = true;
      return attrs;
    },
    edgeReducer(edge, attrs) {
      if (plain()) return attrs;
      const a = graph.source(edge), b = graph.target(edge);
      if (attrs.weight < state.min || !visible(a) || !visible(b)) {
        attrs.hidden = true;
      } else if (state.selected && a !== state.selected && b !== state.selected) {
        attrs.color = "#eef0f3";
      }
      return attrs;
    },
  });

  function count() {
    let nodes = 0, edges = 0;
    graph.forEachNode(id => { nodes += visible(id) ? 1 : 0; });
    graph.forEachEdge((edge, attrs, a, b) => {
      edges += attrs.weight >= state.min && visible(a) && visible(b) ? 1 : 0;
    });
    counts.textContent = `${nodes} of ${graph.order} nodes, ${edges} of ${graph.size} links`;
    yearsShown.textContent = `${state.from}–${state.to}`;
    weightShown.textContent = String(state.min);
  }
  function refresh() {
    count();
    renderer.refresh({skipIndexation: true});
  }

  function drawLegend() {
    legend.replaceChildren();
    if (state.mode === "year") {
      make("span", {}, legend, "year: ");
      const list = make("ul", {}, legend);
      YEAR_STOPS.forEach((colour, i) => {
        const year = Math.round(y0 + (y1 - y0) * i / (YEAR_STOPS.length - 1));
        const item = make("li", {}, list);
        make("span", {class: "swatch", style: `background:${colour}`}, item);
        item.append(i === 0 ? `${year} or before` : `around ${year}`);
      });
      const item = make("li", {}, list);
      make("span", {class: "swatch", style: "background:#9aa5b1"}, item);
      item.append("year unknown");
      return;
    }
    make("span", {}, legend, "clusters (click one to pick it out): ");
    const list = make("ul", {}, legend);
    for (const c of data.clusters) {
      const item = make("li", {}, list);
      const button = make("button", {type: "button", "data-cluster": c.id,
        "aria-pressed": String(state.cluster === c.id)}, item);
      make("span", {class: "swatch", style: `background:${c.color}`}, button);
      button.append(`cluster ${c.id} (${c.count})`);
      button.addEventListener("click", () => {
        state.cluster = state.cluster === c.id ? null : c.id;
        state.selected = null;
        drawLegend();
        refresh();
      });
    }
  }

  function row(parent, key, value) {
    if (value === null || value === undefined || value === "") return;
    make("div", {}, parent, `${key}: ${value}`);
  }
  function sentenceHref(doc, sentence) {
    // .../id/sentence/{doc}/{n} is the reader's #s-{n} in /documents/{doc}
    const m = /\/sentence\/([^/]+)\/(\d+)$/.exec(sentence || "");
    const d = (doc || "").split("/").pop();
    if (!urls.documents || !d) return null;
    return `${urls.documents}${encodeURIComponent(d)}` + (m ? `#s-${m[2]}` : "");
  }
  async function citing(node, list) {
    const params = new URLSearchParams({work: node.iri});
    const response = await fetch(`${urls.citations}?${params}`,
      {headers: {Accept: "application/sparql-results+json"}});
    if (!response.ok) throw new Error(`${response.status}`);
    const rows = (await response.json()).results.bindings;
    list.replaceChildren();
    if (!rows.length) make("li", {}, list, "no sentence in the graph cites it");
    for (const r of rows) {
      const item = make("li", {class: "citing"}, list);
      const text = (r.context || r.text || {value: ""}).value;
      const href = sentenceHref(r.doc && r.doc.value, r.sentence && r.sentence.value);
      const quote = make(href ? "a" : "span", href ? {href} : {}, item, text);
      quote.classList.add("sentence");
      const where = [r.docTitle && r.docTitle.value, r.page && `p. ${r.page.value}`];
      make("div", {class: "where"}, item, where.filter(Boolean).join(", "));
    }
    make("p", {class: "citing-count"}, list.parentNode, `${rows.length} citing sentence(s)`);
  }
  function hint() {
    make("p", {class: "hint"}, panel,
      "Click a node: the work, its page and the sentences that cite it show here. " +
      "Drag to pan, scroll to zoom.");
  }
  // a work picked near the canvas's edge is brought in, so that its label is not cut off
  function keepInView(id) {
    const {width, height} = renderer.getDimensions();
    const at = renderer.graphToViewport(graph.getNodeAttributes(id));
    if (at.x > 40 && at.x < width - 160 && at.y > 30 && at.y < height - 30) return;
    const shown = renderer.getNodeDisplayData(id);
    if (shown) renderer.getCamera().animate({x: shown.x, y: shown.y}, {duration: 300});
  }
  function select(id) {
    state.selected = id === state.selected ? null : id;
    panel.replaceChildren();
    if (!state.selected) { hint(); refresh(); return; }
    const n = byId.get(id);
    keepInView(id);
    make("h2", {}, panel, n.label);
    if (n.title) make("p", {class: "work-title"}, panel, n.title);
    row(panel, "year", n.year ?? "unknown");
    row(panel, "type", n.type);
    row(panel, "cluster", n.community);
    row(panel, "cited", n.citations);
    row(panel, "links", n.degree);
    if (n.work && urls.works) {
      make("a", {class: "work-link", href: `${urls.works}${encodeURIComponent(n.work)}`}, panel,
        "Open the work's page");
    } else if (n.iri) {
      make("a", {class: "work-link", href: n.iri}, panel, "The work in the graph");
    }
    if (n.iri && urls.citations) {
      make("h3", {}, panel, "Sentences that cite it");
      const list = make("ol", {id: "citing"}, panel);
      make("li", {}, list, "loading…");
      citing(n, list).catch(err => { list.replaceChildren(); make("li", {}, list, `not loaded (${err.message})`); });
    }
    refresh();
  }

  renderer.on("beforeRender", startFrame);
  renderer.on("clickNode", ({node}) => select(node));
  renderer.on("leaveNode", () => {
    shown.hover = null;
    if (state.hovered === null) return;
    state.hovered = null;  // the labels it made room for come back
    renderer.refresh({skipIndexation: true});
  });
  renderer.on("clickStage", () => { if (state.selected) select(state.selected); });
  find.addEventListener("input", () => {
    state.query = find.value.trim().toLowerCase();
    refresh();
  });
  colourBy.addEventListener("change", () => {
    state.mode = colourBy.value;
    drawLegend();
    refresh();
  });
  for (const slider of [yearFrom, yearTo]) {
    slider.addEventListener("input", () => {
      state.from = Math.min(Number(yearFrom.value), Number(yearTo.value));
      state.to = Math.max(Number(yearFrom.value), Number(yearTo.value));
      refresh();
    });
  }
  weight.addEventListener("input", () => {
    state.min = Number(weight.value);
    refresh();
  });
  // Large maps come unlaid (data.layout "browser": each cluster a cloud): ForceAtlas2
  // (graphology-layout-forceatlas2, Barnes-Hut) runs in a worker, the map redrawn as it goes.
  const layout = {iterations: 0, done: data.layout !== "browser"};
  const status = make("span", {id: "layout-status", "aria-live": "polite"}, bar);
  function runLayout(url, rounds) {
    const PPN = 10, PPE = 3, index = new Map();
    const nodes = new Float32Array(graph.order * PPN), edges = new Float32Array(graph.size * PPE);
    let j = 0;
    graph.forEachNode((id, a) => {
      index.set(id, j);
      nodes.set([a.x, a.y, 0, 0, 0, 0, 1, 1, a.size || 1, 0], j);
      j += PPN;
    });
    j = 0;
    graph.forEachEdge((edge, a, s, t) => {
      const w = a.weight || 1;
      nodes[index.get(s) + 6] += w;
      nodes[index.get(t) + 6] += w;
      edges.set([index.get(s), index.get(t), w], j);
      j += PPE;
    });
    const settings = {linLogMode: false, outboundAttractionDistribution: false,
      adjustSizes: false, edgeWeightInfluence: 1, scalingRatio: 10, strongGravityMode: true,
      gravity: 0.05, slowDown: 1 + Math.log(graph.order), barnesHutOptimize: graph.order > 2000,
      barnesHutTheta: 0.5};
    const worker = new Worker(url);
    status.textContent = "laying out…";
    // the worker goes on as soon as it answers; the map takes the latest positions once a
    // frame, so that drawing never holds the layout back
    let latest = null, scheduled = false;
    function draw() {
      scheduled = false;
      let i = 0;
      graph.updateEachNodeAttributes((id, a) => {
        a.x = latest[i]; a.y = latest[i + 1];
        i += PPN;
        return a;
      }, {attributes: ["x", "y"]});
    }
    worker.addEventListener("message", event => {
      const moved = new Float32Array(event.data.nodes);
      latest = moved.slice();
      layout.iterations += 1;
      if (layout.iterations >= rounds) {
        worker.terminate();
        draw();
        layout.done = true;
        status.textContent = `laid out (ForceAtlas2, ${rounds} iterations)`;
        return;
      }
      worker.postMessage({settings, nodes: moved.buffer}, [moved.buffer]);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(draw);
      }
    });
    worker.postMessage({settings, nodes: nodes.buffer, edges: edges.buffer},
      [nodes.buffer, edges.buffer]);
  }
  if (!layout.done && root.dataset.layoutWorker && window.Worker) {
    runLayout(root.dataset.layoutWorker, Number(root.dataset.layoutRounds || 150));
  } else if (!layout.done) {
    layout.done = true;
    status.textContent = "placed by cluster (no layout worker in a file opened from disk)";
  }

  hint();
  drawLegend();
  count();
  // for tests and benchmarks: the graph, the renderer, the selection and the layout's progress
  window.tkgLitmap = {graph, renderer, select, layout, labels: () => placed.slice(),
    hover: () => shown.hover};
})();
