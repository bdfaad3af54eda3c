// The reference list citeproc-js formats: `node citeproc_bibliography.js STYLE.csl LOCALE.xml ITEMS.json`
// prints a JSON list of entries (plain text), in the order the style sorts them.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const [styleFile, localeFile, itemsFile] = process.argv.slice(2);
const items = JSON.parse(fs.readFileSync(itemsFile, "utf8"));
const byId = Object.fromEntries(items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale: () => fs.readFileSync(localeFile, "utf8"),
  retrieveItem: (id) => byId[id],
};
const engine = new CSL.Engine(sys, fs.readFileSync(styleFile, "utf8"), "en-US", true);
engine.setOutputFormat("text");
engine.updateItems(Object.keys(byId));
const [, entries] = engine.makeBibliography();
process.stdout.write(JSON.stringify(entries.map((e) => e.replace(/\s+/g, " ").trim())));
