// Quick exit: pressing Shift three times in a row (within two seconds), or activating the
// quick-exit link, replaces this page with a neutral one so the back button does not return
// here. Any other key in between starts the count again, so typing capitals never triggers it.
// Without JavaScript the link still works as a plain link.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  var leave = function () {
    document.body.hidden = true;
    window.location.replace(link.href);
  };
  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    if (event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
  var hints = document.querySelectorAll("[data-quick-exit-hint]");
  for (var i = 0; i < hints.length; i++) hints[i].hidden = false;
})();
