"""The French and Spanish catalogues: complete, faithful to the placeholders, compiled, used.

The catalogues are checked against ``messages.pot``: re-extract it (see README,
"Translations") before running these tests so that they see every interface string.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests import factories

TRANSLATIONS = Path(__file__).resolve().parents[1] / "kmi_learn" / "translations"
LANGS = ("fr", "es")
#: ``%(name)s`` with any flags, width and precision; ``%%`` is a literal percent sign.
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")


def _read_po(path: Path, locale: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _template():
    return _read_po(TRANSLATIONS / "messages.pot")


def _catalogue(lang: str):
    return _read_po(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", locale=lang)


def _key(message):
    return tuple(message.id) if message.pluralizable else message.id


def _forms(message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def _placeholders(text: str) -> Counter:
    counts = Counter(NAMED.findall(text))
    counts["%%"] = text.count("%%")
    return counts


@pytest.fixture(scope="module")
def template():
    return _template()


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_of_the_template_has_a_finished_translation(template, lang):
    catalogue = _catalogue(lang)
    assert not catalogue.fuzzy, f"the {lang} catalogue header is fuzzy"
    problems = []
    for wanted in template:
        if not wanted.id:
            continue
        message = catalogue.get(wanted.id)
        if message is None:
            problems.append(f"missing: {wanted.id!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {wanted.id!r}")
        elif message.pluralizable != wanted.pluralizable:
            problems.append(f"singular/plural mismatch: {wanted.id!r}")
        elif len(_forms(message)) != catalogue.num_plurals and message.pluralizable:
            problems.append(f"{catalogue.num_plurals} plural forms expected: {wanted.id!r}")
        elif not all(form.strip() for form in _forms(message)):
            problems.append(f"untranslated: {wanted.id!r}")
    count = sum(1 for m in template if m.id)
    assert not problems, f"{len(problems)} of {count} {lang} entries:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_are_kept_exactly(lang):
    catalogue = _catalogue(lang)
    problems = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        sources = message.id if message.pluralizable else (message.id,)
        for index, form in enumerate(_forms(message)):
            source = sources[min(index, len(sources) - 1)]
            if _placeholders(form) != _placeholders(source):
                problems.append(f"{source!r} -> {form!r}")
    # Babel's own checks (those `pybabel compile` runs): python-format compatibility.
    for message, errors in catalogue.check():
        problems += [f"{message.id!r}: {error}" for error in errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogue_is_up_to_date(lang):
    """The .mo files are committed: they must say what the .po files say."""
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    with (folder / "messages.mo").open("rb") as fh:
        compiled = {_key(m): _forms(m) for m in read_mo(fh) if m.id}
    source = {_key(m): _forms(m) for m in _catalogue(lang) if m.id and not m.fuzzy}
    assert compiled == source, "run `pybabel compile -d kmi_learn/translations`"


PAGES = {
    "fr": {
        "sign_in": ['<button type="submit" class="primary">Se connecter</button>',
                    ">Créer un compte</a>", "Mot de passe", "Première visite\u00a0?",
                    "Garder ma session ouverte sur cet appareil", ">Langue</label>",
                    "Cours de droit international de la migration"],
        "nav": [">Rejoindre une cohorte</a>", ">Se déconnecter</button>",
                ">S'inscrire à ce cours</button>", "2 leçons · environ 30 minutes"],
    },
    "es": {
        "sign_in": ['<button type="submit" class="primary">Iniciar sesión</button>',
                    ">Registrarse</a>", "Contraseña", "¿Es su primera visita?",
                    "Mantener la sesión iniciada en este dispositivo", ">Idioma</label>",
                    "Curso de derecho internacional de la migración"],
        "nav": [">Unirse a una cohorte</a>", ">Cerrar sesión</button>",
                ">Inscribirse en este curso</button>", "2 lecciones · unos 30 minutos"],
    },
}
ENGLISH = [">Sign in<", ">Sign up<", ">Password<", "New here?", ">Sign out<",
           ">Join a cohort<", "Enrol in this course", "2 lessons", "International Migration Law"]


def _html(response) -> str:
    # Flask escapes ' as &#39; in text; the expected strings are written plainly.
    return response.get_data(as_text=True).replace("&#39;", "'")


@pytest.mark.parametrize("lang", LANGS)
def test_the_sign_in_page_speaks_the_chosen_language(app, client, lang):
    english = _html(client.get("/signin"))
    assert '<html lang="en">' in english and ">Sign in</button>" in english
    response = client.post("/language", {"lang": lang, "next": "/signin"}, token_from="/signin")
    assert response.status_code == 302
    page = _html(client.get("/signin"))
    assert f'<html lang="{lang}">' in page
    for text in PAGES[lang]["sign_in"]:
        assert text in page, text
    for text in ENGLISH:
        assert text not in page, text


@pytest.mark.parametrize("lang", LANGS)
def test_a_signed_in_delegate_reads_the_navigation_and_course_in_the_chosen_language(
        app, tmp_path, sign_in, lang):
    factories.sync(factories.write_course(tmp_path / "courses"))
    client, user = sign_in()
    client.post("/language", {"lang": lang, "next": "/courses/demo/"}, token_from="/courses/demo/")
    page = _html(client.get("/courses/demo/"))
    assert f'<html lang="{lang}">' in page
    for text in PAGES[lang]["nav"]:
        assert text in page, text
    for text in ENGLISH:
        assert text not in page, text
