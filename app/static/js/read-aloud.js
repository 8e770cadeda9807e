// Read aloud: shows the hidden button only where the device has a voice for the text's language.
(function () {
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  function voiceFor(lang) {
    var voices = synth.getVoices(), i, code;
    for (i = 0; i < voices.length; i++) {
      code = voices[i].lang.toLowerCase().replace("_", "-");
      // Older Android names Indonesian "in", not "id".
      if (code.indexOf(lang) === 0 || (lang === "id" && code.indexOf("in") === 0)) return voices[i];
    }
    return null;
  }
  function setUp() {
    document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-read-aloud"));
      if (!target || button.getAttribute("data-ready")) return;
      var lang = (target.getAttribute("lang") || document.documentElement.lang || "id").slice(0, 2);
      var voice = voiceFor(lang), label = button.textContent;
      if (!voice) return;
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      button.addEventListener("click", function () {
        if (synth.speaking) { synth.cancel(); return; }
        // The words around the text (the "red flag" tick label) are not read once per message.
        var copy = target.cloneNode(true);
        copy.querySelectorAll("[data-skip-read], input, select, button").forEach(function (node) { node.remove(); });
        var utterance = new SpeechSynthesisUtterance(copy.textContent.replace(/\s+/g, " ").trim());
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.onend = utterance.onerror = function () { button.textContent = label; };
        button.textContent = button.getAttribute("data-stop") || label;
        synth.speak(utterance);
      });
    });
  }
  setUp();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", setUp);
  // Quick exit or any other way out: stop speaking at once.
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
