// lawbooks: the little JavaScript the pages need. Live sync progress; confirm prompts.
(function () {
  "use strict";

  function poll(card) {
    var text = document.getElementById("progress-text");
    var current = document.getElementById("progress-current");
    var wasRunning = card.dataset.running === "true";
    function tick() {
      fetch(card.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) { return; }
          if (s.running) {
            wasRunning = true;
            card.classList.remove("idle");
            text.textContent = "Syncing… " + s.done + " sent" + (s.failed ? ", " + s.failed + " not sent" : "") + ".";
            current.textContent = s.current || "";
            setTimeout(tick, 1000);
          } else if (wasRunning) {
            window.location.reload();  // the sync ended: show the new counts and failures
          }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    if (wasRunning) { tick(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var card = document.getElementById("progress");
    if (card) { poll(card); }
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
  });
})();
