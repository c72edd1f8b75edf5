"""Language choice for the interface (Flask-Babel) and for course content."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def supported() -> list[str]:
    return current_app.config["KMI_LANGUAGES"]


def select_locale() -> str:
    """The user's saved choice, then this browser's choice, then Accept-Language."""
    languages = supported()
    if not has_request_context():  # the command line speaks the default language
        return languages[0]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def current_lang() -> str:
    if "kmi_lang" not in g:
        g.kmi_lang = str(get_locale() or supported()[0]).split("_")[0]
    return g.kmi_lang


def content_lang(languages: list[str]) -> str:
    """The language to show course content in: the user's if the course has it."""
    lang = current_lang()
    return lang if lang in languages else languages[0]


def pick(mapping: dict[str, Any] | None, lang: str | None = None) -> Any:
    """The text of a ``{lang: text}`` mapping in ``lang``, else in the first language."""
    if not mapping:
        return ""
    lang = lang or current_lang()
    if lang in mapping:
        return mapping[lang]
    return next(iter(mapping.values()))


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        pick=pick, current_lang=current_lang, language_names=LANGUAGE_NAMES,
        supported_languages=supported,
    )
