/* Methodiekhandboek: the sector/age filter of the comparison pages, and printing
   with every collapsed block open. Without JavaScript all content stays visible. */
(function () {
  "use strict";

  function openForPrint() {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-print-opened", "");
    });
  }
  function closeAfterPrint() {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-print-opened");
    });
  }
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);

  function setupFilter(form) {
    var items = document.querySelectorAll("[data-sectoren]");
    var status = form.querySelector(".filter-status");
    var age = form.querySelector("input[name=leeftijd]");
    function apply() {
      var chosen = Array.prototype.map.call(form.querySelectorAll("input[name=sector]:checked"), function (i) {
        return i.value;
      });
      var years = age.value === "" ? null : Number(age.value);
      var shown = 0;
      items.forEach(function (el) {
        var own = el.getAttribute("data-sectoren").split(" ");
        var sectorOk = chosen.length === 0 || chosen.some(function (s) { return own.indexOf(s) >= 0; });
        var ageOk = years === null || (years >= Number(el.getAttribute("data-van")) && years <= Number(el.getAttribute("data-tot")));
        el.hidden = !(sectorOk && ageOk);
        if (!el.hidden) { shown += 1; }
      });
      status.textContent = shown + " van " + items.length + " programma's getoond.";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll("form.programma-filter").forEach(setupFilter);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
