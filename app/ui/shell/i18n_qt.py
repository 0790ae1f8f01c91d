"""Qt side of translation: one QTranslator backed by the shared catalogue (`app.i18n`), plus
Qt's own translations (dialog buttons, …) for Chinese."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app import i18n


class CatalogueTranslator(QTranslator):
    """Looks a source string up by its text, whatever the Qt context it came from."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None becomes a null QString, which tells Qt "not translated here" (an empty string
        # would be taken as the translation and blank out Qt's own texts such as "Close").
        return i18n.lookup(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


_installed: list[QTranslator] = []


def install(app: QApplication, lang: str | None) -> str:
    """Switch the catalogue and (re)install translators on `app`. Returns the language used."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = i18n.set_language(lang)
    if lang != i18n.SOURCE_LANGUAGE:
        catalogue = CatalogueTranslator(app)
        app.installTranslator(catalogue)
        _installed.append(catalogue)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        qt = QTranslator(app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load("qtbase_zh_CN", path):
            app.installTranslator(qt)
            _installed.append(qt)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return lang
