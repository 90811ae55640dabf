// Safety plan pages: the offline app, the offline notice, extra form rows, printing.
// Everything works without this file; it only adds to the page (strict CSP: no inline script).
(function () {
  "use strict";

  // The client's plan page: keep it readable offline.
  var plan = document.querySelector("[data-offline-plan]");
  if (plan && "serviceWorker" in navigator) {
    var controlled = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.register("/portal/sw.js", { scope: "/portal/" }).then(function () {
      if (controlled) { return; }
      // First visit: this page came from the network before the worker existed. Once the worker
      // controls the page, fetch the plan through it so a copy is kept right away.
      navigator.serviceWorker.addEventListener("controllerchange", function () {
        fetch(window.location.pathname, { credentials: "same-origin" }).then(function () {
          plan.setAttribute("data-offline-ready", "");
        });
      });
    }).catch(function () {
      /* private browsing or an old browser: the page still works online */
    });
    if (controlled) { plan.setAttribute("data-offline-ready", ""); }
  }

  // Say when the page on screen is the saved copy; fetch a fresh one when the connection is back.
  var banner = document.querySelector("[data-offline-banner]");
  var shownOffline = false;
  function showConnection() {
    if (!banner) { return; }
    if (navigator.onLine === false) {
      banner.hidden = false;
      shownOffline = true;
    } else {
      banner.hidden = true;
      if (shownOffline) { window.location.reload(); }
    }
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  // "Add another" in the plan form: copy the last row of a section with empty values.
  function renumber(row, section, index) {
    var pattern = new RegExp("^(f-)?" + section + "-\\d+-");
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && pattern.test(value)) {
          el.setAttribute(attr, value.replace(pattern, function (_m, f) {
            return (f || "") + section + "-" + index + "-";
          }));
        }
      });
    });
  }
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var section = button.getAttribute("data-add-row");
      var container = document.querySelector('.entry-rows[data-section="' + section + '"]');
      var counter = document.querySelector('[data-rows="' + section + '"]');
      var rows = container ? container.querySelectorAll("[data-row]") : [];
      if (!container || !counter || !rows.length) { return; }
      var index = parseInt(counter.value, 10) || rows.length;
      var row = rows[rows.length - 1].cloneNode(true);
      row.classList.remove("has-error");
      row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      row.querySelectorAll("input, textarea, select").forEach(function (el) {
        el.removeAttribute("aria-invalid");
        if (el.type === "checkbox") { el.checked = false; }
        else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
        else { el.value = ""; }
      });
      row.querySelectorAll('[name$="-remove"]').forEach(function (el) {
        var label = el.closest("label");
        (label || el).remove();
      });
      renumber(row, section, index);
      container.appendChild(row);
      counter.value = String(index + 1);
      var first = row.querySelector("input:not([type=hidden]), textarea, select");
      if (first) { first.focus(); }
    });
  });

  // Printable page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
