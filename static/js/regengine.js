/* The site's own behaviour, as a file: the Content-Security-Policy allows no inline
   script. Everything is delegated from the document, so pages Turbo swaps in work
   without re-binding. */
(function () {
  "use strict";

  // viewflow's multiple select (vf-field-select-multiple) throws "Cannot read properties
  // of undefined (reading 'focus')" when its menu opens with nothing ticked: MDC focuses
  // the item at the selected index, which for this list is an empty array. When nothing
  // is ticked, focus the first item here and keep MDC's handlers out.
  document.addEventListener("MDCMenuSurface:opened", function (event) {
    var field = event.target.closest && event.target.closest("vf-field-select-multiple");
    if (!field || field.querySelector(".mdc-list-item[aria-checked=true]")) { return; }
    event.stopImmediatePropagation();
    var first = event.target.querySelector(".mdc-list-item");
    if (first) { first.focus(); }
  }, true);

  // 返回 links: back in history (and, on viewflow's assign pages, reload the task).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-back]");
    if (!link) { return; }
    event.preventDefault();
    window.history.back();
    if (link.hasAttribute("data-back-reload") && window.Turbo) {
      setTimeout(function () { window.Turbo.visit("."); }, 100);
    }
  });

  // Tick lists (the bulk cancellation): 全选 ticks every row, and the count follows.
  function recount(form) {
    var counter = form.querySelector("[data-ticked-count]");
    if (!counter) { return; }
    var name = counter.getAttribute("data-ticked-count");
    var n = form.querySelectorAll("input[name='" + name + "']:checked").length;
    counter.textContent = counter.getAttribute("data-template").replace("{n}", n);
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.form || box.type !== "checkbox") { return; }
    var all = box.getAttribute("data-tick-all");
    if (all) {
      box.form.querySelectorAll("input[name='" + all + "']").forEach(function (c) {
        c.checked = box.checked;
      });
    }
    recount(box.form);
  });
})();
