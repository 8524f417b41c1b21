"""A small on-disk cache, so an unchanged file is never read, validated or rendered twice.

Entries live in ``<root>/.cache/methodiek/`` (ignored by git), one JSON file each,
named by a hash of everything the result depends on: the file's bytes plus a
fingerprint of the schemas, the shared data, the templates and this package's
code. Change any of those and every entry is simply missed. ``METHODIEK_CACHE=0``
switches the cache off (CI and the cold benchmark runs do that).
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

FOLDER = Path(".cache") / "methodiek"
PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("METHODIEK_CACHE", "1") != "0"


def _digest(parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=32)
def _fingerprint(root: str, stamp: tuple) -> str:
    files = [Path(p) for p, _, _ in stamp]
    return _digest([f.as_posix().encode() + b"=" + f.read_bytes() for f in files if f.is_file()])


_pinned: dict[str, str] = {}


def pin(root: Path) -> None:
    """Compute the fingerprint once and use it until ``unpin`` (one build of mkdocs serve, which
    asks for it for every page and fragment). Without a pin every call looks at the files."""
    _pinned.pop(str(Path(root).resolve()), None)
    _pinned[str(Path(root).resolve())] = fingerprint(root)


def unpin() -> None:
    _pinned.clear()


def fingerprint(root: Path) -> str:
    """Hash of what every result depends on besides the file itself."""
    if _pinned:
        hit = _pinned.get(str(Path(root).resolve()))
        if hit is not None:
            return hit
    root = Path(root)
    files = sorted([*(root / "schemas").glob("*.json"), *(root / "data").glob("*.yml"),
                    *PACKAGE.glob("*.py"), *(PACKAGE / "templates").glob("*.j2")])
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _fingerprint(str(root.resolve()), stamp)


def key(*parts) -> str:
    return _digest(parts)


def get(root: Path, kind: str, name: str):
    if not enabled():
        return None
    path = Path(root) / FOLDER / kind / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def put(root: Path, kind: str, name: str, value) -> None:
    if not enabled():
        return
    folder = Path(root) / FOLDER / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / f"{name}.json")
    except OSError:
        pass  # a read-only checkout simply runs without cache
