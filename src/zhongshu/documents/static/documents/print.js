// The print button of the 发文稿纸 (no inline handlers, so a strict CSP can forbid them).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-zs-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
