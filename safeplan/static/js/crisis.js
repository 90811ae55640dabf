// The lost-connection screen: a countdown to the protocol's next deadline. When it reaches zero (or when the
// page shows a deadline that passed while nobody applied it), the page asks the server to apply the time
// that passed (the same service the worker runs: it records the step that is due and alerts the supervisor
// when the protocol goes unanswered), then reloads to show the new step. Without JavaScript the page still
// works: the worker moves the protocol on and a reload shows it.
(function () {
  "use strict";
  var fired = false;
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function advance(url) {
    if (fired) { return; }
    fired = true;
    var body = new URLSearchParams();
    body.set("js", "1");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function () { window.location.reload(); }, function () { window.location.reload(); });
  }
  var pending = document.querySelector(".cr-pending[data-advance]");
  if (pending) { advance(pending.getAttribute("data-advance")); return; }
  var clock = document.querySelector(".cr-countdown[data-deadline]");
  if (!clock) { return; }
  var deadline = Date.parse(clock.getAttribute("data-deadline"));
  var url = clock.getAttribute("data-advance");
  var face = clock.querySelector(".cr-clock");
  var label = clock.querySelector(".cr-countdown-label");
  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      face.textContent = "0:00";
      if (label) { label.textContent = "Due now"; }
      clock.classList.add("overdue");
      advance(url);
      return;
    }
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    face.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    window.setTimeout(tick, 250);
  }
  tick();
})();
