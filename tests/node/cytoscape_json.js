// What Cytoscape.js makes of a file: `node cytoscape_json.js FILE` loads it with cy.json(...)
// in a headless instance and prints cy.json(): the data and elements it kept.
"use strict";
const fs = require("fs");
const cytoscape = require("cytoscape");

const exported = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, styleEnabled: false });
cy.json(exported);
const json = cy.json();
process.stdout.write(
  JSON.stringify({
    data: json.data,
    nodes: (json.elements.nodes || []).map((n) => n.data),
    edges: (json.elements.edges || []).map((e) => e.data),
  }),
);
