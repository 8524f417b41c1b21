/* Methodiekhandboek: the comparison pages (sector/age filter, the choice of two to four
   programmes, both kept in the address and carried to the other comparison pages; the
   chosen programmes' sections loaded from the fragments written at build time), printing
   with every collapsed block open, and printing one checklist phase. Without JavaScript
   all content stays reachable: the comparison pages list every programme's section as
   links, and printing prints everything. */
(function () {
  "use strict";

  var MAX = 4;

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
    document.querySelectorAll(".print-alleen-deze").forEach(function (el) {
      el.classList.remove("print-alleen-deze");
    });
    document.body.classList.remove("print-een-fase");
  }
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);

  /* "Alleen deze fase printen": without JavaScript the link leads to the phase, and the
     print style prints only the phase in the address (:target); with it, print at once. */
  function setupPhasePrint() {
    document.querySelectorAll("a.fase-printen").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var phase = document.getElementById(link.getAttribute("href").slice(1));
        if (!phase) { return; }
        event.preventDefault();
        phase.classList.add("print-alleen-deze");
        document.body.classList.add("print-een-fase");
        window.print();
      });
    });
  }

  /* ---- comparison pages ---- */

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function readState(known) {
    var params = new URLSearchParams(window.location.search);
    var list = function (name) {
      return (params.get(name) || "").split(",").filter(function (v) { return /^[a-z0-9][a-z0-9_-]*$/.test(v); });
    };
    var age = params.get("leeftijd");
    return {
      sectors: list("sector"),
      age: /^\d{1,2}$/.test(age || "") ? Number(age) : null,
      chosen: params.has("p") ? list("p").filter(function (id) { return !known || known[id]; }).slice(0, MAX) : null
    };
  }

  function query(state) {
    var parts = [];
    if (state.chosen !== null) { parts.push("p=" + state.chosen.join(",")); }
    if (state.sectors.length) { parts.push("sector=" + state.sectors.join(",")); }
    if (state.age !== null) { parts.push("leeftijd=" + state.age); }
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* The choice and filter travel along to every other comparison page. */
  function carry(basis, search) {
    document.querySelectorAll("a[href]").forEach(function (a) {
      if (a.getAttribute("href").charAt(0) === "#") { return; }
      var url = new URL(a.getAttribute("href"), window.location.href);
      if (url.origin === basis.origin && url.pathname.indexOf(basis.pathname) === 0 && !/\.[a-z]+$/.test(url.pathname)) {
        url.search = search;
        a.setAttribute("href", url.pathname + url.search + url.hash);
      }
    });
  }

  function fits(state, sectors, from, to) {
    var sectorOk = state.sectors.length === 0 || state.sectors.some(function (s) { return sectors.indexOf(s) >= 0; });
    var ageOk = state.age === null || (state.age >= from && state.age <= to);
    return sectorOk && ageOk;
  }

  function setupCompare(group) {
    var basis = new URL(group.getAttribute("data-vergelijk-basis"), window.location.href);
    var status = group.querySelector(".filter-status");
    var ageBox = group.querySelector("input[name=leeftijd]");
    var sectorBoxes = Array.prototype.slice.call(group.querySelectorAll("input[name=sector]"));
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-programma]"));
    var choiceBox = document.querySelector("[data-keuze-lijst]");
    var outcome = document.querySelector(".vergelijk-uitkomst");
    var state = readState(null);
    var programmes = [];
    var known = {};
    var loaded = 0;

    sectorBoxes.forEach(function (box) {
      box.checked = state.sectors.indexOf(box.value) >= 0;
      box.disabled = false;
    });
    ageBox.value = state.age === null ? "" : String(state.age);
    ageBox.disabled = false;

    function readFilter() {
      state.sectors = sectorBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      state.age = /^\d{1,2}$/.test(ageBox.value) ? Number(ageBox.value) : null;
    }

    function remember() {
      var search = query(state);
      window.history.replaceState(null, "", window.location.pathname + search + window.location.hash);
      carry(basis, search);
    }

    function filterRows() {
      var shown = 0;
      rows.forEach(function (row) {
        row.hidden = !fits(state, row.getAttribute("data-sectoren").split(" "),
                           Number(row.getAttribute("data-van")), Number(row.getAttribute("data-tot")));
        if (!row.hidden) { shown += 1; }
      });
      status.textContent = shown + " van " + rows.length + " programma's getoond.";
    }

    function chosen() {
      if (state.chosen !== null) { return state.chosen; }
      var fitting = programmes.filter(function (p) { return fits(state, p.sectoren, p.van, p.tot); });
      return fitting.length <= MAX ? fitting.map(function (p) { return p.id; }) : [];
    }

    function renderChoice() {
      var ids = chosen();
      var list = el("ul", { "class": "keuze-opties" });
      programmes.forEach(function (p) {
        var on = ids.indexOf(p.id) >= 0;
        if (!on && !fits(state, p.sectoren, p.van, p.tot)) { return; }
        var box = el("input", { type: "checkbox", name: "programma", value: p.id });
        box.checked = on;
        box.disabled = !on && ids.length >= MAX;
        var label = el("label");
        label.appendChild(box);
        label.appendChild(document.createTextNode(p.label + " (" + p.regio + ")"));
        var item = el("li");
        item.appendChild(label);
        list.appendChild(item);
      });
      choiceBox.textContent = "";
      if (!list.children.length) {
        choiceBox.appendChild(el("p", {}, "Geen programma past bij dit filter."));
      } else {
        choiceBox.appendChild(list);
      }
      var names = ids.map(function (id) { return known[id].afkorting; });
      status.textContent = ids.length === 0 ? "Kies twee tot vier programma's om ze naast elkaar te zien."
        : (ids.length === 1 ? "Gekozen: " + names[0] + ". Kies er nog een om te vergelijken."
        : names.length + " programma's naast elkaar: " + names.join(", ") + ".");
    }

    function column(key, anchor, p, level) {
      var block = el("section", { "class": "programma-blok" });
      var heading = el(level, { id: key + "--" + p.id }, p.label);
      block.appendChild(heading);
      var body = el("div", { "class": "programma-blok__inhoud" });
      block.appendChild(body);
      var more = el("p", { "class": "programma-blok__meer" });
      var link = el("a", { href: new URL("../programmas/" + p.id + "/", basis).pathname + "#" + anchor },
                    "Volledige beschrijving van " + p.afkorting);
      more.appendChild(link);
      block.appendChild(more);
      if (p.onderdelen.indexOf(key) < 0) {
        body.appendChild(el("p", {"class": "niet-beschreven"}, p.afkorting + ": niet beschreven" +
          (p.niveau === "praktijkvoorbeeld" ? " (praktijkvoorbeeld; de bronnen geven het niet)." : ".")));
        return Promise.resolve(block);
      }
      return fetch(new URL(key + "/" + p.id + ".html", basis)).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (html) {
        body.innerHTML = html;  // built by the handbook itself from validated, escaped YAML
        return block;
      }, function () {
        body.appendChild(el("p", {}, "Dit onderdeel kon niet worden geladen."));
        return block;
      });
    }

    /* All sections of all chosen programmes are fetched first and then shown at once, so
       nothing already on screen moves while they arrive. */
    function renderOutcome() {
      var ids = chosen();
      var sections = Array.prototype.slice.call(outcome.querySelectorAll(".vergelijk-onderdeel"));
      var level = sections.length > 1 ? "h3" : "h2";
      var round = ++loaded;
      Promise.all(sections.map(function (section) {
        var key = section.getAttribute("data-onderdeel");
        var anchor = section.getAttribute("data-anker");
        return Promise.all(ids.map(function (id) { return column(key, anchor, known[id], level); }));
      })).then(function (columns) {
        if (round !== loaded) { return; }
        sections.forEach(function (section, i) {
          var fallback = section.querySelector(".vergelijk-zonder-keuze");
          var grid = section.querySelector(".vergelijk-raster");
          if (grid) { grid.remove(); }
          fallback.hidden = ids.length > 0;
          if (ids.length === 0) { return; }
          var next = el("div", { "class": "vergelijk-raster", style: "--kolommen: " + ids.length });
          columns[i].forEach(function (block) { next.appendChild(block); });
          section.appendChild(next);
        });
        outcome.setAttribute("data-geladen", ids.join(","));
      });
    }

    /* A box ticked joins the end of the choice, one cleared leaves it: the columns keep
       the order in which the reader chose. */
    function update(box) {
      readFilter();
      if (rows.length) { filterRows(); }
      if (choiceBox && programmes.length) {
        if (box) {
          var ids = chosen().filter(function (id) { return id !== box.value; });
          if (box.checked) { ids.push(box.value); }
          state.chosen = ids.slice(0, MAX);
        }
        renderChoice();
        renderOutcome();
      }
      remember();
    }

    group.addEventListener("change", function () { update(null); });
    group.addEventListener("input", function () { update(null); });
    if (rows.length) { filterRows(); }
    if (choiceBox) {
      choiceBox.addEventListener("change", function (event) { update(event.target); });
      fetch(new URL("programmas.json", basis)).then(function (r) { return r.json(); }).then(function (list) {
        programmes = list;
        list.forEach(function (p) { known[p.id] = p; });
        state = readState(known);
        readFilter();
        renderChoice();
        renderOutcome();
        remember();
      });
    } else {
      remember();
    }
  }

  function init() {
    document.querySelectorAll(".programma-filter[data-vergelijk-basis]").forEach(setupCompare);
    setupPhasePrint();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
