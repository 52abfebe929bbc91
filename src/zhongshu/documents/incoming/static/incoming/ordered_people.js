// The ordered chooser of the 收文 page (送批领导, 阅文人): ticking a person appends them to the
// order, unticking removes them and closes the gap; the order travels in <prefix>_order.
(function () {
  "use strict";

  function setUp(fieldset) {
    var prefix = fieldset.dataset.prefix;
    var hidden = fieldset.querySelector('input[name="' + prefix + '_order"]');
    var boxes = Array.prototype.slice.call(
      fieldset.querySelectorAll('input[type="checkbox"][name="' + prefix + '"]')
    );
    var summary = fieldset.querySelector(".zs-op-summary");
    var filter = fieldset.querySelector(".zs-op-filter");
    var order = hidden.value ? hidden.value.split(",") : [];
    boxes.forEach(function (box) {
      if (box.checked && order.indexOf(box.value) < 0) order.push(box.value);
    });

    function nameOf(box) {
      return box.closest("label").querySelector(".zs-op-name").textContent.trim();
    }

    function render() {
      order = order.filter(function (id) {
        return boxes.some(function (box) { return box.value === id && box.checked; });
      });
      hidden.value = order.join(",");
      var names = [];
      boxes.forEach(function (box) {
        var place = box.closest("label").querySelector(".zs-op-place");
        var at = order.indexOf(box.value);
        place.hidden = at < 0;
        place.textContent = at < 0 ? "" : String(at + 1);
      });
      order.forEach(function (id, at) {
        var box = boxes.find(function (b) { return b.value === id; });
        names.push(at + 1 + ". " + nameOf(box));
      });
      summary.textContent = names.length ? summary.dataset.prefix + names.join(" → ") : "";
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked) {
          if (order.indexOf(box.value) < 0) order.push(box.value);
        } else {
          order = order.filter(function (id) { return id !== box.value; });
        }
        render();
      });
    });
    if (filter) {
      filter.addEventListener("input", function () {
        var text = filter.value.trim();
        boxes.forEach(function (box) {
          var label = box.closest("label");
          // the name or where the person sits (处室, 职务)
          var words = label.textContent.replace(/^\s*\d+/, "");
          label.hidden = text !== "" && words.indexOf(text) < 0 && !box.checked;
        });
      });
      // Enter in the filter must not submit the step's form
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    }
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".zs-ordered-people").forEach(setUp);
  });
})();
