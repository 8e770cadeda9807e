// A phone in a discussion lesson asks every two seconds whether the projector has moved on
// (another question, or the explanation shown) and then loads the page again. A phone in
// the middle of choosing an answer is not interrupted until the question itself changes.
(function () {
  var box = document.getElementById("lesson-phone");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-state");
  var position = box.getAttribute("data-position");
  var revealed = box.getAttribute("data-revealed");
  var answering = !!document.querySelector(".question-form");
  // With script, the page's own reload timer (for phones without script) is not needed.
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  function check() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        var moved = state.ended || String(state.position) !== position;
        var shown = String(state.revealed) !== revealed;
        if (moved || (shown && !answering)) { window.location.reload(); return; }
        window.setTimeout(check, 2000);
      })
      .catch(function () { window.setTimeout(check, 2000); });
  }
  window.setTimeout(check, 2000);
})();
