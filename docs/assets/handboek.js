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

  /* ---- tables wider than their place ----
     A table that scrolls sideways can be reached and scrolled by keyboard: its scrolling
     frame becomes a focusable region named after the table (its caption, else the heading
     before it). Frames that fit get nothing, so the tab order does not fill with stops. */
  var FRAMES = ".md-typeset__scrollwrap, .vergelijk-raster-kader";
  function tableName(frame) {
    var caption = frame.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var node = frame;
    while (node && !node.matches("article")) {
      var prev = node.previousElementSibling;
      while (prev) {
        if (/^H[1-6]$/.test(prev.tagName)) { return prev.textContent.replace("\u00b6", "").trim(); }
        prev = prev.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "";
  }
  function scrollRegions(root) {
    (root || document).querySelectorAll(FRAMES).forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      if (scrolls && !frame.hasAttribute("tabindex")) {
        var name = tableName(frame);
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", "Tabel" + (name ? ": " + name : "") + " (schuift zijwaarts)");
        frame.setAttribute("data-schuift", "");
      } else if (!scrolls && frame.hasAttribute("data-schuift")) {
        ["tabindex", "role", "aria-label", "data-schuift"].forEach(function (a) { frame.removeAttribute(a); });
      }
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { scrollRegions(document); }, 200);
  });
  /* Tables in a loaded comparison cell get the frame Material gives the tables of a page. */
  function frameTables(root) {
    root.querySelectorAll("table:not([class])").forEach(function (table) {
      var frame = el("div", { "class": "md-typeset__scrollwrap" });
      var inner = el("div", { "class": "md-typeset__table" });
      table.replaceWith(frame);
      inner.appendChild(table);
      frame.appendChild(inner);
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
    var choiceBox = document.querySelector("[data-keuze-lijst]");  // the section pages and the overview
    var outcome = document.querySelector(".vergelijk-uitkomst");
    var state = readState(null);
    var programmes = [];
    var known = {};
    var loaded = 0;
    var filterText = "";  // the overview: how many programmes the filter shows

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
      filterText = shown + " van " + rows.length + " programma's getoond.";
      status.textContent = filterText;
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
      status.textContent = (filterText ? filterText + " " : "") +
        (ids.length === 0 ? "Kies twee tot vier programma's om ze naast elkaar te zien."
        : (ids.length === 1 ? "Gekozen: " + names[0] + ". Kies er nog een om te vergelijken."
        : names.length + " programma's naast elkaar: " + names.join(", ") + "."));
    }

    /* One file per programme with all its sections (vergelijken/inhoud/<id>.html), fetched
       once per page; the browser's cache keeps it for the next comparison page. */
    var contents = {};
    function content(id) {
      if (!contents[id]) {
        contents[id] = fetch(new URL("inhoud/" + id + ".html", basis)).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        }).then(function (html) {
          var template = document.createElement("template");
          template.innerHTML = html;  // built by the handbook itself from validated, escaped YAML
          var byKey = {};
          Array.prototype.forEach.call(template.content.children, function (section) {
            byKey[section.getAttribute("data-onderdeel")] = section;
          });
          return byKey;
        }, function () { return null; });
      }
      return contents[id];
    }

    /* One cell: the programme's name (shown on a narrow screen, where the cells stack, and in
       print never needed: the column heads repeat), its content, and the way to its page. */
    function cell(p, label, body, href) {
      var td = el("td");
      var name = el("p", { "class": "vergelijk-cel__naam", "aria-hidden": "true" }, label);
      td.appendChild(name);
      var inner = el("div", { "class": "vergelijk-cel__inhoud" });
      if (typeof body === "string") { inner.appendChild(el("p", { "class": "niet-beschreven" }, body)); }
      else if (body) { inner.appendChild(body); }
      td.appendChild(inner);
      if (href) {
        var more = el("p", { "class": "programma-blok__meer" });
        more.appendChild(el("a", { href: href }, "Volledige beschrijving van " + p.afkorting));
        td.appendChild(more);
      }
      return td;
    }
    function grid(caption, ids, rows) {
      var table = el("table", { "class": "vergelijk-raster", style: "--kolommen: " + ids.length });
      table.appendChild(el("caption", { "class": "zoeken-verborgen" }, caption));
      var head = el("tr");
      if (rows.some(function (r) { return r.label; })) { head.appendChild(el("td", { "class": "vergelijk-raster__hoek" })); }
      ids.forEach(function (id) { head.appendChild(el("th", { scope: "col" }, known[id].label)); });
      var thead = el("thead");
      thead.appendChild(head);
      table.appendChild(thead);
      var tbody = el("tbody");
      rows.forEach(function (row) {
        var tr = el("tr");
        if (row.label) { tr.appendChild(el("th", { scope: "row" }, row.label)); }
        row.cells.forEach(function (td) { tr.appendChild(td); });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      var frame = el("div", { "class": "vergelijk-raster-kader" });
      frame.appendChild(table);
      return frame;
    }

    function sectionCells(key, anchor, ids, loaded) {
      return ids.map(function (id, i) {
        var p = known[id];
        var href = new URL("../programmas/" + p.id + "/", basis).pathname + "#" + anchor;
        if (p.onderdelen.indexOf(key) < 0) {
          return cell(p, p.afkorting, p.afkorting + ": niet beschreven" +
            (p.niveau === "praktijkvoorbeeld" ? " (praktijkvoorbeeld; de bronnen geven het niet)." : "."), href);
        }
        var section = loaded[i] && loaded[i][key];
        if (!section) { return cell(p, p.afkorting, "Dit onderdeel kon niet worden geladen.", href); }
        var body = el("div");
        Array.prototype.forEach.call(section.childNodes, function (n) { body.appendChild(n.cloneNode(true)); });
        frameTables(body);
        return cell(p, p.afkorting, body, href);
      });
    }

    /* The card of the chosen programmes, fields as rows, from the overview table on the page. */
    function cardGrid(ids) {
      var fields = Array.prototype.map.call(document.querySelectorAll(".vergelijk-tabel thead th[scope=col]"),
                                            function (th) { return th.textContent; }).slice(1);
      var rowsById = {};
      rows.forEach(function (row) { rowsById[row.getAttribute("data-programma")] = row; });
      return grid("In één oogopslag: " + ids.map(function (id) { return known[id].afkorting; }).join(", "), ids,
        fields.map(function (field, f) {
          return { label: field, cells: ids.map(function (id) {
            var td = rowsById[id] && rowsById[id].querySelectorAll("td")[f];
            var body = document.createDocumentFragment();
            if (td) { Array.prototype.forEach.call(td.childNodes, function (n) { body.appendChild(n.cloneNode(true)); }); }
            return cell(known[id], known[id].afkorting, body, null);
          }) };
        }));
    }

    /* Every chosen programme's file is fetched first and then all is shown at once, so
       nothing already on screen moves while they arrive. */
    function renderOutcome() {
      var ids = chosen();
      var round = ++loaded;
      var card = document.querySelector("[data-kaart-keuze]");
      document.body.classList.toggle("vergelijk-gekozen", ids.length > 0);  // prints landscape
      if (card) {
        card.textContent = "";
        if (ids.length) { card.appendChild(cardGrid(ids)); }
        card.setAttribute("data-geladen", ids.join(","));
        scrollRegions(card);
      }
      if (!outcome) { return; }
      var sections = Array.prototype.slice.call(outcome.querySelectorAll(".vergelijk-onderdeel"));
      Promise.all(ids.map(content)).then(function (loadedFiles) {
        if (round !== loaded) { return; }
        sections.forEach(function (section) {
          var fallback = section.querySelector(".vergelijk-zonder-keuze");
          var old = section.querySelector(".vergelijk-raster-kader");
          if (old) { old.remove(); }
          fallback.hidden = ids.length > 0;
          if (ids.length === 0) { return; }
          var key = section.getAttribute("data-onderdeel");
          var title = section.getAttribute("data-titel");
          section.appendChild(grid(title + ": " + ids.map(function (id) { return known[id].afkorting; }).join(", "), ids,
            [{ label: null, cells: sectionCells(key, section.getAttribute("data-anker"), ids, loadedFiles) }]));
        });
        outcome.setAttribute("data-geladen", ids.join(","));
        scrollRegions(outcome);
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
    // Material frames a page's tables when it has set up the page (document$); then look
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(function () { scrollRegions(document); ready(); });
    } else {
      scrollRegions(document);
      ready();
    }
  }
  // data-handboek-klaar on <html>: the page is set up (Material's part and this script's), so a
  // reader's tool or a test can wait for it instead of guessing
  function ready() {
    document.documentElement.setAttribute("data-handboek-klaar", "");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
