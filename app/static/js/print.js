/* The Print button of the worksheet and the teacher's copy: shown only when scripts run (the browser's own Print works anyway). */
(function () {
  var button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
