"""Each macro is documented and renders from the fixture programme."""
from __future__ import annotations

import collections
import datetime
import inspect
import re

import pytest

from conftest import REPO, VALID

from markupsafe import escape

from macros import kaart, model, reader, render, site


@pytest.fixture
def hb(project):
    loaded = model.laad(project([VALID]))
    assert loaded.fouten == []
    return loaded


MACROS = [site.methodebeschrijving, site.competentieprofielen, site.checklists, site.programma_overzicht, site.opzet]


@pytest.mark.parametrize("macro", MACROS, ids=lambda m: m.__name__)
def test_macro_has_docstring_naming_its_parameters(macro):
    doc = inspect.getdoc(macro)
    assert doc and len(doc) > 40
    for name in inspect.signature(macro).parameters:
        if name != "hb":
            assert f"``{name}``" in doc, f"{macro.__name__} does not document {name}"


def test_methodebeschrijving(hb):
    md = site.methodebeschrijving(hb, "voorbeeld")
    assert md.startswith("# Voorbeeldmethodiek Jeugdhulp op de Basisschool (VJB)")
    assert "## Aanpak in fasen { #fasering }" in md
    assert "##### Start { #voorbeeld-fasering-werkwijze-start }" in md
    assert "##### Voorbereiding { #voorbeeld-fasering-invoering-voorbereiding }" in md
    assert "- [ ] Toestemming van ouders vastgelegd\\." in md
    assert '!!! afgeleid "Afgeleid, niet letterlijk uit de bronnen"' in md
    assert "| 1\\.1\\.0 | 2024\\-02\\-01 | Fasering aangevuld met een checklist per fase\\. |" in md


def test_competentieprofielen(hb):
    md = site.competentieprofielen(hb, "voorbeeld")
    assert "## Jeugdhulpverlener op school { #hulpverlener }" in md
    for label in ("**Kennis**", "**Vaardigheden**", "**Houding**", "**Inzet**"):
        assert label in md
    assert "Intervisie en supervisie vanuit de eigen organisatie\\." in md


def test_checklists(hb):
    md = site.checklists(hb, "voorbeeld", versie="2.0")
    assert md.count('<div class="checklist-fase" id="print-') == 4
    # the description's own version and review date, not the build date
    assert ("Invoering op een school · fase 2 van 2 · beschrijving versie 1.1.0, laatst herzien 2024-02-01"
            " · <strong>concept, nog niet vastgesteld</strong> · handboek 2.0</p>") in md
    assert datetime.date.today().isoformat() not in md
    assert '<a class="fase-printen md-button" href="#print-invoering-borging">' in md
    assert md.count('<p class="invulveld">School: ') == 4
    assert "## Invoering op een school: Borging { #invoering-borging }" in md
    assert "*Afgeleid, niet letterlijk uit de bronnen:*" in md


def test_programma_overzicht(hb):
    md = site.programma_overzicht(hb)
    assert '<a href="programmas/voorbeeld/">VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool</a>' in md
    assert "Primair onderwijs, Kinderopvang" in md


def test_opzet_lists_outline_from_schema(hb):
    md = site.opzet(hb)
    assert md.splitlines()[0].startswith("1. **Samenvatting**")
    assert len([ln for ln in md.splitlines() if re.match(r"\d+\. ", ln)]) == len(hb.outline)


def test_unknown_programme_or_section_is_refused_naming_what_exists(hb):
    with pytest.raises(KeyError) as fout:
        site.methodebeschrijving(hb, "bestaat-niet")
    assert fout.value.args[0] == "onbekend programma 'bestaat-niet'; bekend zijn: voorbeeld"
    hb.programmas["tweede"] = hb.programmas["voorbeeld"]
    with pytest.raises(KeyError) as fout:
        site.checklists(hb, "bestaat-niet")
    assert fout.value.args[0] == "onbekend programma 'bestaat-niet'; bekend zijn: voorbeeld, tweede"
    hb.programmas.clear()
    with pytest.raises(KeyError) as fout:
        site.competentieprofielen(hb, "x")
    assert fout.value.args[0] == "onbekend programma 'x'; bekend zijn: geen"
    with pytest.raises(KeyError) as fout:
        site.vergelijking_sectie(hb, "bestaat-niet")
    assert fout.value.args[0] == "onbekend onderdeel 'bestaat-niet'"


@pytest.mark.parametrize("raw, expected", [
    ("<b>vet</b>", "&lt;b&gt;vet&lt;\\/b&gt;"),
    ("a | b", "a \\| b"),
    ("{{ x }}", "\\{\\{ x \\}\\}"),
    ("# kop", "\\# kop"),
    ("1. item", "1\\. item"),
    ("regel\n  twee", "regel twee"),
    ("Café, ﻿ünïcode", "Café\\, ﻿ünïcode"),
])
def test_md_inline_escapes(raw, expected):
    assert render.md_inline(raw) == expected


def test_md_alineas_keeps_paragraphs():
    assert render.md_alineas("een\ntwee\n\n  drie  \n") == "een twee\n\ndrie"


@pytest.mark.parametrize("target", ["javascript:alert(1)", "../../etc", "a/../b", "a..b", "/etc", "A/b"])
def test_intern_link_refuses_foreign_targets(target):
    """Anything but a lower-case path inside the site (no '..') is refused, with the target named."""
    with pytest.raises(ValueError) as fout:
        render.intern_link(target)
    assert str(fout.value) == f"ongeldige interne link: {target!r}"


def test_intern_link_passes_a_site_path():
    assert render.intern_link("programmas/jok/index.md#doelgroep") == "programmas/jok/index.md#doelgroep"


@pytest.mark.parametrize(("text", "sentence"), [
    ("Leeuwarden", "Leeuwarden."), ("klaar.", "klaar."), ("echt!", "echt!"), ("wie?", "wie?"),
    ("enzovoort…", "enzovoort…"), ("  twee\n regels ", "twee regels."), ("(zie p. 3)", "(zie p. 3)."),
])
def test_a_text_ends_as_one_sentence(text, sentence):
    assert render.zin(text) == sentence


@pytest.mark.parametrize(("value", "anchor"), [
    ("Inzet en kosten", "inzet-en-kosten"), ("--Coördinator--", "co-rdinator"), ("!!!", "x"), ("", "x"),
    ("JOS 2", "jos-2"),
])
def test_slug_is_lower_case_letters_digits_and_single_hyphens(value, anchor):
    assert render.slug(value) == anchor


def test_heading_marks_stay_between_one_and_six(hb):
    r = render.Renderer(hb.schema, {})
    assert [r.kop(n) for n in (-1, 0, 1, 2, 6, 7, 9)] == ["#", "#", "#", "##", "######", "######", "######"]


def test_fields_and_absent_fields_are_titled_by_their_key_when_the_schema_gives_no_title(hb):
    """In schema order, only the fields present (and not the side fields); a field left out that
    says what its absence means is listed with that text; without a title, the key is its title."""
    r = render.Renderer(hb.schema, {})
    sub = {"type": "object", "properties": {
        "b": {"type": "string", "title": "Bee"}, "a": {"type": "string"}, "bronnen": {"type": "array"},
        "c": {"type": "string", "x-afwezig": "Niet nagegaan."}, "d": {"type": "string", "title": "Dee", "x-afwezig": "Onbekend."}}}
    value = {"a": "x", "b": "y", "bronnen": []}
    assert [(k, t, v) for k, t, _, v in r.fields(sub, value)] == [("b", "Bee", "y"), ("a", "a", "x")]
    assert list(r.afwezig(sub, value)) == [("c", "c", "Niet nagegaan."), ("d", "Dee", "Onbekend.")]


@pytest.mark.parametrize(("sub", "lijst"), [
    ({"type": "array", "items": {"type": "string"}}, True),
    ({"type": ["array", "object"], "items": {"type": "string"}}, True),
    ({"type": ["string", "null"], "items": {"type": "string"}}, False),
    ({"type": "array", "items": {"type": "object", "x-lijstitem": True}}, True),
    ({"type": "array", "items": {"type": "object"}}, False),
    ({"type": "array"}, False),
    ({"type": "string"}, False),
])
def test_which_lists_render_as_bullets(hb, sub, lijst):
    assert render.Renderer(hb.schema, {}).is_lijst_van_tekst(sub) is lijst


def test_a_value_renders_at_heading_level_three_unless_told(hb):
    """Without a level, a value's own headings start at level three (under the section's h2)."""
    r = render.Renderer(hb.schema, site._context(hb, "../../"))
    p = hb.programmas["voorbeeld"]
    sectie = next(s for s in hb.outline if s.key == "uitvoering")
    assert r.value(sectie.schema, p["uitvoering"]) == r.value(sectie.schema, p["uitvoering"], 3)
    assert r.value(sectie.schema, p["uitvoering"]) != r.value(sectie.schema, p["uitvoering"], 4)


def test_a_missing_value_in_a_template_prints_nothing():
    assert render.environment().from_string("[{{ x }}]").render(x=None) == "[]"


def test_programme_label_and_title_do_not_repeat_a_short_name_that_is_the_name():
    from macros.render import programmanaam, programmatitel
    jos = {"afkorting": "JOS", "naam": "Jeugdhulp op School"}
    assert programmanaam(jos) == "JOS: Jeugdhulp op School"
    assert programmanaam(jos, " – ") == "JOS – Jeugdhulp op School"
    assert programmatitel(jos) == "Jeugdhulp op School (JOS)"
    vangrail = {"afkorting": "Vangrail", "naam": "Vangrail"}
    assert programmanaam(vangrail) == programmatitel(vangrail) == "Vangrail"


# --- Mutation kills: the Dutch wording a user reads (reader.beschrijf, model.is_draft,
# --- validate._vraag, stijl._sectietitel, reader._skip/_syntax_record, Renderer.kopwaarde)

_VERWIJDER = "Verwijder het teken"
_CODE_FEFF = " (de code \\uFEFF of \\ufeff)"


@pytest.mark.parametrize(("ch", "als_code", "melding", "hint"), [
    ("\u202e", False,
     "het bestand bevat een richtingsteken: een rechts-naar-linksoverschrijving (U+202E). Dit onzichtbare teken "
     "verandert de leesrichting: de site zou de tekst anders tonen dan u hem in het bestand leest",
     _VERWIJDER + "; tekst in een andere taal of schrift heeft geen richtingstekens nodig."),
    ("\u200b", False,
     "het bestand bevat een breedteloze spatie (U+200B) buiten een woord; het is onzichtbaar",
     _VERWIJDER + ". Midden in een woord mag het staan, maar niet alleen, aan het begin of eind van een "
     "waarde of naast een spatie of leesteken."),
    ("\ufeff", False,
     "het bestand bevat een bytevolgordemarkering of BOM (U+FEFF) midden in het bestand; het is onzichtbaar",
     _VERWIJDER + "; het mag alleen als allereerste teken van het bestand staan."),
    ("\ufeff", True,
     "het bestand bevat een bytevolgordemarkering of BOM (U+FEFF), geschreven als backslash-code midden in het bestand; het is onzichtbaar",
     _VERWIJDER + _CODE_FEFF + "; het mag alleen als allereerste teken van het bestand staan."),
    ("\u2028", False,
     "het bestand bevat een regelscheidingsteken (U+2028); sommige programma's zien het als regeleinde en andere niet",
     _VERWIJDER + " en gebruik een gewoon regeleinde (Enter) of een spatie."),
    ("\u2063", False,
     "het bestand bevat een onzichtbaar opmaakteken (U+2063); het is onzichtbaar",
     _VERWIJDER + "; het komt vaak mee bij kopiëren uit een ander programma."),
])
def test_invisible_character_message_and_hint_are_the_dutch_text(ch, als_code, melding, hint):
    """Each kind of invisible character gets its own Dutch message and its own advice; the
    advice starts with what to do and, for a backslash code, names the code to remove."""
    assert reader.beschrijf(ch, als_code) == (melding, hint)


@pytest.mark.parametrize(("data", "errors", "bestand", "concept"), [
    ({"id": "x", "status": "concept"}, ["gat"], "x.yml", True),
    ({"id": "x", "status": "concept"}, ["gat"], "x.yaml", True),
    # a copy beside the draft (x.kopie.yml) with the same id is not a second draft of x
    ({"id": "x", "status": "concept"}, ["gat"], "x.kopie.yml", False),
    ({"id": "y", "status": "concept"}, ["gat"], "x.yml", False),
    ({"status": "concept"}, ["gat"], "x.yml", False),
    ({"id": "x", "status": "concept"}, [], "x.yml", False),
    ({"id": "x", "status": "vastgesteld"}, ["gat"], "x.yml", False),
    ({"id": "x"}, ["gat"], "x.yml", False),
    (None, ["gat"], "x.yml", False),
    (["id", "x", "status", "concept"], ["gat"], "x.yml", False),
])
def test_which_file_counts_as_a_draft(data, errors, bestand, concept):
    """A draft: status 'concept', the id equal to the file name without its extension, and
    still something to fill in; anything else is either a finished programme or an error."""
    from pathlib import Path
    assert model.is_draft(data, errors, Path("methodiek") / bestand) is concept


def _kleine_opzet():
    from macros.schema import Schema
    return Schema("methodiek", {
        "$defs": {"doelsectie": {"title": "Doelen", "description": "Wat  wil de\n   methodiek bereiken?"}},
        "properties": {
            "doel": {"$ref": "#/$defs/doelsectie"},
            "naam": {"title": "Naam van de methodiek"},
            "los": {"type": "string"},
            "onderdelen": {"items": {"properties": {"stap": {"type": "string"}}}},
        },
    })


@pytest.mark.parametrize(("pad", "vraag"), [
    (("doel",), "Wat wil de methodiek bereiken?"),  # the guiding question, on one line
    (("naam",), "Naam van de methodiek"),  # no question: the title
    (("los",), "los"),  # neither: the field's own name
    (("onderdelen", 0, "stap"), "stap"),  # in a list: the name of the field itself
    (("onbekend",), "onbekend"),
])
def test_question_at_a_gap_is_the_guiding_question_else_title_else_name(pad, vraag):
    from macros import validate
    assert validate._vraag(_kleine_opzet(), pad) == vraag


@pytest.mark.parametrize(("pad", "titel"), [
    (("doel", "tekst"), "Doelen"),  # the section's title, also through a $ref
    (("naam",), "Naam van de methodiek"),
    (("los", "x"), "los"),  # a section without a title: its key
    (("onbekend", "x"), "onbekend"),  # a key the schema does not know: the key itself
])
def test_see_section_hint_names_the_section_title(pad, titel):
    """The advice for a repeated sentence ("zie …") names the section the first one is in."""
    from macros import stijl
    assert stijl._sectietitel(_kleine_opzet(), pad) == titel


_OPBOUW = "een dubbele punt staat op een plek waar dat niet mag"
_INGESPRONGEN = "de inspringing klopt niet: deze regel past niet bij de velden of de lijst erboven"


@pytest.mark.parametrize(("tekst", "meldingen", "overgeslagen"), [
    # an error on the first line, then another further on: both in one run
    ("a: b: c\nd: e\nf: g: h\n", [(1, 5, _OPBOUW), (3, 5, _OPBOUW)], {1, 3}),
    # the lines indented under a wrong line go with it, also past an empty line
    ("id: x\nnaam: b: c\n  d: e\n\n  f: g\nh: i\n", [(2, 8, _OPBOUW)], {2, 3, 5}),
    # one line indented under it, then the next wrong line: that one is reported too
    ("id: x\nnaam: b: c\n  d: e\nf: g: h\ni: j\n", [(2, 8, _OPBOUW), (4, 5, _OPBOUW)], {2, 3, 4}),
    # the wrong block runs to the end of the file
    ("id: x\nc: d\ne: f: g\n  h: i\n", [(3, 5, _OPBOUW)], {3, 4}),
    # a list bracket not closed, then a colon where it does not belong
    ("id: x\nnaam: [a\ndoel: b\n  c: d\nrest: e\n",
     [(2, 7, "een lijst die met [ begint, wordt niet met ] gesloten"), (4, 4, _OPBOUW)], {2, 4}),
    ("a: b\n- c\n", [(2, 1, _INGESPRONGEN)], {2}),
    ("a:\n  - b\n c: d\n", [(3, 2, _INGESPRONGEN)], {3}),
    # an unclosed quote or bracket: the line where it was opened
    ("id: x\nnaam: \"abc\ndoel: y\n", [(2, 7, "een aanhalingsteken of haakje op deze regel wordt nergens gesloten")], {2}),
    ("id: x\nnaam: {a: b\ndoel: y\n", [(2, 7, "een groep die met { begint, wordt niet met } gesloten")], {2}),
    # a tab in the indentation is named as such
    ("id: x\n\tnaam: y\n", [(2, 1, "een tab-teken gebruikt voor inspringen of in de opbouw")], {2}),
    # every line is wrong: once they are left out nothing is left to read, and that is no crash
    ("a: b: c\n", [(1, 5, _OPBOUW)], {1}),
    ("a: 'b\n", [(1, 4, "een aanhalingsteken of haakje op deze regel wordt nergens gesloten")], {1}),
    ("a: b: c\nd: e: f\n", [(1, 5, _OPBOUW), (2, 5, _OPBOUW)], {1, 2}),
])
def test_syntax_errors_name_their_line_and_reading_goes_on_past_them(tekst, meldingen, overgeslagen):
    """After a syntax error the reader leaves out that line and the lines indented under it,
    reads on, and reports the next error in the same run; each names the line to look at.
    The last one says more may follow once it is fixed."""
    doc, fouten = reader._parse(reader.Document("methodiek/x.yml"), tekst)
    assert [(f.regel, f.kolom, f.melding) for f in fouten] == meldingen
    assert doc.overgeslagen == overgeslagen
    assert fouten[-1].hint.endswith(reader._MEER)
    assert not any(f.hint.endswith(reader._MEER) for f in fouten[:-1])


def _kopwaarde(waarde: dict) -> str:
    from macros.schema import Schema
    schema = Schema("methodiek", {"$defs": {
        "rolsleutel": {"type": "string", "x-verwijzing": "zorgstructuur"},
        "begripsleutel": {"type": "string", "x-verwijzing": "begrippen"},
        "aansluitrol": {"x-kop": "rol", "properties": {"rol": {"$ref": "#/$defs/rolsleutel"}}},
        "begrip": {"x-kop": "begrip", "properties": {"begrip": {"$ref": "#/$defs/begripsleutel"}}},
        "stap": {"x-kop": "titel", "properties": {"titel": {"type": "string"}}},
    }})
    context = {
        "zorgstructuur": {"jgz": {"naam": "Jeugdgezondheidszorg", "term": "JGZ"}, "leeg": {"omschrijving": "x"}},
        "begrippen": {"avg": {"term": "AVG"}},
    }
    soort = next(iter(waarde))
    ref = {"rol": "aansluitrol", "begrip": "begrip", "titel": "stap"}[soort]
    return render.Renderer(schema, context).kopwaarde({"$ref": f"#/$defs/{ref}"}, waarde)


@pytest.mark.parametrize(("waarde", "kop"), [
    ({"rol": "jgz"}, "Jeugdgezondheidszorg"),  # a key into a vocabulary: the entry's name
    ({"begrip": "avg"}, "AVG"),  # an entry with a term and no name: the term
    ({"rol": "leeg"}, "leeg"),  # an entry with neither: the key itself
    ({"rol": "onbekend"}, "onbekend"),  # a key the vocabulary lacks: the key itself
    ({"titel": "Start in de klas"}, "Start in de klas"),  # no vocabulary: the value
])
def test_item_heading_shows_the_name_of_a_vocabulary_key(waarde, kop):
    assert _kopwaarde(waarde) == kop


def test_item_heading_of_every_role_of_the_care_structure_is_its_name(hb):
    """Real data: under 'aansluiting' each role's heading is the name in data/zorgstructuur.yml."""
    schema = hb.schema.root["$defs"]["aansluitrol"]
    r = render.Renderer(hb.schema, {"zorgstructuur": hb.vocabulaires["zorgstructuur"]})
    rollen = hb.vocabulaires["zorgstructuur"]
    assert rollen
    for key, entry in rollen.items():
        assert r.kopwaarde(schema, {"rol": key}) == entry["naam"]


@pytest.mark.parametrize("tekst", [
    "a: b\nc\nd: e\n",  # a missing colon: the reader's second stop lies on an empty line
    "a: b: c\nd: e\nf: g: h\n",
    "id: x\nnaam: [a\ndoel: b\n  c: d\nrest: e\n",
])
def test_no_syntax_error_is_reported_twice(tekst):
    """Reading on past an error never reports the same place again; only the last
    record says that more may follow."""
    _, fouten = reader._parse(reader.Document("methodiek/x.yml"), tekst)
    plekken = [(f.regel, f.kolom) for f in fouten]
    assert len(plekken) == len(set(plekken))
    assert [f.hint.endswith(reader._MEER) for f in fouten] == [False] * (len(fouten) - 1) + [True]


# --- The decision card, computed in the process over every real programme (the built card is
# --- checked in test_lezer.py; these run under mutmut, which sees only what runs in the process)

_NB = {"gezocht": "het verslag", "navragen": "de coördinator van de gemeente"}


def _nb_cel(nb: dict) -> str:
    return "Niet beschreven in de bronnen; navragen bij: " + str(escape(render.zin(nb["navragen"])))


@pytest.fixture(scope="module")
def echt():
    """The real handbook (methodiek/, data/, schemas/) as the code reads it."""
    model._cache.clear()
    return model.laad(REPO)


def _kaart(hb, ident, p, concept=False) -> dict:
    return dict(kaart.rijen(hb.schema, ident, p, site._context(hb, "../../"), "../../", concept=concept))


def _verwacht(hb, p) -> dict:
    """label -> the 'niet beschreven' answer that covers the row, or None: one entry for every
    card field the programme fills, or that it (or a part around it) says the sources do not
    describe, in schema order."""
    from test_lezer import _not_described
    return {v.label: _not_described(p, v.pad) for v in kaart.velden(hb.schema)
            if _not_described(p, v.pad) or kaart._at(p, v.pad) is not None}


def _zet(p, pad, value):
    target = p
    for part in pad[:-1]:
        target = target[part]
    if value is None:
        del target[pad[-1]]
    else:
        target[pad[-1]] = value


def _controleer(hb, ident, p, waarom) -> dict:
    """The card of ``p``: the rows it should have, in order; each row not described says so."""
    cells = _kaart(hb, ident, p)
    expected = _verwacht(hb, p)
    assert list(cells) == list(expected), (ident, waarom)
    for label, nb in expected.items():
        if nb is not None:
            assert cells[label] == _nb_cel(nb), (ident, waarom, label)
    return cells


def test_card_rows_follow_the_schema_when_a_field_is_left_out_or_not_described(echt):
    """For every programme and every card field: left out, its row goes and every later row stays;
    'niet beschreven' on the field itself, or on the section around it, turns that row (and every
    card row of that section) into the one line that says so and whom to ask."""
    import copy

    gevallen = collections.Counter()
    for ident, p in echt.programmas.items():
        finished = _controleer(echt, ident, p, "zoals geschreven")
        gevallen["niet beschreven in het bestand"] += sum(1 for nb in _verwacht(echt, p).values() if nb)
        for veld in kaart.velden(echt.schema):
            if kaart._at(p, veld.pad) is None:
                continue
            weg = copy.deepcopy(p)
            _zet(weg, veld.pad, None)
            cells = _controleer(echt, ident, weg, ("weggelaten", veld.pad))
            order = list(finished)
            assert all(label in cells for label in order[order.index(veld.label) + 1:]), (ident, veld.pad)
            gevallen["weggelaten"] += 1

            zelf = copy.deepcopy(p)
            _zet(zelf, veld.pad, {"niet_beschreven": dict(_NB)})
            assert _controleer(echt, ident, zelf, ("veld", veld.pad))[veld.label] == _nb_cel(_NB)
            gevallen["veld niet beschreven"] += 1

            if len(veld.pad) > 1:
                deel = copy.deepcopy(p)
                deel[veld.pad[0]] = {"niet_beschreven": dict(_NB)}
                cells = _controleer(echt, ident, deel, ("onderdeel", veld.pad[0]))
                assert all(cells[v.label] == _nb_cel(_NB) for v in kaart.velden(echt.schema) if v.pad[0] == veld.pad[0])
                gevallen["onderdeel niet beschreven"] += 1
    assert gevallen["niet beschreven in het bestand"] >= 1, gevallen  # else the first check checks nothing
    assert min(gevallen[k] for k in ("weggelaten", "veld niet beschreven", "onderdeel niet beschreven")) \
        >= 5 * len(echt.programmas), gevallen


def test_a_card_list_longer_than_its_limit_shows_the_first_and_links_to_the_rest(echt):
    """A card field with a limit ('max' in x-kaart) that a programme fills with more items shows
    the first ones and one link to its section on the programme page saying how many more there
    are; in a draft's card as in the finished one. Data-driven: every such field, every programme."""
    import copy

    checked = 0
    for veld in kaart.velden(echt.schema):
        limit = veld.schema["x-kaart"].get("max")
        if not limit:
            continue
        titel = echt.schema.resolve(echt.schema.root["properties"][veld.pad[0]])["title"]
        for ident, p in echt.programmas.items():
            items = kaart._at(p, veld.pad)
            if not isinstance(items, list) or not items:
                continue
            lang = copy.deepcopy(p)
            _zet(lang, veld.pad, (items * (limit + 2))[:limit + 2])
            for concept in (False, True):
                cell = _kaart(echt, ident, lang, concept)[veld.label]
                assert cell.count("<li>") == limit, (ident, concept)
                assert cell.endswith(f'</ul> <a href="../../programmas/{ident}/#{render.slug(veld.pad[0])}">'
                                     f'En nog 2: zie {escape(titel)}</a>'), (ident, concept, cell[-200:])
            precies = copy.deepcopy(p)
            _zet(precies, veld.pad, (items * limit)[:limit])
            cell = _kaart(echt, ident, precies)[veld.label]
            assert cell.count("<li>") == limit and "En nog" not in cell, ident
            checked += 1
    assert checked >= 3, checked


def test_a_finished_card_stops_on_an_error_and_a_draft_card_shows_the_verdict_without_counts(echt):
    """An evidence kind that cannot be counted (typed as a list): the finished card does not hide
    it (the build stops), the preview's card of the draft still shows the evidence verdict, only
    without the count per kind, and every other row as on the finished card."""
    import copy

    checked = 0
    for ident, p in echt.programmas.items():
        finished = _kaart(echt, ident, p)
        draft = copy.deepcopy(p)
        geraakt = []

        def walk(sub, value):
            sub = echt.schema.resolve(sub)
            if sub.get("x-sjabloon") == "bewijs" and isinstance(value, dict) and not geraakt:
                value["soort"] = [value["soort"]]
                geraakt.append(value)
            elif isinstance(value, dict):
                for key, child in value.items():
                    if key in (sub.get("properties") or {}):
                        walk(sub["properties"][key], child)
            elif isinstance(value, list) and "items" in sub:
                for child in value:
                    walk(sub["items"], child)

        walk(echt.schema.root, draft)
        if not geraakt:
            continue
        with pytest.raises(TypeError):  # a finished programme's card, as the site asks for it
            kaart.rijen(echt.schema, ident, draft, site._context(echt, "../../"), "../../")
        cells = _kaart(echt, ident, draft, concept=True)
        assert list(cells) == list(finished), ident
        for label, cell in cells.items():
            if label == "Bewijskracht":
                verdict = str(escape(p["bewijskracht"]["oordeel"]))
                assert "kaart-telling" in finished[label] and cell == verdict, (ident, cell)
            else:
                assert cell == finished[label], (ident, label)
        checked += 1
    assert checked >= 3, checked


def _waarden(value, key: str, naast: str | None = None) -> set:
    """Every text under ``key`` in any mapping inside ``value`` (with ``naast``: only in a
    mapping that also has that key), wherever it stands."""
    if isinstance(value, dict):
        own = {value[key]} if isinstance(value.get(key), str) and (naast is None or naast in value) else set()
        return own.union(*(_waarden(v, key, naast) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_waarden(v, key, naast) for v in value))
    return set()


def test_competence_matrix_marks_exactly_the_roles_that_name_each_competence(echt):
    """The matrix page: one column per role of every programme, in order; every catalogue
    competence is a row under its kind, with 'ja' exactly where that role names it (as knowledge,
    skill or attitude) and '–' elsewhere."""
    text = site.competentiematrix(echt)
    rollen = [(ident, rol) for ident, p in echt.programmas.items() for rol in (p.get("competenties") or {}).get("rollen", [])]
    catalogus = echt.vocabulaires["competenties"]
    rows = re.findall(r"^\| \[[^\]]*\]\(#([\w-]+)\) \|(.*)\|$", text, re.M)
    assert sorted(key for key, _ in rows) == sorted(catalogus), "every catalogue competence is one row"
    per_soort = collections.Counter()
    for key, cells in rows:
        marks = [c.strip() for c in cells.split("|")]
        assert marks == ["ja" if key in _waarden(rol, "competentie") else "–" for _, rol in rollen], key
        per_soort[catalogus[key]["soort"]] += marks.count("ja")
    for soort in {c["soort"] for c in catalogus.values()}:
        assert per_soort[soort] >= 1, (soort, per_soort)  # else a kind's marks go unchecked
    # each row stands under the heading of its kind
    for kop, soort in (("Kennis", "kennis"), ("Vaardigheden", "vaardigheid"), ("Houding", "houding")):
        deel = text.split(f"\n## {kop}\n", 1)[1].split("\n## ", 1)[0]
        assert {k for k in re.findall(r"^\| \[[^\]]*\]\(#([\w-]+)\)", deel, re.M)} == \
            {k for k, c in catalogus.items() if c["soort"] == soort}, kop


def test_every_cited_discrepancy_is_linked_with_its_subject_from_the_programme_pages(echt):
    """The method description, competence profiles and checklists of every real programme render
    in the process; each citation that notes a source discrepancy links to that discrepancy on
    the programme page by its subject, and every discrepancy the data cites is linked somewhere."""
    total = 0
    for ident, p in echt.programmas.items():
        verschillen = {v["id"]: v for v in (p.get("bronverschillen") or {}).get("verschillen", [])}
        linked = set()
        for page in (site.methodebeschrijving, site.competentieprofielen, site.checklists):
            for onderwerp, target in re.findall(r"zie bronverschil: \[([^\]]*)\]\(([^)]*)\)", page(echt, ident)):
                vid = next((v for v in verschillen
                            if target == f"../../programmas/{ident}/index.md#{render.slug(f'{ident}-bronverschillen-{v}')}"),
                           None)
                assert vid is not None, (ident, page.__name__, target)
                assert onderwerp == render.md_inline(verschillen[vid]["onderwerp"]), (ident, vid)
                linked.add(vid)
        assert linked == _waarden({k: v for k, v in p.items() if k != "bronverschillen"}, "verschil", naast="bron"), ident
        total += len(linked)
    assert total >= 3, total  # else the property checks nothing


# --- The pieces the validation records are built from (validate.py): what a coordinator reads

@pytest.mark.parametrize(("value", "words"), [
    (None, "niets (een lege waarde)"), (True, "ja/nee"), (False, "ja/nee"), (12, "het getal 12"),
    (1.5, "het getal 1.5"), ("x", "een tekst"), ([1], "een lijst"), ({"a": 1}, "een groep velden"),
])
def test_what_was_written_in_words(value, words):
    from macros import validate
    assert validate.found(value) == words


def test_a_number_is_named_as_it_was_typed_but_a_yes_no_never_is():
    from macros import validate
    assert validate.found(10.0, "1e1") == "het getal 1e1"
    assert validate.found(True, "true") == "ja/nee"
    assert validate.found("1e1", "1e1") == "een tekst"


def test_a_typed_value_is_shown_on_one_line_and_at_most_sixty_characters():
    from macros import validate
    assert validate._show("a" * 60) == "a" * 60
    assert validate._show("a" * 61) == "a" * 59 + "…"
    assert validate._show("een\ntwee") == "een\\ntwee"
    assert validate._show("abcdef", limit=4) == "abc…"


@pytest.mark.parametrize(("text", "version"), [
    ("1.2.3", (1, 2, 3)), ("10.0.12", (10, 0, 12)), ("1.2", None), ("1.2.x", None), ("1.2.3.4", None),
    ("a.b.c", None), (None, None), (1.2, None), ("", None),
])
def test_a_version_is_three_whole_numbers(text, version):
    from macros import validate
    assert validate._semver(text) == version


@pytest.mark.parametrize(("text", "date"), [
    ("2024-01-02", "2024-01-02"), ("2024-1-2", None), ("02-01-2024", None), (20240102, None), (None, None),
])
def test_a_date_is_year_month_day(text, date):
    from macros import validate
    assert validate._datum(text) == date


@pytest.mark.parametrize(("value", "leeg"), [
    (None, True), ([], True), ({}, True), ("", True), ("  \n", True),
    ("a", False), ([0], False), ({"a": None}, False), (0, False), (False, False),
])
def test_what_counts_as_not_filled_in(value, leeg):
    from macros import validate
    assert validate._leeg(value) is leeg


def test_the_field_title_in_a_record_and_where_no_title_exists(hb):
    from macros import validate
    assert validate._field_title(hb.schema, ("probleem",)) == " (Probleem)"
    assert validate._field_title(hb.schema, ("bestaat_niet",)) == ""


def test_the_nearest_vocabulary_key_by_key_name_term_or_spelling():
    from macros import validate
    known = {"po": {"naam": "Basisonderwijs"}, "k1": {"term": "IKC", "varianten": ["kindcentrum"]},
             "vo": {"naam": "Voortgezet onderwijs"}}
    assert validate.nearest("basisonderwjis", known) == "po"
    assert validate.nearest("IKC", known) == "k1"
    assert validate.nearest("kindcentra", known) == "k1"
    assert validate.nearest("xyzzy", known) is None


@pytest.mark.parametrize(("wanted", "inst", "hint"), [
    ("array", "tekst", "Zet elk punt op een eigen regel die begint met '- '."),
    ("object", "tekst", "Schrijf hier de onderliggende velden, elk op een eigen ingesprongen regel."),
    ("string", None, "Vul een tekst in, of verwijder het veld als het niet verplicht is."),
    ("string", 12, "Zet de waarde tussen aanhalingstekens als het tekst is."),
    ("string", True, "Zet de waarde tussen aanhalingstekens als het tekst is."),
    ("string", [1], ""),
    ("integer", "12", "Schrijf een heel getal zonder aanhalingstekens, bijvoorbeeld 12."),
    ("array", 12, ""), ("object", None, ""),
])
def test_the_hint_for_a_value_of_the_wrong_kind(wanted, inst, hint):
    from macros import validate
    assert validate._type_hint(wanted, inst) == hint


def test_how_to_say_a_part_is_not_described():
    from macros import validate
    assert validate._niet_beschreven_hint({"x-niet-beschreven": []}, "kosten") == (
        "Beschrijven de bronnen dit niet, schrijf dan onder 'kosten:' alleen 'niet_beschreven:' met "
        "'gezocht' (waar u zocht) en 'navragen' (bij wie een school het kan navragen).")
    assert validate._niet_beschreven_hint({"type": "object"}, "kosten") == ""


def test_a_date_after_the_day_of_the_check_is_refused(monkeypatch):
    from macros import validate
    monkeypatch.setattr(validate, "vandaag", lambda: "2024-06-01")
    check = validate.EcmaValidator({"x-niet-in-de-toekomst": True})
    assert [e.validator for e in check.iter_errors("2024-06-02")] == ["x-niet-in-de-toekomst"]
    for fine in ("2024-06-01", "2024-13-45", "morgen", 20990101):
        assert list(check.iter_errors(fine)) == [], fine
    assert list(validate.EcmaValidator({"x-niet-in-de-toekomst": False}).iter_errors("2099-01-01")) == []


def test_the_condition_of_a_conditional_requirement_in_words():
    from jsonschema import ValidationError

    from macros import validate
    from macros.schema import Schema
    schema = Schema("t", {"allOf": [{"if": {"properties": {"niveau": {"const": "methodiek"},
                                                          "status": {"not": {"const": "niet nagegaan"}}}},
                                     "then": {"required": ["x"]}}]})
    err = ValidationError("m", validator="required", schema_path=["allOf", 0, "then", "required"])
    assert validate._voorwaarde(schema, err) == "bij niveau 'methodiek' en bij een status anders dan 'niet nagegaan'"
    plain = ValidationError("m", validator="required", schema_path=["required"])
    assert validate._voorwaarde(schema, plain) == ""
    top = Schema("t", {"if": {"properties": {"niveau": {"const": "methodiek"}}}, "then": {"required": ["x"]}})
    err = ValidationError("m", validator="required", schema_path=["then", "required"])
    assert validate._voorwaarde(top, err) == "bij niveau 'methodiek'"


# --- What every page's content gets (hook.tidy): accessible names, one tooltip per term and section

def test_a_term_keeps_its_tooltip_and_full_form_once_per_section(monkeypatch):
    """Per h2 section (or printed unit) the first use of a term keeps its tooltip, later uses are
    plain text; the first use that stands alone carries its full form for print, escaped (not
    before a hyphen or apostrophe, not when the full form is the term itself, not on the glossary
    page, which passes expand=False)."""
    from macros import hook
    monkeypatch.setattr(hook, "_VOLUIT", {"JET": 'Jeugd"expert"team', "IB": "intern begeleider", "Wmo": "WMO"})

    def abbr(term):
        return f'<abbr title="uitleg">{term}</abbr>'

    page = (f"<p>{abbr('IB')}'er en {abbr('IB')} en {abbr('JET')}-lid, {abbr('JET')} en {abbr('Wmo')}</p>"
            f'<h2 id="b">B</h2><p>{abbr("JET")} {abbr("JET")}</p>')
    voluit = ' data-voluit="Jeugd&quot;expert&quot;team"'
    expected = (f"<p>{abbr('IB')}'er en "
                f'<span data-voluit="intern begeleider">IB</span> en {abbr("JET")}-lid, '
                f'<span{voluit}>JET</span> en {abbr("Wmo")}</p>'
                f'<h2 id="b">B</h2><p><abbr title="uitleg"{voluit}>JET</abbr> JET</p>')
    assert hook.first_abbreviations(page) == expected
    assert hook.tidy(page) == expected
    plain = hook.first_abbreviations(page, expand=False)
    assert "data-voluit" not in plain and plain.count("<abbr") == 4
    assert hook.tidy(page, expand=False) == plain
    # a checklist phase is a printed unit of its own: the term gets its tooltip again there
    units = f'<div class="checklist-fase">{abbr("IB")}</div><div class="checklist-fase">{abbr("IB")}</div>'
    assert hook.first_abbreviations(units, expand=False) == units


def test_a_checklist_box_and_a_permalink_are_named_by_their_text():
    from macros import hook
    box = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
           '<span class="task-list-indicator"></span></label> Ouders "akkoord" &amp; <em>getekend</em></li>')
    assert hook.tidy(box, expand=False) == (
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled'
        ' aria-label="Ouders &quot;akkoord&quot; &amp; getekend"/><span class="task-list-indicator"></span></label>'
        ' Ouders "akkoord" &amp; <em>getekend</em></li>')
    link = '<h2 id="a">A<a class="headerlink" href="#a" title="Permanente link">¶</a></h2>'
    assert hook.tidy(link, expand=False) == \
        '<h2 id="a">A<a class="headerlink" href="#a" aria-label="Permanente link">¶</a></h2>'


def test_the_search_script_gets_the_glossary_groups_the_outline_and_the_terms(echt):
    from macros import hook, zoeken
    words = hook._search_words(echt)
    assert words["onderdelen"] == [s.titel for s in echt.outline]
    assert words["groepen"] == zoeken.synonyms(echt.data["begrippen"]) and len(words["groepen"]) >= 10
    assert words["termen"] == [b["term"] for b in echt.vocabulaires["begrippen"].values()]
    assert hook._search_words(None) == {"groepen": [], "onderdelen": [], "termen": []}


def test_comparison_pages_list_every_programme_up_to_the_limit_and_no_further(echt, monkeypatch):
    """Without a choice (or without JavaScript) a comparison page links each programme's section,
    as long as there are at most pages.NAV_LIMIT programmes; one more and it points to the list."""
    from macros import pages
    n = len(echt.programmas)
    for limit, lijst in ((n, True), (n - 1, False)):
        monkeypatch.setattr(pages, "NAV_LIMIT", limit)
        for text in (site.vergelijking_sectie(echt, "doelgroep"), site.vergelijking_alles(echt)):
            assert ('<ul class="vergelijk-links">' in text) is lijst, limit
            assert (f"beschrijft {n} programma's" in text) is not lijst, limit


def test_change_list_is_newest_first_across_programmes(echt):
    rows = re.findall(r"^\| (\d{4})\\-(\d\d)\\-(\d\d) \| \[[^\]]+\]\(programmas/([\w-]+)/", site.wijzigingenlijst(echt), re.M)
    assert len(rows) == sum(len(p["wijzigingen"]) for p in echt.programmas.values())
    keys = [(f"{y}-{m}-{d}", ident) for y, m, d, ident in rows]
    assert keys == sorted(keys, reverse=True)  # newest first; on one day by programme id, descending
    assert len({d for d, _ in keys}) >= 3


def test_comparison_fragments_of_chosen_programmes_only(echt):
    """Every section every programme fills, in outline order; with a choice, only the chosen ones
    (the first, the last, or none of them)."""
    alle = site.fragmenten(echt)
    assert [(k, i) for k, i, _ in alle] == [(s.key, i) for s in echt.outline for i, p in echt.programmas.items()
                                             if s.key in p]
    idents = list(echt.programmas)
    for keuze in ({idents[0]}, {idents[-1]}, {idents[0], idents[-1]}, set()):
        assert site.fragmenten(echt, keuze) == [f for f in alle if f[1] in keuze], keuze


def test_a_programme_that_names_no_glossary_terms_changes_nothing_on_the_glossary_page(echt):
    import copy
    first = next(iter(echt.programmas.values()))
    assert render.programmanaam(first).split(":")[0] in site.begrippenlijst(echt)  # the page names programmes
    book = copy.copy(echt)
    book.programmas = {**echt.programmas, "zonder": {k: v for k, v in first.items() if k != "begrippen"}}
    assert site.begrippenlijst(book) == site.begrippenlijst(echt)


def test_competence_profiles_show_the_handbook_version_they_are_given(echt):
    ident = next(i for i, p in echt.programmas.items() if (p.get("competenties") or {}).get("rollen"))
    assert "9.8.7" in site.competentieprofielen(echt, ident, versie="9.8.7")
    assert "9.8.7" not in site.competentieprofielen(echt, ident)


def test_a_style_record_names_the_field_with_its_section_and_quotes_a_sentence_on_one_line(hb):
    from macros import stijl
    assert stijl._waar(hb.schema, ("probleem", "tekst")) == "'probleem.tekst' (Probleem)"
    assert stijl._waar(hb.schema, ("bestaat_niet",)) == "'bestaat_niet'"
    assert stijl._kort("een  twee\ndrie") == "een twee drie"
    precies = "woord " * 13 + "tachtig"  # 85 characters
    assert stijl._kort(precies[:80]) == precies[:80]
    assert stijl._kort(precies) == stijl._kort(precies[:81]) == "woord " * 12 + "woord …"
    assert stijl._kort("abc defgh", limit=6) == "abc …"


def test_a_data_file_that_cannot_be_read_leaves_its_vocabulary_empty_and_the_pages_render(project):
    """In the preview a broken data file is a record in the banner, not a page that fails: every
    vocabulary its schema declares is there, empty, and the shared pages and search words render."""
    from macros import hook
    root = project([VALID])
    for name in ("bronnen", "begrippen", "sectoren"):
        (root / "data" / f"{name}.yml").write_text("a: b: c\n", encoding="utf-8")
    model._cache.clear()
    book = model.laad(root)
    assert {f.bestand for f in book.fouten} >= {"data/bronnen.yml", "data/begrippen.yml", "data/sectoren.yml"}
    assert book.vocabulaires["bronnen"] == book.vocabulaires["begrippen"] == book.vocabulaires["sectoren"] == {}
    context = site._context(book, "")
    assert context["bronnen"] == {} and context["gebruikte_sectoren"] == []
    assert hook._search_words(book) == {"groepen": [], "onderdelen": [s.titel for s in book.outline], "termen": []}
    for page in (site.begrippenlijst, site.bronnenlijst, site.aan_de_slag, site.programma_overzicht, site.opzet):
        assert page(book).strip(), page.__name__  # (it rendered: no KeyError, no undefined name)


def test_the_preview_banner_lists_each_record_as_one_item():
    from macros import hook
    from macros.errors import Fout
    fouten = [Fout("methodiek/a.yml", 3, 5, "doelgroep", "de <lijst> is leeg", "Vul minstens 1 punt in."),
              Fout("data/b.yml", 1, 1, "", "er is geen schema")]
    html_text = hook.banner(fouten)
    items = html_text.split("<ul>", 1)[1].split("</ul>", 1)[0]
    assert items == ("<li><code>methodiek/a.yml:3:5</code> doelgroep: de &lt;lijst&gt; is leeg. Vul minstens 1 punt "
                     "in.</li><li><code>data/b.yml:1:1</code> er is geen schema.</li>")
    assert hook.banner([]) == ""


# --- The generated pages and the menu (pages.py), and where a record belongs (model.sectie_van)

def test_a_generated_page_is_one_macro_call_with_literal_ids_and_names_its_yaml_file(echt):
    from macros import pages
    assert pages.source("checklists", "jok", "1.0") == '{{ checklists("jok", "1.0") }}\n'
    assert pages.source("opzet") == "{{ opzet() }}\n"
    assert pages.source("opzet", front="---\nx: 1\n---\n") == '---\nx: 1\n---\n{{ opzet() }}\n'
    made = pages.generated(echt.programmas, echt.bestanden, echt.outline)
    for ident in echt.programmas:
        own = [p for p in made if p.path.startswith(f"{pages.FOLDER}/{ident}/")]
        assert len(own) == len(pages.KINDS) and all(p.yaml == echt.bestanden[ident] for p in own), ident
    assert all(p.yaml is None for p in made if not p.path.startswith(f"{pages.FOLDER}/"))


def test_the_menu_lists_every_programme_up_to_the_limit_and_no_further(echt, monkeypatch):
    from macros import pages
    n = len(echt.programmas)
    for limit, listed in ((n, True), (n - 1, False)):
        monkeypatch.setattr(pages, "NAV_LIMIT", limit)
        nav = pages.navigation(echt.programmas, echt.outline, render.programmanaam)
        programmas = next(entry["Programma's"] for entry in nav if "Programma's" in entry)
        assert len(programmas) == (1 + n if listed else 1), limit


@pytest.mark.parametrize(("pad", "sectie"), [
    ("doelgroep.contra_indicaties", "doelgroep"), ("eerste_stappen (punt 2).tekst", "eerste_stappen"),
    ("wijzigingen (punt 2).versie", ""), ("naam", ""), ("", ""),
])
def test_a_record_belongs_to_the_outline_section_its_path_starts_in(echt, pad, sectie):
    assert model.sectie_van(pad, echt.outline) == sectie
