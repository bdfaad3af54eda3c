// The SPARQL editor of /sparql: YASGUI (served from /static/vendor/yasgui/ by `make
// web-assets`) set up from the page's JSON block #sparql-editor-config: this server's endpoint,
// the project's prefixes, the named queries as examples. Nothing is fetched from another host:
// the class and property autocompleters (which ask lov.linkeddata.es) are off, and the prefix
// autocompleter offers the project's prefixes. Without YASGUI the plain form stays.
(function () {
  "use strict";

  // What YASGUI leaves unnamed or misplaced, amended after it draws (and again as it adds tabs
  // and results), without editing its files: the editor's textarea (CodeMirror's), the
  // endpoint's input and the results table's page size get a label; the "+" that adds a
  // tab sits in the tab list, where only tabs may be (ARIA), and YASGUI's arrow keys walk it
  // with the tabs: it is made a tab that is never selected.
  function amend(host) {
    host.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "SPARQL query");
    });
    host.querySelectorAll("input.autocomplete:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "SPARQL endpoint");
    });
    host.querySelectorAll("select.tableSizer:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Page size");
    });
    host.querySelectorAll('[role="tablist"] button.addTab:not([role])').forEach(function (el) {
      el.setAttribute("role", "tab");
      el.setAttribute("aria-selected", "false");
    });
  }

  function start() {
    var configElement = document.getElementById("sparql-editor-config");
    var host = document.getElementById("sparql-editor");
    var Yasgui = window.Yasgui;
    if (!configElement || !host || typeof Yasgui !== "function") {
      return; // the plain form works on its own
    }
    var config = JSON.parse(configElement.textContent);
    // the endpoint's path on the host that served this page (TKG_BASE_URL may name another
    // host, such as the public one, which this page may not query: connect-src 'self')
    var endpoint = new URL(new URL(config.endpoint).pathname, window.location.href).href;
    var prefixes = Object.keys(config.prefixes)
      .sort()
      .map(function (name) {
        return name + ": <" + config.prefixes[name] + ">";
      });
    Yasgui.Yasqe.forkAutocompleter("prefixes", {
      name: "project-prefixes",
      persistenceId: null,
      get: function () {
        return Promise.resolve(prefixes);
      },
    });
    var completers = ["project-prefixes", "variables"];
    Yasgui.Yasqe.defaults.autocompleters = completers;

    var yasgui = new Yasgui(host, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: {
        getData: function () {
          return [{ endpoint: endpoint }];
        },
        keys: [],
      },
      copyEndpointOnNewTab: true,
      populateFromUrl: false,
      persistenceId: "tkg-sparql",
      tabName: "Query",
      yasqe: { value: config.example, autocompleters: completers },
      yasr: { defaultPlugin: "table" },
    });

    amend(host);
    new MutationObserver(function () {
      amend(host);
    }).observe(host, { childList: true, subtree: true });

    // a query opens in a tab of its own, or in the tab that already holds it
    function openQuery(name, text) {
      var tab = yasgui.addTab(
        true,
        { name: name, yasqe: { value: text } },
        { avoidDuplicateTabs: true }
      );
      tab.setEndpoint(endpoint);
      return tab;
    }

    // the named queries, each opened in a tab of its own
    var label = document.createElement("label");
    label.id = "sparql-examples";
    label.textContent = "Named query ";
    var select = document.createElement("select");
    var first = document.createElement("option");
    first.value = "";
    first.textContent = "open one in a new tab…";
    select.appendChild(first);
    config.examples.forEach(function (example, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = example.name + ": " + example.summary;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      var example = config.examples[Number(select.value)];
      if (example) {
        openQuery(example.name, example.query);
      }
      select.value = "";
    });
    label.appendChild(select);
    host.parentNode.insertBefore(label, host);

    // a query that came in the URL (a link, or the plain form) opens in the editor
    if (config.query) {
      var current = yasgui.getTab();
      if (!current || current.getQuery() !== config.query) {
        openQuery("Query", config.query);
      }
    }

    // the plain form is for browsers without the editor; results of the form give way to
    // the editor's as soon as it runs a query
    var form = document.getElementById("sparql-form");
    if (form) {
      form.hidden = true;
    }
    yasgui.on("query", function () {
      var results = document.getElementById("sparql-results");
      if (results) {
        results.hidden = true;
      }
    });
    window.tkgYasgui = yasgui; // the editor, for the page tests and the console
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
