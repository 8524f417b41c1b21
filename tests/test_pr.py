"""`methodiek check` in a pull request: workflow annotations and a job summary under
GitHub Actions only, and the versioning discipline against a base commit (--basis)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

import pytest

from conftest import WAIT, BIN, FIXTURES, REPO, VALID

pytestmark = pytest.mark.traag  # git repositories and check runs against a base commit

BROKEN = FIXTURES / "fout" / "onbekende-sleutel.yml"


def _check(root: Path, *args: str, github: bool = False, summary: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_") and k != "METHODIEK_BASIS"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if summary:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    if github:
        env["GITHUB_ACTIONS"] = "true"
        env["GITHUB_WORKSPACE"] = str(root.parent)
    return subprocess.run([str(BIN / "methodiek"), "--root", str(root), "check", *args], cwd=root,
                          capture_output=True, text=True, env=env, timeout=15 * WAIT)


def _line_of(path: Path, start: str) -> int:
    return next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row.startswith(start))


def test_annotations_and_summary_under_github_actions_only(project, tmp_path):
    root = project([VALID, BROKEN])
    line = _line_of(root / "methodiek" / "onbekende-sleutel.yml", "  primiar:")
    summary = tmp_path / "samenvatting.md"
    result = _check(root, github=True, summary=summary)
    assert result.returncode == 1
    # the usual record stays, and the same error is an annotation on its line, relative to the repository
    assert f"methodiek/onbekende-sleutel.yml:{line}:3: doelgroep.primiar: het veld 'primiar' is onbekend" in result.stdout
    annotations = [row for row in result.stdout.splitlines() if row.startswith("::")]
    assert annotations and all(row.startswith("::error file=handboek/methodiek/onbekende-sleutel.yml,") for row in annotations)
    assert (f"::error file=handboek/methodiek/onbekende-sleutel.yml,line={line},col=3,title=methodiek check::"
            "doelgroep.primiar: het veld 'primiar' is onbekend; het zou bij het bouwen verloren gaan. "
            "Bedoelde u 'primair'? Dat veld ontbreekt nu") in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Controle van de beschrijvingen")
    assert "**1 fout in 1 bestand.**" in text
    assert f"| methodiek/onbekende-sleutel.yml | {line}:3 | doelgroep.primiar | het veld 'primiar' is onbekend" in text
    # the completeness table: the valid programme and the draft, with the open record in its section
    assert "#### Voorbeeldmethodiek Jeugdhulp op de Basisschool (methodiek/voorbeeld.yml)" in text
    assert "(methodiek/onbekende-sleutel.yml) — nog niet af" in text
    draft = text[text.index("(methodiek/onbekende-sleutel.yml)"):]
    assert "| Onderdeel | Velden | Afgeleid | Bronnen | Woorden | Open |" in draft
    doelgroep = next(row for row in draft.splitlines() if row.startswith("| Doelgroep |"))
    assert doelgroep.endswith("| 1 |"), doelgroep
    # in a plain terminal: today's output, no annotations, no summary written
    summary.unlink()
    plain = _check(root, summary=summary)
    assert plain.returncode == 1 and "::" not in plain.stdout and not summary.exists()
    assert [row for row in plain.stdout.splitlines()] == [row for row in result.stdout.splitlines() if not row.startswith("::")]


def test_summary_of_a_clean_run(project, tmp_path):
    root = project([VALID])
    summary = tmp_path / "samenvatting.md"
    result = _check(root, github=True, summary=summary)
    assert result.returncode == 0 and "::" not in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert "**Alles in orde.**" in text and "### Meldingen" not in text
    assert "| Samenvatting | " in text and "| **totaal** |" in text


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          capture_output=True, text=True, check=True).stdout


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_content_change_needs_a_version_bump_against_the_base(project):
    root = project([VALID])
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "basis")
    base = _git(root, "rev-parse", "HEAD").strip()
    target = root / "methodiek" / "voorbeeld.yml"
    assert _check(root, "--basis", base).returncode == 0  # nothing changed
    # layout only (a comment): no new version needed
    _edit(target, "id: voorbeeld\n", "id: voorbeeld  # een opmerking\n")
    assert _check(root, "--basis", base).returncode == 0
    # a sentence changed, the version not
    _edit(target, "direct iemand\n", "meteen iemand\n")
    result = _check(root, "--basis", base)
    assert result.returncode == 1
    versie = _line_of(target, "versie:")
    assert (f"methodiek/voorbeeld.yml:{versie}:9: versie: de inhoud is veranderd ten opzichte van {base}, maar de "
            "versie is niet verhoogd (nog 1.1.0") in result.stdout
    assert "Verhoog 'versie' (bijvoorbeeld 1.2.0, of 1.1.1 voor een kleine correctie), voeg onder 'wijzigingen' " \
           "een punt toe" in result.stdout
    # the same under GitHub Actions: an annotation on that line
    github = _check(root, "--basis", base, github=True)
    assert f"::error file=handboek/methodiek/voorbeeld.yml,line={versie},col=9," in github.stdout
    # a higher version with its changelog entry, but laatst_herzien left behind
    _edit(target, "versie: 1.1.0\nlaatst_herzien: 2024-02-01\n", "versie: 1.2.0\nlaatst_herzien: 2024-06-01\n")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    last = data["wijzigingen"][-1]
    entry = (f"  - versie: {last['versie']}\n    datum: {last['datum']}\n    omschrijving: {last['omschrijving']}\n")
    _edit(target, entry, entry + "  - versie: 1.2.0\n    datum: 2024-05-01\n    omschrijving: Samenvatting verduidelijkt.\n")
    result = _check(root, "--basis", base)
    assert result.returncode == 1
    assert ("laatst_herzien: de inhoud is veranderd ten opzichte van " + base + ", maar 'laatst_herzien' (2024-06-01) "
            "is niet de datum van de nieuwe wijziging (2024-05-01). Zet 'laatst_herzien' op 2024-05-01") in result.stdout
    # all three: accepted
    _edit(target, "laatst_herzien: 2024-06-01\n", "laatst_herzien: 2024-05-01\n")
    result = _check(root, "--basis", base)
    assert result.returncode == 0, result.stdout
    # an unknown base: a Dutch message, no traceback
    unknown = _check(root, "--basis", "bestaat-niet")
    assert unknown.returncode == 2 and "de basis 'bestaat-niet' is in git niet bekend" in unknown.stdout
    assert "Traceback" not in unknown.stdout + unknown.stderr


def test_pr_workflow_checks_against_the_target_branch():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    step = next(s for s in job["steps"] if s.get("run") == ".venv/bin/methodiek check")
    assert step["env"]["METHODIEK_BASIS"] == "${{ github.base_ref && format('origin/{0}', github.base_ref) || '' }}"
