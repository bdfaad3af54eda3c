// The argument explorer of /argmaps/{id}. The outline is nested <details>, which unfold
// without this script; it adds "expand all" and "collapse all", opens the claim a link
// points to (#c-slug) wherever it is folded, and draws the whole map: the SVG of
// {map}/picture is fetched from this server, put in the page and given zoom and pan by
// svg-pan-zoom (served from /static/vendor/ by `make web-assets`), opening on the thesis
// when the whole map would be a thin band (openOnTheThesis). A click on a box follows its
// link, the claim's page. Without the script the picture is a link.
(function () {
  "use strict";

  function outlineControls() {
    var outline = document.querySelector("#outline ul.outline");
    var controls = document.querySelector("#outline .outline-controls");
    if (!outline || !controls) {
      return;
    }
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-outline]");
      if (!button) {
        return;
      }
      var open = button.getAttribute("data-outline") === "expand";
      outline.querySelectorAll("details").forEach(function (details) {
        // collapsing leaves the theses open: the outline starts there
        details.open = open || details.parentElement.getAttribute("data-depth") === "0";
      });
    });
  }

  // Open every folded <details> around the element the address points to, and go to it.
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.closest("#outline")) {
      return;
    }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
    var own = target.querySelector(":scope > details");
    if (own) {
      own.open = true;
    }
    target.scrollIntoView();
  }

  // A map much wider than its frame, fitted whole, is a thin band in an empty frame (the
  // chapter's, on a phone: 60 px of 590), its boxes' words too small to read. It opens with
  // its height filling the frame instead, the thesis (the outline's first claim, else the
  // first box) in the middle; "Fit" still shows the whole. A map that fills half the frame
  // or more opens fitted, as it is.
  function openOnTheThesis(frame, svg, panZoom) {
    var sizes = panZoom.getSizes();
    var fitted = sizes.viewBox.height * sizes.realZoom;
    if (!fitted || fitted >= 0.5 * sizes.height) {
      return;
    }
    var first = document.querySelector("#outline ul.outline > li[id^='c-']");
    var slug = first ? first.id.slice(2) : null;
    var thesis = (slug && svg.querySelector("g.node a[*|href$='/claims/" + slug + "']")) ||
        svg.querySelector("g.node");
    var at = frame.getBoundingClientRect();
    var point = { x: sizes.width / 2, y: sizes.height / 2 };
    if (thesis) {
      var box = thesis.getBoundingClientRect();
      point.x = box.left + box.width / 2 - at.left - frame.clientLeft;
    }
    panZoom.zoomAtPoint(panZoom.getZoom() * 0.95 * sizes.height / fitted, point);
    panZoom.panBy({ x: sizes.width / 2 - point.x, y: 0 });
  }

  function drawMap() {
    var frame = document.getElementById("map-frame");
    var controls = document.querySelector("#map .map-controls");
    if (!frame || typeof window.svgPanZoom !== "function") {
      return; // the link to the picture stays
    }
    // this server's path: the page's base URL may name another (public) host
    var source = new URL(new URL(frame.getAttribute("data-src"), window.location.href).pathname,
                         window.location.href);
    fetch(source.href, { headers: { Accept: "image/svg+xml" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("the map's picture: HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (text) {
        var parsed = new DOMParser().parseFromString(text, "image/svg+xml");
        var svg = parsed.documentElement;
        if (svg.nodeName !== "svg") {
          throw new Error("the map's picture is not SVG");
        }
        svg = document.importNode(svg, true);
        svg.removeAttribute("width");
        svg.removeAttribute("height");
        // not role="img": its boxes are links, which must stay reachable
        svg.setAttribute("aria-label", "The whole argument map; each box links to its claim");
        frame.replaceChildren(svg);
        var panZoom = window.svgPanZoom(svg, {
          zoomEnabled: true,
          panEnabled: true,
          controlIconsEnabled: false,
          dblClickZoomEnabled: false,
          mouseWheelZoomEnabled: true,
          preventMouseEventsDefault: false,
          zoomScaleSensitivity: 0.3,
          minZoom: 0.2,
          maxZoom: 40,
          fit: true,
          center: true,
        });
        window.tkgArgmapPanZoom = panZoom;
        // once svg-pan-zoom has drawn its fit (on the next frame), open on the thesis
        window.requestAnimationFrame(function () {
          window.requestAnimationFrame(function () {
            openOnTheThesis(frame, svg, panZoom);
          });
        });
        // a drag that ends on a box pans; only a click without a drag follows its link
        var pressed = null;
        frame.addEventListener("mousedown", function (event) {
          pressed = [event.clientX, event.clientY];
        }, true);
        frame.addEventListener("click", function (event) {
          if (pressed && Math.abs(event.clientX - pressed[0]) +
              Math.abs(event.clientY - pressed[1]) > 4) {
            event.preventDefault();
            event.stopPropagation();
          }
        }, true);
        if (controls) {
          controls.hidden = false;
          controls.addEventListener("click", function (event) {
            var button = event.target.closest("button[data-zoom]");
            var what = button ? button.getAttribute("data-zoom") : null;
            if (what === "in") {
              panZoom.zoomIn();
            } else if (what === "out") {
              panZoom.zoomOut();
            } else if (what === "reset") {
              panZoom.resetZoom();
              panZoom.fit();
              panZoom.center();
            }
          });
        }
      })
      .catch(function (error) {
        var note = document.createElement("p");
        note.className = "error";
        note.textContent = "The map could not be drawn here (" + error.message + ").";
        frame.prepend(note);
      });
  }

  function start() {
    outlineControls();
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    drawMap();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
