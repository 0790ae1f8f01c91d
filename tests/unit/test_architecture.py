"""House rules that keep the layers apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_services_and_models_never_import_qt() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for layer in ("app/services", "app/models")
        for path in (ROOT / layer).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in QT_MODULES or name.startswith("app.ui")
    ]
    assert offenders == []


def test_importing_every_service_loads_no_qt() -> None:
    """Also catches Qt pulled in indirectly (through a third-party module, say)."""
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for layer in ("app/services", "app/models")
        for p in (ROOT / layer).rglob("*.py")
        if "migrations" not in p.parts
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n    importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_cli_commands_do_not_load_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from app.cli import build_parser; build_parser(); "
         f"print([m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}])"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    assert out.stdout.strip() == "[]"


def test_every_message_writer_keeps_the_report_summaries() -> None:
    """A module that writes messages (or their ad verdicts) must refresh or drop the stored
    report summaries (`app.services.conversations.summaries`), or reports would count stale figures."""
    import re

    writes = re.compile(
        r"INSERT INTO messages|insert\(Message|insert\(self\.table|(?<![A-Za-z_])Message\(|"
        r"\.ad_manual\s*=(?!=)|\.ad_auto\s*=(?!=)|UPDATE messages|update\(Message|"
        r"DELETE FROM (messages|conversations)|delete\((Message|Conversation)\b"
    )
    # the message writer keeps them too: `append` drops a stale summary of the conversation
    # it writes to (a verdict set on that message afterwards is covered), `forget_summary`
    # after a verdict change on an older message
    keeps = re.compile(r"summaries\.(refresh|drop|resummarise)\(|writer\.(append|forget_summary)\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app" / "services").rglob("*.py")
        if path.name != "summaries.py"
        and writes.search(text := path.read_text(encoding="utf-8"))
        and not keeps.search(text)
    ]
    assert offenders == [], f"write messages without refreshing report summaries: {offenders}"


def test_only_the_message_writer_stores_messages() -> None:
    """Every path that stores a message goes through `conversations.writer` (one fingerprint
    rule, the ad filter, the summaries kept). The one exception is the chat import's bulk
    path (`conversations.imports`): millions of rows go in with executemany, but its reader
    (`conversations.chat_reader`) takes the writer's fingerprint rule and `classifier()`, and
    it keeps the summaries itself. (`conversations.staged_import` stores no message either: a
    hidden placeholder row marks the top of the id range an import reserved, and goes at its end.)"""
    import re

    stores = re.compile(
        r"INSERT INTO messages|insert\(Message\b|insert\(Message\.__table__|(?<![A-Za-z_.])Message\(|"
        r"Message\.__table__\.insert"
    )
    allowed = {"app/services/conversations/writer.py", "app/services/conversations/imports.py",
               "app/services/conversations/staged_import.py"}
    offenders = sorted(
        rel
        for path in (ROOT / "app").rglob("*.py")
        if (rel := str(path.relative_to(ROOT))) not in allowed
        and "models" not in path.parts
        and stores.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == [], f"store messages without the message writer: {offenders}"
    # its rows are fingerprinted and classified by the import's reader (chat_reader)
    reader = (ROOT / "app/services/conversations/chat_reader.py").read_text(encoding="utf-8")
    assert "writer.classifier()" in reader and "writer.fingerprints_hex(" in reader
