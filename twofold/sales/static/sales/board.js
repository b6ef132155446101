// Drag a card to another column: picks that stage in the card's own "Move to" form and
// submits it, so dragging and the keyboard take the same path (one htmx request).
(function () {
  "use strict";
  var dragged = null;

  function columnOf(node) {
    return node && node.closest ? node.closest(".board-column") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.deal);
  });

  document.addEventListener("dragend", function () {
    dragged = null;
    document.querySelectorAll(".board-column.is-drop-target").forEach(function (column) {
      column.classList.remove("is-drop-target");
    });
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("is-drop-target");
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    column.classList.remove("is-drop-target");
    var form = dragged.querySelector("form.board-move");
    var select = form && form.querySelector("select[name=stage]");
    if (!select || select.value === column.dataset.stage) return;
    select.value = column.dataset.stage;
    form.requestSubmit();
  });
})();
