// What graphology makes of a GEXF file: `node gexf_graphology.js FILE` parses it with
// graphology-gexf and prints the graph's attributes, and each node's and edge's attributes
// under the names graphology (and Gephi Lite, which reads GEXF through it) shows.
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(
  JSON.stringify({
    type: graph.type,
    attributes: graph.getAttributes(),
    nodes: graph.mapNodes((key, attributes) => ({ key, ...attributes })),
    edges: graph.mapEdges((key, attributes, source, target) => ({ source, target, ...attributes })),
  }),
);
