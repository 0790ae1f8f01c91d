"""Qt-free message catalogue shared by the services, the CLI and the Qt UI.

Source strings are written in Chinese (the product is Chinese first). English lives in Qt
Linguist `.ts` files under `resources/translations/<lang>/`, one file per area so that each
area's strings can be edited (also in Qt Linguist) without touching the others. The Qt UI
installs a translator backed by this same catalogue (see `app.ui.shell.i18n_qt`), so a string has
exactly one translation whether a service, the CLI or a widget shows it.
"""

from __future__ import annotations

import locale
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from app.paths import resources_dir

SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

_language = SOURCE_LANGUAGE
_catalogue: dict[str, str] = {}


def translations_dir(lang: str) -> Path:
    return resources_dir() / "translations" / lang


def load_ts_files(lang: str) -> dict[str, str]:
    """Finished translations of every `.ts` file of `lang`, keyed by source text."""
    table: dict[str, str] = {}
    folder = translations_dir(lang)
    if not folder.is_dir():
        return table
    for ts in sorted(folder.glob("*.ts")):
        for message in ET.parse(ts).getroot().iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None or node.get("type") in ("unfinished", "obsolete"):
                continue
            if node.text:
                table[source] = node.text
    return table


def system_language() -> str:
    """zh_CN unless the user's locale asks for another language we have."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            break
    else:
        value = (locale.getlocale()[0] or "") if hasattr(locale, "getlocale") else ""
    value = (value or "").split(":")[0]
    if not value or value in ("C", "POSIX") or value.startswith("C."):
        return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE if value.lower().startswith("zh") else "en"


def set_language(lang: str | None) -> str:
    """Switch the catalogue; `None` picks the system language. Returns the language in use."""
    global _language, _catalogue
    lang = lang or system_language()
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language = lang
    _catalogue = {} if lang == SOURCE_LANGUAGE else load_ts_files(lang)
    return lang


def language() -> str:
    return _language


def _(text: str) -> str:
    """Translate a source (Chinese) string to the current language."""
    return _catalogue.get(text, text)


def lookup(text: str) -> str | None:
    """The translation of `text` or None (used by the Qt translator)."""
    return _catalogue.get(text)
