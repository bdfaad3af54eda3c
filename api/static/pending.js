// A page whose answer is still being made (HTTP 202, e.g. a literature map of the whole
// store, api.memo.in_background): ask again every two seconds, and show the answer when it
// is ready (the server keeps making it meanwhile, whether or not this page stays open).
"use strict";
(function () {
  function again() {
    fetch(window.location.href, { headers: { Accept: "text/html" } }).then(
      function (response) {
        if (response.status === 202) {
          window.setTimeout(again, 2000);
        } else {
          window.location.reload();
        }
      },
      function () {
        window.setTimeout(again, 5000);
      },
    );
  }
  window.setTimeout(again, 2000);
})();
