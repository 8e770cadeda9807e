// Quick exit: sign out (a beacon the page does not wait for), then replace this page with
// the neutral site, so Back does not return here. Escape pressed twice does the same.
// Without JavaScript the link itself signs out and leaves (GET /exit).
(function () {
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var leaving = false;
  function leave() {
    if (leaving) return;
    leaving = true;
    try {
      if (navigator.sendBeacon) navigator.sendBeacon(link.getAttribute("data-beacon"));
    } catch (e) { /* leaving matters more than signing out here; /exit is the fallback */ }
    window.location.replace(link.getAttribute("data-neutral") || link.href);
  }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1500) leave();
    lastEscape = now;
  });
})();
