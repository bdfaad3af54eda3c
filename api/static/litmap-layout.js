// The literature map's layout worker: ForceAtlas2 from graphology-layout-forceatlas2, whose
// worker body (vendor/forceatlas2/webworker.js) is a CommonJS function; this file gives it
// the `module` it assigns to and runs it. litmap.js sends the node and edge matrices and
// receives the nodes moved, one message per iteration.
var module = {exports: null};
importScripts("vendor/forceatlas2/webworker.js");
module.exports();
