// The API documentation of /docs: Swagger UI (served from /static/vendor/swagger-ui/ by `make
// web-assets`) set up from the page's JSON block #swagger-config. Its operations' summaries are
// buttons, and the path in each was a link inside the button (a deep link, whose click Swagger
// UI cancels anyway): the links are plain text here (DeepLink disabled), while deep linking
// itself stays on (opening an operation puts it in the URL's fragment, which opens it again).
(function () {
  "use strict";

  // DeepLink rendered without its href: an <a> without one is not interactive
  function plainDeepLinks() {
    return {
      wrapComponents: {
        DeepLink: function (Original, system) {
          return function (props) {
            return system.React.createElement(Original, Object.assign({}, props, { enabled: false }));
          };
        },
      },
    };
  }

  // a parameter's list of values (a <select>, which Swagger UI leaves unlabelled) named after
  // the parameter; React keeps an attribute it does not manage
  function labelParameters(root) {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (el) {
      var row = el.closest("tr[data-param-name]");
      el.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
  }

  function start() {
    var configElement = document.getElementById("swagger-config");
    var SwaggerUIBundle = window.SwaggerUIBundle;
    if (!configElement || typeof SwaggerUIBundle !== "function") {
      return; // the page's link to the OpenAPI description stays
    }
    var config = JSON.parse(configElement.textContent);
    window.tkgSwaggerUI = SwaggerUIBundle(
      Object.assign({}, config, {
        dom_id: "#swagger-ui",
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
        plugins: [plainDeepLinks],
      })
    );
    var root = document.getElementById("swagger-ui");
    new MutationObserver(function () {
      labelParameters(root);
    }).observe(root, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
