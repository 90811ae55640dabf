// Safeplan staff pages: small progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";
  // Confirm buttons marked data-confirm (no inline handlers: the CSP forbids them).
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Copy-to-clipboard buttons for one-time links.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.textContent = "Copied";
    });
  });
})();
