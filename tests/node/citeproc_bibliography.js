// The reference list citeproc-js formats:
//   node citeproc_bibliography.js STYLE.csl LOCALES_DIR ITEMS.json
// prints {ids, entries}: the entries (plain text) in the order the style sorts them, and the
// item id of each. The locale is
// the style's default-locale (else en-US), read from LOCALES_DIR/locales-LANG.xml, the files
// citeproc-py reads, so that both engines format with the same style and locale files.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [styleFile, localesDir, itemsFile] = process.argv.slice(2);
const items = JSON.parse(fs.readFileSync(itemsFile, "utf8"));
const byId = Object.fromEntries(items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(localesDir, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem: (id) => byId[id],
};
const engine = new CSL.Engine(sys, fs.readFileSync(styleFile, "utf8"));
engine.setOutputFormat("text");
engine.updateItems(Object.keys(byId));
const [meta, entries] = engine.makeBibliography();
process.stdout.write(
  JSON.stringify({
    ids: meta.entry_ids.map((ids) => String(ids[0])),
    entries: entries.map((e) => e.replace(/\s+/g, " ").trim()),
  }),
);
