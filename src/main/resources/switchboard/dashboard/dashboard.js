// Switchboard dashboard: small progressive enhancements. Every page works without this script;
// it adds copy buttons, confirmations, a progress indicator, the policy form's model rows,
// the overview's charts and live figures.
(function () {
  "use strict";

  // Copy a value (a new key's secret) to the clipboard.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (!btn) return;
    var text = document.getElementById(btn.getAttribute("data-copy")).textContent;
    var done = function () { btn.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } catch (ignored) { /* select stays for Ctrl+C */ }
      document.body.removeChild(area);
    }
  });

  // Confirm destructive actions; show progress on anything that posts.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      e.preventDefault();
      return;
    }
    var busy = document.getElementById("busy");
    if (busy) busy.hidden = false;
    var button = form.querySelector("button[type=submit]");
    if (button) button.setAttribute("aria-busy", "true");
  });

  // Policy form: add, remove and reorder model rows.
  document.addEventListener("click", function (e) {
    var list = document.getElementById("targets");
    if (!list) return;
    var row = e.target.closest("li.target");
    if (e.target.closest("[data-add-target]")) {
      var tpl = document.getElementById("target-row");
      list.appendChild(tpl.content.cloneNode(true));
      list.lastElementChild.querySelector("select").focus();
    } else if (row && e.target.closest("[data-remove]")) {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      if (next) next.querySelector("select").focus();
    } else if (row && e.target.closest("[data-move]")) {
      var step = Number(e.target.closest("[data-move]").getAttribute("data-move"));
      if (step < 0 && row.previousElementSibling) list.insertBefore(row, row.previousElementSibling);
      if (step > 0 && row.nextElementSibling) list.insertBefore(row.nextElementSibling, row);
      e.target.focus();
    }
  });

  // Budget bars: place each alert tick at its percentage.
  document.querySelectorAll(".budget i[data-at]").forEach(function (tick) {
    tick.style.left = Math.min(100, Number(tick.getAttribute("data-at"))) + "%";
  });

  window.Switchboard = {};
})();

// Overview: charts from the embedded series (uPlot), figures kept live by server-sent events.
(function () {
  "use strict";
  var data = document.getElementById("series");
  if (data && window.uPlot) {
    var s = JSON.parse(data.textContent);
    var draw = function (id, title, series, columns) {
      var el = document.getElementById(id);
      if (!el) return;
      var width = Math.max(280, el.clientWidth - 24);
      new window.uPlot({ title: title, width: width, height: 200, series: [{}].concat(series) },
        [s.t].concat(columns), el);
    };
    draw("chart-requests", "Requests", [{ label: "requests", stroke: "#2754c5" },
      { label: "errors", stroke: "#b3261e" }], [s.requests, s.errors]);
    draw("chart-latency", "Latency (ms)", [{ label: "p50", stroke: "#1b7f46" },
      { label: "p95", stroke: "#a15c00" }], [s.p50, s.p95]);
    draw("chart-cost", "Cost (USD)", [{ label: "cost", stroke: "#6b3fa0" }], [s.cost_usd]);
  }
  var live = document.getElementById("live");
  if (live && window.EventSource) {
    var source = new EventSource(live.getAttribute("data-src"));
    source.addEventListener("overview", function (e) {
      live.setAttribute("data-on", "1");
      var figures = JSON.parse(e.data);
      Object.keys(figures).forEach(function (id) {
        var el = document.getElementById(id);
        if (el) el.textContent = figures[id];
      });
    });
    source.onerror = function () { live.removeAttribute("data-on"); };
  }
})();
