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
