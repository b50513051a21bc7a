// sharded-console: live updates of a job's page through server-sent events. The server sends
// one event per fragment whose HTML changed (status, sharding, running, instances, servers); the event's
// data is the fragment, which replaces the element marked data-live="NAME". No framework.
(function () {
  "use strict";
  function start() {
    var state = document.getElementById("live-state");
    if (!state || !window.EventSource) { return; }
    var source = new EventSource(state.getAttribute("data-live-url"));
    var updates = 0;
    source.onopen = function () {
      state.className = "muted connected";
      state.textContent = "● live";
    };
    source.onerror = function () {
      state.className = "muted";
      state.textContent = "● reconnecting…";
    };
    ["status", "sharding", "running", "instances", "servers"].forEach(function (name) {
      source.addEventListener(name, function (event) {
        var target = document.querySelector('[data-live="' + name + '"]');
        if (!target || target.innerHTML === event.data) { return; }
        target.innerHTML = event.data;
        updates += 1;
        state.setAttribute("data-updates", String(updates));
        state.textContent = "● live · updated " + new Date().toLocaleTimeString();
      });
    });
    window.addEventListener("beforeunload", function () { source.close(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
