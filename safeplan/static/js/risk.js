// Risk forms: show only the questions the skip logic asks (ASQ q5; C-SSRS items 3–5 and the item 6
// follow-up). Progressive: without JavaScript every question shows and the server enforces the rules.
(function () {
  "use strict";
  function checked(form, name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : "";
  }
  function toggle(form, key, show) {
    var box = form.querySelector("[data-item='" + key + "']");
    if (!box) { return; }
    if (show) {
      box.removeAttribute("data-hidden-by-skip");
    } else {
      box.setAttribute("data-hidden-by-skip", "");
      box.querySelectorAll("input").forEach(function (i) { i.checked = false; });
    }
  }
  function apply(form) {
    var kind = form.getAttribute("data-instrument");
    if (kind === "asq") {
      var refused = form.querySelector("input[name='refused']");
      var anyYes = ["q1", "q2", "q3", "q4"].some(function (k) { return checked(form, k) === "yes"; });
      toggle(form, "q5", anyYes || (refused && refused.checked));
    } else if (kind === "cssrs_screener") {
      var two = checked(form, "2") === "yes";
      ["3", "4", "5"].forEach(function (k) { toggle(form, k, two); });
      var variant = form.querySelector("select[name='variant']");
      var recencyAsked = !variant || variant.value !== "since_last_contact";
      toggle(form, "6_recent", recencyAsked && checked(form, "6") === "yes");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.instrument").forEach(function (form) {
      apply(form);
      form.addEventListener("change", function () { apply(form); });
    });
  });
})();
