// Order questions: move-up / move-down buttons that reorder the list and keep its selects in step.
// Without this file the selects alone do the job.
(function () {
  document.querySelectorAll(".order-list").forEach(function (list) {
    var status = list.parentNode.querySelector(".order-status");
    function items() { return Array.prototype.slice.call(list.children); }
    function renumber(moved) {
      items().forEach(function (item, index) { item.querySelector("select").value = String(index + 1); });
      if (moved && status) status.textContent = list.getAttribute("data-moved").replace("{place}", items().indexOf(moved) + 1);
    }
    function button(label, step) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = step < 0 ? "\u2191" : "\u2193";
      b.setAttribute("aria-label", label);
      b.addEventListener("click", function () {
        var item = b.closest("li"), other = step < 0 ? item.previousElementSibling : item.nextElementSibling;
        if (!other) return;
        list.insertBefore(item, step < 0 ? other : other.nextElementSibling);
        renumber(item);
        b.focus();
      });
      return b;
    }
    items().forEach(function (item) {
      var holder = item.querySelector(".order-pos");
      holder.appendChild(button(list.getAttribute("data-up"), -1));
      holder.appendChild(button(list.getAttribute("data-down"), 1));
      // Keyboard: Alt + arrow keys move the focused step.
      item.addEventListener("keydown", function (event) {
        if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
        event.preventDefault();
        holder.querySelectorAll("button")[event.key === "ArrowUp" ? 0 : 1].click();
      });
      // Choosing a place in a select moves the step there; the others close up.
      item.querySelector("select").addEventListener("change", function (event) {
        var place = parseInt(event.target.value, 10) - 1, rest = items().filter(function (i) { return i !== item; });
        list.insertBefore(item, rest[place] || null);
        renumber(item);
      });
    });
  });
})();
