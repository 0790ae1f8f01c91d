"""The installer's spec leaves out only what the app never imports: a Qt module or a phone
number table the code starts using must not silently go missing from the built program
(tools/build-installer's self-test would catch it too, but only after a two-minute build)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _spec_names(name: str) -> list[str]:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant)]  # type: ignore[attr-defined]
    raise AssertionError(f"{name} not found in build.spec")


def _excluded() -> set[str]:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "excludes":
            return {e.value for e in node.value.elts if isinstance(e, ast.Constant)}  # type: ignore[attr-defined]
    raise AssertionError("no excludes in build.spec")


def _imported_by_app() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_qt_module_the_app_imports_is_left_out() -> None:
    used = {m.split(".")[1] for m in _imported_by_app() if re.fullmatch(r"PySide6\.Qt\w+", m)}
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert used & set(_spec_names("QT_UNUSED")) == set()


def test_no_excluded_package_is_imported() -> None:
    imported = _imported_by_app()
    clashes = {m for m in imported for ex in _excluded() if m == ex or m.startswith(ex + ".")}
    assert clashes == set()


def test_the_deb_declares_the_xcb_cursor_and_recommends_cjk_fonts() -> None:
    control = (ROOT / "packaging" / "deb" / "control.in").read_text(encoding="utf-8")
    depends = next(line for line in control.splitlines() if line.startswith("Depends:"))
    assert "libxcb-cursor0" in depends and "libxkbcommon-x11-0" in depends
    assert "fonts-noto-cjk" in next(line for line in control.splitlines() if line.startswith("Recommends:"))
    desktop = (ROOT / "packaging" / "deb" / "zhanggui.desktop").read_text(encoding="utf-8")
    assert "Exec=zhanggui" in desktop and "Icon=zhanggui" in desktop and "Name[zh_CN]=掌柜" in desktop
