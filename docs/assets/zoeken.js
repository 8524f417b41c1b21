/* Methodiekhandboek: search with Pagefind (partials/zoeken.html).

   Pagefind stems Dutch (school/scholen, kost/kosten), matches the word being typed as a
   prefix and loads only the index chunks of the words searched. On top of that, here:
   - search words from the glossary (pagefind/handboek-zoekwoorden.json): a query with a
     term also searches its variants and related words, ranked below direct matches;
   - a typo at the end of a word: when no result contains the typed word, the word is
     shortened letter by letter (jeugdondersteunr -> jeugdondersteun) and the reader is told;
   - results link to their section and say which programme and outline section they are in;
   - filters by programme, outline section and sector;
   - keyboard: / or s opens, arrows walk the results, Enter opens one, Esc closes. */
(function () {
  "use strict";

  var root = document.querySelector("[data-zoeken]");
  if (!root) { return; }
  var button = root.querySelector(".zoeken__knop");
  var dialog = root.querySelector(".zoeken__venster");
  var input = root.querySelector(".zoeken__invoer");
  var status = root.querySelector(".zoeken__status");
  var list = root.querySelector(".zoeken__resultaten");
  var more = root.querySelector(".zoeken__meer");
  var selects = Array.prototype.slice.call(root.querySelectorAll(".zoeken__filters select"));
  var bundle = new URL(root.getAttribute("data-bundel"), document.baseURI);
  var siteRoot = new URL("../", bundle).pathname;
  var PAGE = 10; // results shown at once
  var CHECK = 10; // results read to see whether the typed word itself was found (the first page)
  var DEEPER = 40; // read this far when the first page does not hold a word typed
  var pagefind = null;
  var words = null;
  var order = [];
  var sequence = 0;
  var shown = [];
  var timer = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        // on the main thread: the worker would download the search code a second time
        return pf.options({ excerptLength: 26, noWorker: true }).then(function () { return pf; });
      });
      words = fetch(new URL("handboek-zoekwoorden.json", bundle).href)
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return Promise.all([pagefind, words]);
  }

  // ------------------------------------------------------------ opening and closing

  function open() {
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    input.select();
    load().catch(failed);
  }
  function failed() {
    status.textContent = "Zoeken is nu niet beschikbaar. Gebruik de overzichten, bijvoorbeeld Alle programma's.";
  }
  button.hidden = false;
  button.addEventListener("click", open);
  function close() {
    if (dialog.open) { dialog.close(); }
    button.focus(); // back where the reader was: the search button
  }
  root.querySelector(".zoeken__sluiten").addEventListener("click", close);
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { // also from the search field, which would only clear itself
      e.preventDefault();
      close();
    }
  });
  dialog.addEventListener("click", function (e) {
    if (e.target === dialog) { close(); } // a click on the backdrop
  });
  document.addEventListener("keydown", function (e) {
    if (dialog.open || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    if (e.key === "/" || e.key === "s" || e.key === "f") {
      e.preventDefault();
      open();
    }
  });

  // ------------------------------------------------------------ filters

  // The filter values are loaded when the reader first reaches the filters, not with
  // every query: at hundreds of programmes they weigh more than a query itself.
  var filled = false;
  var filterGroup = root.querySelector(".zoeken__filters");
  function wantFilters() {
    if (!filled) { load().then(fillFilters).catch(failed); }
  }
  filterGroup.addEventListener("focusin", wantFilters);
  filterGroup.addEventListener("pointerdown", wantFilters);
  function fillFilters(loaded) {
    if (filled) { return; }
    filled = true;
    order = (loaded[1] && loaded[1].onderdelen) || [];
    return loaded[0].filters().then(function (available) {
      selects.forEach(function (select) {
        var values = Object.keys(available[select.name] || {});
        if (select.name === "onderdeel") {
          values.sort(function (a, b) { return rank(a) - rank(b) || a.localeCompare(b, "nl"); });
        } else {
          values.sort(function (a, b) { return a.localeCompare(b, "nl"); });
        }
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        });
        select.addEventListener("change", function () { search(input.value); });
      });
    });
  }
  function rank(section) {
    var i = order.indexOf(section);
    return i < 0 ? order.length : i;
  }
  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.name] = select.value; }
    });
    return filters;
  }

  // ------------------------------------------------------------ query words

  function normal(text) {
    return text.normalize("NFC").toLocaleLowerCase("nl").replace(/\s+/g, " ").trim();
  }
  // A word as the index compares it: lower case, without accents; ``parts`` splits it at
  // hyphens and other punctuation (Pagefind indexes 'NJG-generalist' as 'njggeneralist',
  // 'njg' and 'generalist'), ``fold`` joins the parts.
  function parts(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase("nl")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function fold(text) {
    return parts(text).join("");
  }
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  var EDGE = "[\\s,;:.!?'\"()]";
  // Queries to run: the query itself, then each glossary relation it contains, then the
  // handbook's compounds of a word typed ('budget' also searches 'preventiebudget': Pagefind
  // only matches the start of a word).
  function variants(query, groups, compounds) {
    var q = normal(query);
    var out = [{ query: q, weight: 1, via: null }];
    var seen = {};
    seen[q] = true;
    function add(replaced, weight, via) {
      if (!seen[replaced]) {
        seen[replaced] = true;
        out.push({ query: replaced, weight: weight, via: via });
      }
    }
    (groups || []).forEach(function (group) {
      group.woorden.forEach(function (word) {
        var w = normal(word);
        var pattern = new RegExp("(^|" + EDGE + ")" + escapeRegExp(w) + "(?=$|" + EDGE + ")");
        if (!pattern.test(q)) { return; }
        group.ook.forEach(function (other) {
          var o = normal(other);
          if (o === w || out.length >= 8) { return; }
          add(q.replace(pattern, function (all, before) { return before + o; }), 0.6, other);
        });
      });
    });
    var glossary = out.length;
    q.split(" ").forEach(function (token) {
      var whole = (compounds || {})[fold(token)];
      if (!whole) { return; }
      whole.forEach(function (compound) {
        if (out.length - glossary >= 6) { return; }
        add(q.split(" ").map(function (t) { return t === token ? compound : t; }).join(" "), 0.9, compound);
      });
    });
    return out;
  }
  function commonPrefix(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    return i;
  }
  // Does any highlighted word in these results hold the typed word, compared as the index
  // compares words: the whole word or one of its parts starts with it (or, for a typo at its
  // end, shares at least half of it) or ends with it (a compound)?
  function found(word, datas) {
    var typed = fold(word);
    var need = Math.max(3, Math.ceil(typed.length / 2));
    return datas.some(function (d) {
      var marks = (d.excerpt || "").match(/<mark>([^<]*)<\/mark>/g) || [];
      (d.sub_results || []).forEach(function (s) {
        marks = marks.concat((s.excerpt || "").match(/<mark>([^<]*)<\/mark>/g) || []);
      });
      return marks.some(function (m) {
        var text = m.replace(/<\/?mark>/g, "");
        return [fold(text)].concat(parts(text)).some(function (c) {
          return c.indexOf(typed) >= 0 || commonPrefix(c, typed) >= need;
        });
      });
    });
  }

  // ------------------------------------------------------------ searching

  // Run every variant, once among the handbook's content and once among the pages about the
  // handbook itself (filter 'soort', macros/zoeken.py); merge by record (best score wins).
  // The content comes first, the pages about the handbook after it. ``direct``: the hits of
  // the query as typed, in the same order.
  var KINDS = ["Handboek", "Over het handboek"];
  function runAll(pf, asked, filters) {
    return Promise.all(KINDS.map(function (kind) {
      var scoped = { soort: kind };
      Object.keys(filters).forEach(function (key) { scoped[key] = filters[key]; });
      return Promise.all(asked.map(function (v) {
        return pf.search(v.query, { filters: scoped }).then(function (r) { return { v: v, r: r }; });
      })).then(function (all) {
        var merged = merge(all);
        merged.hits.forEach(function (h) { h.kind = KINDS.indexOf(kind); });
        return merged;
      });
    })).then(function (byKind) {
      return { hits: byKind[0].hits.concat(byKind[1].hits), direct: byKind[0].direct.concat(byKind[1].direct) };
    });
  }
  function merge(all) {
    var merged = {};
    var ids = [];
    var direct = [];
    all.forEach(function (one, i) {
      (one.r && one.r.results || []).forEach(function (result) {
        var score = result.score * one.v.weight;
        var known = merged[result.id];
        if (!known) {
          known = merged[result.id] = { result: result, score: score };
          ids.push(result.id);
        } else if (score > known.score) {  // the best match also gives the excerpt
          known.score = score;
          known.result = result;
        }
        if (i === 0) { direct.push(known); }
      });
    });
    direct.sort(function (a, b) { return b.score - a.score; });
    var hits = ids.map(function (id) { return merged[id]; })
      .sort(function (a, b) { return b.score - a.score; });
    return { hits: hits, direct: direct };
  }

  function search(query) {
    var id = ++sequence;
    if (!normal(query)) {
      list.innerHTML = "";
      status.textContent = "";
      more.hidden = true;
      return;
    }
    load().then(function (loaded) {
      var pf = loaded[0];
      var groups = (loaded[1] && loaded[1].groepen) || [];
      var compounds = (loaded[1] && loaded[1].samenstellingen) || {};
      var filters = chosenFilters();
      var asked = variants(query, groups, compounds);
      return runAll(pf, asked, filters).then(function (run) {
        return promote(run, normal(query).split(" ")).then(function (direct) {
          var typed = normal(query).split(" ");
          // a word the handbook has in compounds is there, whatever the first results show
          var missing = typed.filter(function (w) {
            return fold(w).length >= 5 && !compounds[fold(w)] && !found(w, direct) && !direct.some(holder(w));
          })[0];
          if (!missing) { return outcome(run.hits, asked, null); }
          return retry(pf, groups, compounds, filters, query, missing, 1).then(function (better) {
            if (better) { return better; }
            // Nothing contains the word: what Pagefind found for a shorter piece of it is
            // noise. Keep only what the search words found.
            return runAll(pf, asked.slice(1), filters).then(function (rest) {
              return outcome(rest.hits, asked, null, missing);
            });
          });
        });
      });
    }).then(function (result) {
      if (id !== sequence) { return; } // a newer query is under way
      show(query, result);
    }).catch(failed);
  }

  // Does this result's text hold the typed word as the index keeps it: a word (or a part of a
  // hyphenated one) that starts with it or, for a compound, holds it?
  function holder(word) {
    var typed = fold(word);
    return function (d) {
      return (d.content || "").split(/\s+/).some(function (token) {
        return [fold(token)].concat(parts(token)).some(function (c) { return c.indexOf(typed) >= 0; });
      });
    };
  }
  // Pagefind ranks a word that merely shares a stem ('gemiddeld' for 'middelen') above the
  // record that holds the word typed ('NPO-middelen'). When none of the first page holds a
  // typed word, read further and move the records that hold it to the front of their kind
  // (content before the pages about the handbook stays). Resolves to the data of the first
  // page as it is then.
  function promote(run, typed) {
    return data(run.direct.slice(0, CHECK)).then(function (first) {
      var absent = typed.filter(function (w) { return fold(w).length >= 3 && !first.some(holder(w)); });
      if (!absent.length || run.direct.length <= CHECK) { return first; }
      var deeper = run.direct.slice(CHECK, DEEPER);
      return data(deeper).then(function (datas) {
        var up = deeper.filter(function (h, i) {
          return absent.some(function (w) { return holder(w)(datas[i]); });
        });
        if (!up.length) { return first; }
        [run.hits, run.direct].forEach(function (list) {
          up.slice().reverse().forEach(function (h) {
            list.splice(list.indexOf(h), 1);
            var at = 0;
            while (at < list.length && list[at].kind < h.kind) { at += 1; }
            list.splice(at, 0, h);
          });
        });
        return data(run.direct.slice(0, CHECK));
      });
    });
  }

  // The first page of results, with their text loaded.
  function outcome(hits, asked, instead, absent) {
    return data(hits.slice(0, PAGE)).then(function (datas) {
      return { hits: hits, datas: datas, asked: asked, instead: instead, absent: absent };
    });
  }

  // Shorten the word that nothing contains, one letter at a time, down to half its length.
  function retry(pf, groups, compounds, filters, query, word, cut) {
    var shorter = word.slice(0, word.length - cut);
    if (cut > 3 || shorter.length < Math.max(4, Math.ceil(word.length / 2) + 1)) { return Promise.resolve(null); }
    var q = normal(query).split(" ").map(function (w) { return w === word ? shorter : w; }).join(" ");
    var asked = variants(q, groups, compounds);
    return runAll(pf, asked, filters).then(function (run) {
      return data(run.direct.slice(0, CHECK)).then(function (direct) {
        if (run.direct.length && found(shorter, direct)) {
          return outcome(run.hits, asked, { word: word, shorter: shorter });
        }
        return retry(pf, groups, compounds, filters, query, word, cut + 1);
      });
    });
  }

  function data(hits) {
    return Promise.all(hits.map(function (h) { return h.data || (h.data = h.result.data()); }));
  }

  // ------------------------------------------------------------ showing

  // A record file <page>/<id>.html stands for <page>/#<id> (see macros/zoeken.py).
  function href(url) {
    var m = url.match(/^(.*\/)([^\/#]+)\.html(#.*)?$/);
    var path = m ? m[1] + (m[3] || "#" + m[2]) : url;
    return siteRoot + path.replace(/^\//, "");
  }
  function best(d) {
    var subs = d.sub_results || [];
    var top = null;
    var topScore = -1;
    subs.forEach(function (s) {
      var score = (s.weighted_locations || []).reduce(function (sum, l) { return sum + l.balanced_score; }, 0);
      if (score > topScore) { top = s; topScore = score; }
    });
    return top || { url: d.url, title: d.meta.title, excerpt: d.excerpt };
  }
  // Pagefind's excerpt is text with <mark>; keep the marks and nothing else.
  function excerpt(html, into) {
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(node.textContent));
      }
    });
  }
  function item(d) {
    var sub = best(d);
    var li = document.createElement("li");
    li.className = "zoeken__resultaat";
    li.setAttribute("data-record", d.url); // the indexed record the result stands for
    var a = document.createElement("a");
    a.className = "zoeken__link";
    a.href = href(sub.url || d.url);
    a.textContent = sub.title || d.meta.title || d.url;
    a.addEventListener("click", function () { dialog.close(); });
    var place = document.createElement("p");
    place.className = "zoeken__plaats";
    var where = [];
    if (d.meta.programma) {
      where.push(d.meta.programma);
      if (d.meta.onderdeel) { where.push(d.meta.onderdeel); }
    } else if (d.meta.title && d.meta.title !== a.textContent) {
      where.push(d.meta.title);
    }
    place.textContent = where.join(" › ");
    var text = document.createElement("p");
    text.className = "zoeken__fragment";
    excerpt(sub.excerpt || d.excerpt || "", text);
    li.appendChild(a);
    if (where.length) { li.appendChild(place); }
    li.appendChild(text);
    return li;
  }

  function show(query, outcome) {
    shown = outcome.hits;
    list.innerHTML = "";
    outcome.datas.forEach(function (d) { list.appendChild(item(d)); });
    var n = outcome.hits.length;
    var parts = [];
    if (outcome.instead) {
      parts.push("Niets gevonden met ‘" + outcome.instead.word + "’; dit zijn de resultaten voor ‘" +
                 outcome.instead.shorter + "…’.");
    }
    if (outcome.absent) { parts.push("Het woord ‘" + outcome.absent + "’ komt in het handboek niet voor."); }
    parts.push(n === 0 ? "Geen resultaten." : n === 1 ? "1 resultaat." : n + " resultaten.");
    var via = outcome.asked.filter(function (v) { return v.via; }).map(function (v) { return v.via; });
    if (via.length && n) { parts.push("Ook gezocht op: " + via.join(", ") + "."); }
    if (n === 0) { parts.push("Probeer een ander woord of kijk in het overzicht van alle programma's."); }
    status.textContent = parts.join(" ");
    more.hidden = n <= outcome.datas.length;
    root.setAttribute("data-gezocht", query); // the query these results belong to
  }

  more.addEventListener("click", function () {
    var from = list.children.length;
    data(shown.slice(from, from + PAGE)).then(function (datas) {
      datas.forEach(function (d) { list.appendChild(item(d)); });
      more.hidden = list.children.length >= shown.length;
      var link = list.children[from] && list.children[from].querySelector("a");
      if (link) { link.focus(); }
    });
  });

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  input.addEventListener("keydown", function (e) {  // Enter searches at once
    if (e.key !== "Enter") return;
    e.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });

  // ------------------------------------------------------------ keyboard in the results

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".zoeken__link"));
  }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (at + 1 < all.length) { all[at + 1].focus(); } else if (!more.hidden) { more.focus(); }
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    }
  });
})();
