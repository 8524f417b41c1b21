"""The coordinator's workflow: versions with mike, changelogs, edit links, scaffold,
editor support, open data, CI workflows and the gate."""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from conftest import BIN, REPO, VALID, WAIT, build, make_project, run

pytestmark = pytest.mark.traag  # mike deploys, git repositories, scaffolds: each test starts several processes


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def tree(root, prefix):
    """{path: blob hash} of a folder on the versions branch."""
    out = git("ls-tree", "-r", "gh-pages", prefix, cwd=root)
    return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}


def test_mike_deploys_two_versions_offline(published):
    """Two releases and the development version, published with mike as the deploy workflow
    does it (the shared publication of conftest, made once per run)."""
    repo, before = published["repo"], published["before"]
    assert "1.0/index.html" in before and "1.0/programmas/voorbeeld/checklists/index.html" in before
    assert "1.0/programmas/tweede/index.html" not in before
    assert tree(repo, "1.0/") == before  # the first version is untouched by the next, byte for byte
    assert "1.1/programmas/tweede/index.html" in tree(repo, "1.1/")
    # the development version as the deploy workflow publishes it
    assert any("--title ontwikkelversie 0-ontwikkel" in r for r in _runs(_workflow("deploy.yml")))

    versions = json.loads(git("show", "gh-pages:versions.json", cwd=repo))
    assert {v["version"] for v in versions} == {"1.0", "1.1", "0-ontwikkel"}
    assert next(v for v in versions if v["version"] == "1.1")["aliases"] == ["latest"]
    # the releases first, newest on top; the development version last
    assert [v["title"] for v in versions] == ["1.1", "1.0", "ontwikkelversie"]

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(published["site"])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for version in ("1.0", "1.1", "latest"):
            page = urllib.request.urlopen(f"{base}/{version}/", timeout=WAIT).read().decode()
            assert '"provider": "mike"' in page or '"provider":"mike"' in page
        listed = json.loads(urllib.request.urlopen(f"{base}/versions.json", timeout=WAIT).read())
        assert [v["version"] for v in listed][:2] == ["1.1", "1.0"]
        checklist = urllib.request.urlopen(f"{base}/1.0/programmas/voorbeeld/checklists/", timeout=WAIT).read().decode()
        assert ("· beschrijving versie 1.1.0, laatst herzien 2024-02-01 · <strong>concept, nog niet vastgesteld"
                "</strong> · handboek 1.0</p>") in checklist
        # a banner on every page of the development version, none on a release
        banner = '<p class="handboek-ontwikkelversie"><strong>Ontwikkelversie.</strong>'
        assert banner not in checklist
        assert banner in urllib.request.urlopen(f"{base}/0-ontwikkel/vergelijken/", timeout=WAIT).read().decode()
        # every version's sitemap lists its pages under its own folder (mike adds it to
        # site_url), which Material's version switch needs to keep the reader on the same page
        sitemap = urllib.request.urlopen(f"{base}/1.0/sitemap.xml", timeout=WAIT).read().decode()
        assert "<loc>http://127.0.0.1:8000/1.0/programmas/voorbeeld/checklists/</loc>" in sitemap
    finally:
        server.shutdown()


def test_programme_page_shows_version_date_changelog_and_edit_link(project):
    root = project([VALID])
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOEK_REPO_URL="https://git.example.invalid/org/handboek",
               HANDBOEK_EDIT_URI="edit/main/docs/")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")], cwd=root,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "programmas" / "voorbeeld" / "index.html").read_text(encoding="utf-8")
    assert "1.1.0, laatst herzien 2024-02-01" in page
    assert "Fasering aangevuld met een checklist per fase." in page
    assert 'href="https://git.example.invalid/org/handboek/edit/main/methodiek/voorbeeld.yml"' in page
    hand = (root / "site" / "opzet" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.invalid/org/handboek/edit/main/docs/opzet.md"' in hand


def test_published_open_data_validates_against_the_schemas(project):
    root = project([VALID])
    assert build(root).returncode == 0
    data = json.loads((root / "site" / "handboek.json").read_text(encoding="utf-8"))
    assert data["handboek_versie"] == "ontwikkelversie"
    assert [p["id"] for p in data["programmas"]] == ["voorbeeld"]
    schema_dir = root / "site" / "schemas"
    programme_schema = json.loads((schema_dir / "methodiek.schema.json").read_text(encoding="utf-8"))
    for p in data["programmas"]:
        Draft202012Validator(programme_schema, format_checker=FormatChecker()).validate(p)
    for name, part in data["data"].items():
        Draft202012Validator(json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))).validate(part)
    assert set(data["data"]) == {"bronnen", "sectoren", "competenties", "begrippen", "zorgstructuur", "privacy", "stijl"}


def test_every_yaml_file_names_its_schema():
    for path in [*(REPO / "methodiek").glob("*.yml"), *(REPO / "data").glob("*.yml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/"), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema_path in settings["yaml.schemas"]:
        assert (REPO / schema_path).is_file()


def test_scaffold_then_check_names_every_empty_section(tmp_path):
    root = make_project(tmp_path)
    result = run("methodiek", "--root", str(root), "nieuw", "nieuw-programma", cwd=root)
    assert result.returncode == 0, result.stdout
    text = (root / "methodiek" / "nieuw-programma.yml").read_text(encoding="utf-8")
    assert "# Probleem: Welk probleem pakt de methodiek aan?" in text
    check = run("methodiek", "--root", str(root), "check", cwd=root)
    assert check.returncode == 1
    from macros import schema as schemas
    lines = check.stdout.splitlines()
    required = schemas.load(REPO).verplicht("methodiek")  # the default level: the full outline
    for sectie in schemas.outline(REPO):
        if sectie.key in required:  # an optional section (bronverschillen) may stay absent
            assert any(ln.startswith("methodiek/nieuw-programma.yml:") and f": {sectie.key}." in ln
                       for ln in lines), sectie.key
    assert "Traceback" not in check.stdout + check.stderr
    assert "niveau: \"methodiek\"" in text
    again = run("methodiek", "--root", str(root), "nieuw", "nieuw-programma", cwd=root)
    assert again.returncode == 1 and "bestaat al" in again.stdout
    bad = run("methodiek", "--root", str(root), "nieuw", "Geen Slug", cwd=root)
    assert bad.returncode == 1 and "geen geldige id" in bad.stdout


def test_scaffold_per_level(tmp_path):
    """`methodiek nieuw <id> --niveau praktijkvoorbeeld`: the short outline, every section of it
    named by the check, none of the sections only a methodiek has; an unknown level is refused."""
    from macros import schema as schemas
    root = make_project(tmp_path)
    result = run("methodiek", "--root", str(root), "nieuw", "kort", "--niveau", "praktijkvoorbeeld", cwd=root)
    assert result.returncode == 0, result.stdout
    text = (root / "methodiek" / "kort.yml").read_text(encoding="utf-8")
    assert 'niveau: "praktijkvoorbeeld"' in text
    assert "alleen 'niet_beschreven:' onder" in text
    sch = schemas.load(REPO)
    top = [ln.split(":")[0] for ln in text.splitlines() if ln[:1].isalpha()]
    sections = [s.key for s in sch.outline()]
    assert [k for k in top if k in sections] == [k for k in sections if k in sch.verplicht("praktijkvoorbeeld")]
    assert "probleem" not in top and "fasering" not in top
    check = run("methodiek", "--root", str(root), "check", cwd=root)
    for key in sch.verplicht("praktijkvoorbeeld"):
        if key in sections:
            assert f"methodiek/kort.yml:" in check.stdout and f": {key}." in check.stdout, key
    assert "het is verplicht bij niveau 'methodiek'" not in check.stdout
    bad = run("methodiek", "--root", str(root), "nieuw", "ander", "--niveau", "handboek", cwd=root)
    assert bad.returncode == 1
    assert "methodiek nieuw: 'handboek' is geen niveau. Kies uit: 'methodiek', 'praktijkvoorbeeld'." in bad.stdout
    assert not (root / "methodiek" / "ander.yml").exists()


def test_changelog_must_move_forward(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("    datum: 2024-02-01\n", "    datum: 2023-01-01\n")
    path = tmp_path / "voorbeeld.yml"
    path.write_text(text, encoding="utf-8")
    result = run("methodiek", "--root", str(REPO), "check", str(path))
    assert result.returncode == 1
    assert "wijzigingen (punt 2).datum: datum 2023-01-01 ligt vóór de datum erboven (2023-05-01)" in result.stdout


def _workflow(name):
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _runs(workflow):
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def test_workflows_parse_and_use_the_readme_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pr, deploy = _workflow("pr.yml"), _workflow("deploy.yml")
    assert True in pr or "on" in pr  # YAML 1.1 reads the key 'on' as True
    install = "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements-lock.txt && .venv/bin/pip install --no-deps --no-build-isolation -e ."
    assert install in readme
    assert install in _runs(pr) and install in _runs(deploy)
    assert ".venv/bin/methodiek check" in _runs(pr)
    assert ".venv/bin/mkdocs build --strict" in _runs(pr)
    assert ".venv/bin/pytest" in _runs(pr) and ".venv/bin/pytest" in readme
    assert any("mike deploy --push --update-aliases" in r for r in _runs(deploy))
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "methodiek check"


def test_gate_fails_on_an_emptied_section(tmp_path):
    """The real content, one section emptied: the PR workflow's check and build commands fail,
    naming that section and its line."""
    root = make_project(tmp_path, sorted((REPO / "methodiek").glob("*.yml")))
    target = root / "methodiek" / "jos.yml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("randvoorwaarden:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#"))
    target.write_text("".join(lines[:start] + ["randvoorwaarden:\n", "\n"] + lines[end:]), encoding="utf-8")
    for command in _runs(_workflow("pr.yml")):
        if "methodiek check" in command or "mkdocs build" in command:
            argv = shlex.split(command)
            argv[0] = str(BIN / os.path.basename(argv[0]))
            result = subprocess.run(argv, cwd=root, capture_output=True, text=True,
                                    env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
            assert result.returncode != 0, command
            assert f"methodiek/jos.yml:{start + 1}:" in result.stdout + result.stderr, command
            assert "randvoorwaarden: hier hoort een groep velden" in result.stdout + result.stderr


def test_scaffold_shows_an_example_for_every_list_in_plain_words(tmp_path):
    """Every list in a new file has one commented example entry (a role, a phase, a level ...),
    and the words are a coordinator's: 'bijvoorbeeld 1.0.0', never 'semver'."""
    import yaml
    from macros import schema as schemas, scaffold
    text = scaffold.skeleton(schemas.load(REPO), "nieuw")
    assert "semver" not in text.lower()
    assert "Versie van deze beschrijving, bijvoorbeeld 1.0.0" in text
    lines = text.splitlines()
    lists = [i for i, ln in enumerate(lines) if ln.endswith(": []")]
    assert len(lists) > 20
    for i in lists:
        assert lines[i + 1].lstrip().startswith("# Een voorbeeld van een punt"), lines[i]
        assert lines[i + 2].lstrip().startswith("#   - "), lines[i]
    competenties = lines.index("competenties:")  # aansluiting has 'rollen' too: the roles of the care structure
    for key in ("rollen", "fasen", "niveaus"):
        i = next(i for i in lists if lines[i].strip() == f"{key}: []" and (key != "rollen" or i > competenties))
        assert lines[i + 2].strip().startswith("#   - id:" if key != "niveaus" else "#   - niveau:")
    # the examples, uncommented, have the shape the schema asks for
    import re
    opened = "\n".join(re.sub(r"^( *)#   ", r"\1  ", re.sub(r": \[\]$", ":", ln)) for ln in lines)
    data = yaml.safe_load(opened)
    rol = data["competenties"]["rollen"][0]
    assert set(rol) >= {"id", "naam", "bronnen"} and isinstance(rol["bronnen"][0], dict)
    assert isinstance(data["fasering"]["werkwijze"]["fasen"][0], dict)


def _steps(name):
    (job,) = _workflow(name)["jobs"].values()
    return job["steps"]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_workflow_installs_the_browser_before_the_tests_and_requires_it(name):
    """On GitHub the browser tests must run, not skip: a browser is installed first, the test
    step names it (HANDBOEK_BROWSER) and requires it (HANDBOEK_VEREIST). The sources (../shared)
    are not there, so they are not required."""
    steps = _steps(name)
    tests = next(i for i, s in enumerate(steps) if s.get("run", "").strip() == ".venv/bin/pytest")
    install = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("browser-actions/setup-chrome@"))
    assert install < tests
    env = steps[tests]["env"]
    assert env["HANDBOEK_VEREIST"].split(",") == ["browser"]
    assert env["HANDBOEK_BROWSER"] == f"${{{{ steps.{steps[install]['id']}.outputs.chrome-path }}}}"
    publish = [i for i, s in enumerate(steps) if "mike deploy" in s.get("run", "")]
    assert all(i > tests for i in publish)  # nothing is published before the tests pass


def test_ci_run_requires_browser_and_sources():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "export HANDBOEK_VEREIST=browser,bronnen" in script
    assert "python3 -m venv .venv && .venv/bin/pip install --quiet --require-hashes -r requirements-lock.txt" in script
    assert ".venv/bin/pip install --quiet --no-deps --no-build-isolation -e . && .venv/bin/pytest" in script
    assert ".venv/bin/pytest" in readme
    assert '[ "$status" -eq 5 ]' in script  # no tests collected is a failure
