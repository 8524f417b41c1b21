"""The ``methodiek`` command line: ``methodiek check [PAD ...]``.

Kept light: it imports only the loader and validator (no MkDocs, no Jinja),
so a coordinator gets feedback in a fraction of a second.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema as schemas
from .errors import Fout, samenvatting, waarschuwingen


def find_root(start: Path) -> Path:
    """The handbook root: the nearest folder upwards that holds schemas/methodiek.schema.json."""
    for folder in [start, *start.parents]:
        if (folder / "schemas" / "methodiek.schema.json").is_file():
            return folder
    raise SystemExit("methodiek: geen handboek gevonden (map met schemas/methodiek.schema.json); "
                     "voer het commando uit in de map van het handboek of gebruik --root.")


def check(paths: list[str], root: Path) -> list[Fout]:
    """Errors and warnings of the named files (default: all), errors first."""
    from . import model

    programmes = None
    if paths:
        programmes = []
        for p in map(Path, paths):
            if p.is_dir():
                programmes += sorted([*p.glob("*.yml"), *p.glob("*.yaml")])
            elif p.exists():
                programmes.append(p)
            else:
                return [Fout(str(p), 1, 1, "", "het bestand bestaat niet", "Controleer de naam en de map.")]
        # data files named on the command line are always checked with the rest of data/
        programmes = [p for p in programmes if p.resolve().parent != (root / "data").resolve()]
    hb = model.laad(root, programmes)
    return hb.fouten + hb.waarschuwingen


def print_completeness(root: Path, paths: list[str]) -> None:
    """The completeness table per programme, the same figures as the site's dashboard."""
    from . import inventory, model

    hb = model.laad(root)
    wanted = {Path(p).stem for p in paths}
    for ident, programme in hb.programmas.items():
        if wanted and ident not in wanted:
            continue
        print(f"\n{programme['afkorting']} ({hb.bestanden[ident]})")
        print(f"  {'onderdeel':<32} {'velden':>8} {'afgeleid':>9} {'bronnen':>8} {'woorden':>15}")
        cellen = inventory.volledigheid(hb.schema, programme)
        for sectie in hb.outline:
            cel = cellen[sectie.key]
            velden = f"{cel.velden[0]}/{cel.velden[1]}"
            woorden = f"{cel.woorden}/{cel.budget}" if cel.budget else str(cel.woorden)
            # 'niet beschreven' is a complete answer; a praktijkvoorbeeld may leave a section out
            stand = (" niet beschreven in de bronnen (volledig)" if cel.niet_beschreven else
                     f" niet beschreven ({programme.get('niveau')})" if not cel.aanwezig and not cel.vereist else "")
            print(f"  {sectie.titel:<32} {velden:>8} {cel.afgeleid:>9.0%} {cel.bronnen:>8} {woorden:>15}{stand}")
        totaal = sum(c.woorden for c in cellen.values())
        budget = schemas.per_niveau(hb.schema.root.get("x-budget"), schemas.niveau_van(hb.schema, programme))
        print(f"  {'totaal':<32} {'':>8} {'':>9} {'':>8} {f'{totaal}/{budget}' if budget else totaal:>15}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="methodiek", description="Controleer en beheer de methodiekbeschrijvingen.")
    parser.add_argument("--root", type=Path, help="map van het handboek (standaard: gevonden vanaf de huidige map)")
    sub = parser.add_subparsers(dest="commando", required=True, metavar="commando")
    p_check = sub.add_parser("check", help="controleer methodiek/*.yml en data/*.yml")
    p_check.add_argument("paden", nargs="*", help="bestanden of mappen (standaard: alles)")
    p_check.add_argument("--volledigheid", action="store_true",
                         help="toon daarna per programma en onderdeel: velden ingevuld, deel afgeleid, aantal bronnen")
    p_new = sub.add_parser("nieuw", help="maak methodiek/<id>.yml met alle onderdelen van zijn niveau, nog leeg")
    p_new.add_argument("id", help="korte naam: kleine letters, cijfers en koppeltekens, bijvoorbeeld 'jos'")
    p_new.add_argument("--niveau", default=None,
                       help="methodiek (standaard: alle onderdelen) of praktijkvoorbeeld (de korte opzet)")
    args = parser.parse_args(argv)

    root = (args.root or find_root(Path.cwd())).resolve()
    if args.commando == "check":
        records = check(args.paden, root)
        for f in records:
            print(f)
        fouten = [f for f in records if f.blokkeert]
        if fouten:
            print(f"methodiek check: {samenvatting(fouten)} Niets gepubliceerd; los de fouten op en controleer opnieuw.")
            return 1
        print(" ".join(filter(None, ["methodiek check: alles in orde.", waarschuwingen(records)])))
        if args.volledigheid:
            print_completeness(root, args.paden)
        return 0
    if args.commando == "nieuw":
        return new(root, args.id, args.niveau)
    return 2


def new(root: Path, ident: str, niveau: str | None = None) -> int:
    """Write the skeleton of a new programme at a level of description; refuse a bad or
    existing id and a level the schema does not know."""
    from . import schema, scaffold

    niveaus = schema.load(root).niveaus()
    if niveau is not None and niveau not in niveaus:
        print(f"methodiek nieuw: '{niveau}' is geen niveau. Kies uit: {', '.join(repr(n) for n in niveaus)}.")
        return 1

    if not scaffold.SLUG.match(ident) or len(ident) > 60:
        print(f"methodiek nieuw: '{ident}' is geen geldige id. Gebruik alleen kleine letters, cijfers en "
              "koppeltekens, bijvoorbeeld 'jeugdhulp-op-school'.")
        return 1
    target = root / "methodiek" / f"{ident}.yml"
    if target.exists() or (root / "methodiek" / f"{ident}.yaml").exists():
        print(f"methodiek nieuw: methodiek/{ident}.yml bestaat al. Kies een andere id of pas het bestaande bestand aan.")
        return 1
    target.parent.mkdir(exist_ok=True)
    target.write_text(scaffold.skeleton(schema.load(root), ident, niveau=niveau), encoding="utf-8")
    print(f"methodiek nieuw: methodiek/{ident}.yml gemaakt. Vul de onderdelen in en controleer met "
          f"'methodiek check methodiek/{ident}.yml'.")
    return 0


def run() -> int:
    """Console entry point: ``main`` without a traceback when output is piped into e.g. ``head``."""
    try:
        return main()
    except BrokenPipeError:
        sys.stderr.close()
        return 1


if __name__ == "__main__":
    sys.exit(run())
