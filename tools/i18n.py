"""Translation upkeep: find user-visible strings and their English translations.

    python tools/i18n.py missing          # every literal without a finished English translation
    python tools/i18n.py stub AREA [PATH…] # append those (only the ones found under PATH…,
                                          # when given) to resources/translations/en/AREA.ts
                                          # as unfinished entries, for you to translate

A user-visible string is the first literal argument of `_()`, `tr()`, `self.tr()`,
`QCoreApplication.translate(ctx, …)`, or `N_()` (marks data strings translated elsewhere).
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARKERS = {"_", "tr", "N_"}


def literal_calls(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        arg = None
        if name in MARKERS:
            arg = node.args[0]
        elif name == "translate" and len(node.args) >= 2:
            arg = node.args[1]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
            yield node.lineno, arg.value


def user_strings(root: Path = ROOT / "app") -> dict[str, list[str]]:
    """source text → places it occurs (`file:line`)."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, text in literal_calls(path):
            found.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def data_strings() -> set[str]:
    """Strings shown from data tables (permission names, preset roles and groups)."""
    from app.services.accounts import permissions, roles
    from app.services.routing import presets as routing_presets

    out = {n.name for root in permissions.CATALOGUE for n in root.walk()}
    for name, description, _codes in roles.PRESET_ROLES.values():
        out |= {name, description}
    out |= {name for _key, name, _default in routing_presets.PRESET_GROUPS}
    return out


def missing(lang: str = "en") -> dict[str, list[str]]:
    from app.i18n import load_ts_files

    table = load_ts_files(lang)
    wanted = user_strings()
    for text in data_strings():
        wanted.setdefault(text, ["(data)"])
    return {t: where for t, where in wanted.items() if not table.get(t)}


def stub(area: str, lang: str = "en", paths: list[str] | None = None) -> int:
    path = ROOT / "resources" / "translations" / lang / f"{area}.ts"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        root = ET.parse(path).getroot()
    else:
        root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="zh_CN")
    context = root.find("context")
    if context is None:
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = area
    present = {m.findtext("source") for m in root.iter("message")}
    added = 0
    for text, where in missing(lang).items():
        if text in present:
            continue
        if paths and not any(w.startswith(tuple(paths)) for w in where):
            continue
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        ET.SubElement(message, "translation", type="unfinished")
        added += 1
    ET.indent(root)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )
    return added


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "missing":
        gaps = missing()
        for text, where in sorted(gaps.items(), key=lambda kv: kv[1][0]):
            print(f"{where[0]}\t{text!r}")
        print(f"{len(gaps)} missing", file=sys.stderr)
        sys.exit(1 if gaps else 0)
    if len(sys.argv) >= 3 and sys.argv[1] == "stub":
        print(f"added {stub(sys.argv[2], paths=sys.argv[3:] or None)} unfinished entries")
        sys.exit(0)
    print(__doc__)
    sys.exit(2)
