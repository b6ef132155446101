// "/" anywhere outside a field focuses the top bar's search; Escape closes its results.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("globalsearch-q");
    if (!box) return;
    var target = event.target;
    var typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "Escape" && target === box) {
      document.getElementById("globalsearch-results").innerHTML = "";
      box.blur();
    }
  });
})();
