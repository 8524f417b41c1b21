"""Each macro is documented and renders from the fixture programme."""
from __future__ import annotations

import datetime
import inspect
import re

import pytest

from conftest import VALID

from macros import model, render, site


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
    assert '!!! afgeleid "Afgeleid door de redactie"' in md
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
    assert "*Afgeleid door de redactie:*" in md


def test_programma_overzicht(hb):
    md = site.programma_overzicht(hb)
    assert '<a href="programmas/voorbeeld/">VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool</a>' in md
    assert "Primair onderwijs, Kinderopvang" in md


def test_opzet_lists_outline_from_schema(hb):
    md = site.opzet(hb)
    assert md.splitlines()[0].startswith("1. **Samenvatting**")
    assert len([ln for ln in md.splitlines() if re.match(r"\d+\. ", ln)]) == len(hb.outline)


def test_unknown_programme_is_refused(hb):
    with pytest.raises(KeyError, match="onbekend programma"):
        site.methodebeschrijving(hb, "bestaat-niet")


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


def test_intern_link_refuses_foreign_targets():
    with pytest.raises(ValueError):
        render.intern_link("javascript:alert(1)")
    with pytest.raises(ValueError):
        render.intern_link("../../etc")


def test_programme_label_and_title_do_not_repeat_a_short_name_that_is_the_name():
    from macros.render import programmanaam, programmatitel
    jos = {"afkorting": "JOS", "naam": "Jeugdhulp op School"}
    assert programmanaam(jos) == "JOS: Jeugdhulp op School"
    assert programmanaam(jos, " – ") == "JOS – Jeugdhulp op School"
    assert programmatitel(jos) == "Jeugdhulp op School (JOS)"
    vangrail = {"afkorting": "Vangrail", "naam": "Vangrail"}
    assert programmanaam(vangrail) == programmatitel(vangrail) == "Vangrail"
