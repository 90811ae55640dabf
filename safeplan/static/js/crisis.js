// The lost-connection screen: a countdown to the protocol's next deadline. When it reaches zero the page asks
// the server to apply the time that passed (the same service the worker runs), then reloads to show the new
// step. Without JavaScript the page still works: the worker moves the protocol on and the page shows it.
(function () {
  "use strict";
  var clock = document.querySelector(".cr-countdown[data-deadline]");
  if (!clock) { return; }
  var deadline = Date.parse(clock.getAttribute("data-deadline"));
  var url = clock.getAttribute("data-advance");
  var face = clock.querySelector(".cr-clock");
  var label = clock.querySelector(".cr-countdown-label");
  var fired = false;
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function advance() {
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
  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      face.textContent = "0:00";
      if (label) { label.textContent = "Due now"; }
      clock.classList.add("overdue");
      if (!fired) { advance(); }
      return;
    }
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    face.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    window.setTimeout(tick, 250);
  }
  tick();
})();
