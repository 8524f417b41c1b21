"""The messages a coordinator reads: Dutch only, one record per mistake, all at once,
and strings judged as the JSON Schema means them (checked by an independent validator)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, VALID, run

from macros import reader

ENGLISH = re.compile(r"\b(found|expected|allowed|mapping|while|scanning|parsing|token|stream|could not|"
                     r"cannot|indicator|escape sequence|directive|alias|anchor|scalar|but got|node)\b", re.I)

# libyaml (the C parser PyYAML uses when it is built with it) words its problems differently;
# these are the problem texts of its scanner.c, parser.c and reader.c.
LIBYAML = [
    "mapping values are not allowed in this context", "mapping keys are not allowed in this context",
    "block sequence entries are not allowed in this context", "could not find expected ':'",
    "did not find expected key", "did not find expected '-' indicator", "did not find expected node content",
    "did not find expected ',' or ']'", "did not find expected ',' or '}'", "found unexpected end of stream",
    "found unknown escape character", "found invalid Unicode character escape code",
    "did not find expected hexdecimal number", "found character that cannot start any token",
    "found undefined tag handle", "did not find expected tag URI", "did not find expected '!'",
    "did not find expected whitespace", "did not find expected whitespace or line break",
    "did not find expected comment or line break", "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected", "found unexpected ':'",
    "found unexpected document indicator", "found duplicate %YAML directive", "found duplicate %TAG directive",
    "found incompatible YAML document", "found unknown directive name", "found extremely long version number",
    "did not find expected digit or '.' character", "did not find expected version number",
    "did not find expected <document start>", "did not find expected <stream-start>",
    "found an indentation indicator equal to 0", "did not find the expected '>'",
    "did not find expected alphabetic or numeric character", "did not find URI escaped octet",
    "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet",
    "found unexpected non-alphabetical character", "control characters are not allowed",
    "invalid Unicode character", "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet",
    "incomplete UTF-8 octet sequence", "input is too long", "found undefined alias", "found duplicate anchor",
]


def _pyyaml_problems() -> list[str]:
    """Every problem text in PyYAML's reader, scanner, parser and composer (the constructor is never
    asked to build anything but plain scalars),
    with its %-placeholders filled in as PyYAML would."""
    out = set()
    for name in ("reader", "scanner", "parser", "composer"):
        tree = ast.parse(Path(yaml.__file__).with_name(f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Error"):
                for arg in node.args:
                    text = arg.left if isinstance(arg, ast.BinOp) else arg
                    if isinstance(text, ast.Constant) and isinstance(text.value, str) and " " in text.value \
                            and not text.value.startswith(("while ", "Please ", "Initialize")):
                        out.add(text.value.replace("%r", "'x'").replace("%s", "x").replace("%d", "2")
                                .replace("%02x", "ff"))
    return sorted(out)


PROBLEMS = _pyyaml_problems() + LIBYAML + ["found character '\\t' that cannot start any token"]


def test_pyyaml_problems_were_found():
    assert len(_pyyaml_problems()) > 30
    assert "mapping values are not allowed here" in PROBLEMS


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_parser_problem_is_said_in_dutch(problem):
    melding, hint = reader.vertaal(problem)
    text = f"{melding}. {hint}"
    assert problem not in text
    assert not ENGLISH.search(text), text
    assert (melding, hint) != reader._ONBEKEND or problem.startswith(("found duplicate key", "'")), problem


def test_unknown_problem_is_still_dutch():
    melding, hint = reader.vertaal("something nobody has seen before")
    assert "something" not in melding + hint and not ENGLISH.search(melding + hint)


def _write(tmp_path, text, name="voorbeeld.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_five_mistakes_in_one_file_in_one_run(tmp_path):
    """A tab, an unquoted colon, a mistyped field, an unknown sector and a date in the wrong form."""
    text = VALID.read_text(encoding="utf-8")
    text = (text.replace("leeftijd:\n  van: 0", "leeftijd:\n\tvan: 0")
            .replace("regio: Voorbeeldstad", "regio: Voorbeeldstad: centrum")
            .replace("sectoren: [po, kinderopvang]", "sectoren: [basisschool, kinderopvang]")
            .replace("laatst_herzien: 2024-02-01", "laatst_herzien: 1-2-2024")
            .replace("  primair:", "  primiar:", 1))
    path = _write(tmp_path, text)
    result = run("methodiek", "--root", str(REPO), "check", str(path))
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith(str(path))]
    assert result.returncode == 1
    assert len(lines) == 5, "\n".join(lines)
    assert f"{path}:7:21: een dubbele punt staat op een plek waar dat niet mag" in result.stdout
    assert f"{path}:10:1: een tab-teken gebruikt voor inspringen" in result.stdout
    assert (f"{path}:8:12: sectoren (punt 1): 'basisschool' staat niet in data/sectoren.yml. "
            "Bedoelde u 'po'? Kies uit: 'kinderopvang' (Kinderopvang), 'po' (Primair onderwijs)") in result.stdout
    assert f"{path}:16:17: laatst_herzien: '1-2-2024' is geen geldige datum" in result.stdout
    assert (f"{path}:70:3: doelgroep.primiar: het veld 'primiar' is onbekend; het zou bij het bouwen verloren "
            "gaan. Bedoelde u 'primair'? Dat veld ontbreekt nu") in result.stdout


def test_two_syntax_errors_reported_together(tmp_path):
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("regio: Voorbeeldstad", "regio: Voorbeeldstad: centrum").replace(
        "periode: 2020-2022", "periode: [2020, 2022")
    path = _write(tmp_path, text)
    result = run("methodiek", "--root", str(REPO), "check", str(path))
    assert f"{path}:7:21: een dubbele punt" in result.stdout
    assert f"{path}:12:10: een lijst die met [ begint, wordt niet met ] gesloten" in result.stdout
    assert "Na het herstel van deze fout kan de controle nog meer vinden." in result.stdout


def test_one_record_per_bad_date_and_no_placeholder_path(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("    datum: 2023-05-01", "    datum: 1 mei 2023")
    result = run("methodiek", "--root", str(REPO), "check", str(_write(tmp_path, text)))
    records = [ln for ln in result.stdout.splitlines() if "wijzigingen (punt 1).datum" in ln]
    assert len(records) == 1 and "'1 mei 2023' is geen geldige datum" in records[0], records
    assert "(bestand)" not in result.stdout and "[0]" not in result.stdout


@pytest.mark.parametrize("bad, words", [
    ('versie: "1.1.0\\n"', "versie: '1.1.0\\n' heeft niet de juiste vorm"),
    ('regio: "Leeu\\0warden\\u0007"', "regio: de tekst bevat een onzichtbaar stuurteken (code 0x0000)"),
    ('regio: "Voorbeeld\\astad"', "regio: de tekst bevat een onzichtbaar stuurteken (code 0x0007)"),
    ('"nieuw\\n": 1', "het veld 'nieuw\\n' is onbekend"),
])
def test_strings_as_the_schema_means_them(tmp_path, bad, words):
    key = bad.split(":")[0].strip('"')
    text = VALID.read_text(encoding="utf-8")
    if key in ("versie", "regio"):
        text = re.sub(rf"^{key}: .*$", lambda m: bad, text, count=1, flags=re.M)
    else:
        text += bad + "\n"
    path = _write(tmp_path, text)
    result = run("methodiek", "--root", str(REPO), "check", str(path))
    assert result.returncode == 1
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: .*{re.escape(words)}", result.stdout), result.stdout


def _indented_out(text: str, line_start: str, follow: tuple[str, ...] = ()) -> str:
    """``text`` with the line starting with ``line_start`` (and the lines after it starting with
    one of ``follow``) moved one level (two spaces) out."""
    out, moving = [], False
    for line in text.split("\n"):
        if line.startswith(line_start) or (moving and line.startswith(follow)):
            line, moving = line[2:], True
        else:
            moving = False
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("line_start, follow, field, parent", [
    ("    kort: De gemeente betaalt", (), "kort", "kosten"),  # a text moved out: the file cannot be read past it
    ("    punten:\n      - Gemeentelijke", (), "punten", "kosten"),  # a list moved out: the file still reads
])
def test_a_field_indented_too_little_gets_the_indentation_message_first(project, line_start, follow, field, parent):
    root = project([])
    text = VALID.read_text(encoding="utf-8")
    if "\n" in line_start:  # move a field with its list items
        head, item = line_start.split("\n")
        start = text.index(head + "\n" + item)
        moved = head[2:] + "\n" + item[2:]
        text = text[:start] + moved + text[start + len(head) + 1 + len(item):]
    else:
        text = _indented_out(text, line_start, follow)
    (root / "methodiek" / "voorbeeld.yml").write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.split("\n"), 1) if row.startswith(f"  {field}:"))
    result = run("methodiek", "--root", str(root), "check", cwd=root)
    assert result.returncode == 1
    records = [r for r in result.stdout.splitlines() if r.startswith("methodiek/")]
    assert records[0].startswith(f"methodiek/voorbeeld.yml:{line}:3: inzet_en_kosten.{field}: de inspringing klopt "
                                 f"niet: '{field}' hoort bij '{parent}' erboven"), records
    assert f"Spring '{field}:' (en alles wat erbij hoort) twee spaties verder in dan '{parent}:'" in records[0]
    # no suggestion to rename it (following it would make a second field of that name), nor "missing"
    assert "Bedoelde" not in result.stdout and "onbekend" not in result.stdout
    assert f"'{field}' ontbreekt" not in result.stdout


def test_help_is_dutch():
    for args in (["--help"], ["check", "--help"], ["nieuw", "--help"]):
        result = run("methodiek", *args)
        assert result.returncode == 0
        assert result.stdout.startswith("gebruik: methodiek")
        assert "opties:" in result.stdout and "toon deze hulp en stop" in result.stdout
        assert not re.search(r"\b(usage|options|show this help|positional arguments)\b", result.stdout), result.stdout
    wrong = run("methodiek", "controleer")
    assert wrong.returncode == 2 and "methodiek: fout: argument commando: onbekende keuze: 'controleer'" in wrong.stderr
    assert "invalid choice" not in wrong.stderr and "usage" not in wrong.stderr


@pytest.mark.parametrize("files", [1, 2, 3])
@pytest.mark.parametrize("per_file", [1, 2])
def test_summary_counts_records_and_files_in_dutch(files, per_file):
    """The line under every check and above the preview banner counts the errors and the files
    they are in, singular for one; warnings are counted apart and never as errors."""
    from macros.errors import WAARSCHUWING, Fout, samenvatting, waarschuwingen
    fouten = [Fout(f"methodiek/p{i}.yml", r + 1, 1, "naam", "ontbreekt") for i in range(files) for r in range(per_file)]
    n = files * per_file
    assert samenvatting(fouten) == (f"{n} {'fout' if n == 1 else 'fouten'} in {files} "
                                    f"{'bestand' if files == 1 else 'bestanden'}.")
    warnings = [Fout(f.bestand, f.regel, 1, "naam", "let op", ernst=WAARSCHUWING) for f in fouten]
    assert waarschuwingen(fouten) == ""
    assert waarschuwingen(fouten + warnings) == (f"{n} {'waarschuwing' if n == 1 else 'waarschuwingen'} "
                                                 "(de site wordt wel gebouwd).")
