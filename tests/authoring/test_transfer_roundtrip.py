"""GIFT round trips: bank -> export -> import elsewhere -> the identical bank."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kmi_learn.catalog.sync import sync_path
from kmi_learn.extensions import db
from kmi_learn.gift import parse
from tests import factories
from tests.authoring.transfer_support import bank, import_gift, module_id, preview

COURSES = Path(__file__).resolve().parents[2] / "courses"

TRICKY = r"""// [id:t-mc-md] [tag:markdown] [tag:case]
::Markdown\: choice::[markdown]Which one is **bold**? {
	=*This* one #Yes, it is *emphasised*.
	~That one #No.
	####General *feedback*.
}

// [id:t-mr]
::Several::Pick the right ones (Ünïcödé, 中文). {
	~%50%A right one
	~%50%Another right one #Good.
	~%-100%A wrong one #Bad.
}

// [id:t-tf]
::True or false::The sky is green. {FALSE#It is not green.#Right, it is not.}

// [id:t-sa]
::Short::Name the capital of France. {
	=Paris
	=%50%paris city #Half.
}

// [id:t-num]
::Numbers::How many objectives has the GCM? {#
	=23:0 #Exact.
	=%50%20..26 #Close.
}

// [id:t-match]
::Match::Match the pairs. {
	=A -> 1
	=B -> 2
	= -> 3
}

// [id:t-mw]
::Gap::The Convention was adopted in {=1951 ~1967 ~1990} in Geneva.

// [id:t-desc]
::Case::[html]<p>A <b>case</b> with a \{brace\} and a colon\: here.</p>

// [id:t-bracket]
[moodle][Bracketed] start, then a question? {T}
"""


def fresh_course(root: Path, slug: str, languages: str = "[en, fr]") -> None:
    factories.write_course(root, slug=slug, questions=1)
    yaml = root / slug / "course.yaml"
    yaml.write_text(yaml.read_text().replace("languages: [en, fr]", f"languages: {languages}"))
    factories.sync(root)


def download(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # Moodle's GIFT import takes text/plain files, which it recognises by ".txt".
    assert re.fullmatch(r'attachment; filename="[a-z0-9-]+(\.[a-z]{2})?\.gift\.txt"',
                        response.headers["Content-Disposition"])
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    return response.data.decode("utf-8")  # Moodle reads GIFT files as UTF-8


def test_every_question_type_survives_export_and_import(app, tmp_path, sign_in):
    root = tmp_path / "courses"
    fresh_course(root, "demo")
    client, _ = sign_in("facilitator")
    import_gift(client, module_id(), TRICKY)
    original = bank("demo")
    assert {"t-mc-md", "t-mr", "t-match", "t-mw", "t-desc", "t-bracket"} <= set(original)

    exported = download(client, f"/authoring/modules/{module_id()}/export.gift")
    assert exported.startswith("$CATEGORY: demo/module-1\n")
    fresh_course(root, "copy")
    response = import_gift(client, module_id(course="copy"), exported)
    assert response.status_code == 302
    assert bank("copy") == original  # same ids, same content dicts
    # Importing the export again changes nothing.
    again = preview(client, module_id(course="copy"), exported).get_data(as_text=True)
    assert f"{len(original)} unchanged" in again and "there is nothing to import" in again


@pytest.fixture
def iml(app):
    """The real course (316 questions, module 1 in three languages)."""
    report = sync_path(COURSES)
    assert not report.problems
    db.session.commit()
    return bank("iml")


def test_the_whole_bank_round_trips_into_a_fresh_course(app, tmp_path, sign_in, iml):
    client, _ = sign_in("facilitator")
    response = client.get("/authoring/courses/iml/export.gift?lang=fr")
    assert response.headers["Content-Disposition"] == 'attachment; filename="iml.fr.gift.txt"'
    exported = download(client, "/authoring/courses/iml/export.gift")
    categories = re.findall(r"^\$CATEGORY: (.+)$", exported, re.MULTILINE)
    assert categories == [f"iml/{slug}" for slug in (
        "foundations", "human-rights", "refugees", "trafficking-smuggling", "labour-migration",
        "nationality-statelessness", "regional-frameworks", "global-governance",
        "health-development", "irregular-migration-return")]
    assert len(parse(exported)) == len(iml)
    translated = {lang: download(client, f"/authoring/courses/iml/export.gift?lang={lang}")
                  for lang in ("fr", "es")}

    # (Syncing another tree retires the real course: its bank was read before.)
    fresh_course(tmp_path / "courses", "fresh", "[en, fr, es]")
    target = module_id(course="fresh")
    assert import_gift(client, target, exported).status_code == 302
    for lang, text in translated.items():
        assert import_gift(client, target, text, lang).status_code == 302
    copied = {gid: content for gid, content in bank("fresh").items() if gid in iml}
    assert copied == iml
    assert any(set(content) == {"en", "fr", "es"} for content in copied.values())


def test_a_module_export_holds_only_that_module(app, sign_in, iml):
    client, _ = sign_in("facilitator")
    text = download(client, f"/authoring/modules/{module_id('refugees', 'iml')}/export.gift")
    assert {q.id for q in parse(text)} == set(bank("iml", "refugees"))
    assert {q.category for q in parse(text)} == {"iml/refugees"}
    french = download(client, f"/authoring/modules/{module_id('foundations', 'iml')}"
                              "/export.gift?lang=fr")
    assert [q.id for q in parse(french)] == [q.id for q in parse(download(
        client, f"/authoring/modules/{module_id('foundations', 'iml')}/export.gift"))]
    assert client.get(f"/authoring/modules/{module_id('refugees', 'iml')}/export.gift"
                      "?lang=de").status_code == 404
