"""GIFT import into a module's bank: a plan first (the preview: nothing saved), then
the same plan, made again from the same text, applied in one transaction.

Questions are matched by their ``[id:]``: an id the module has gets a new version
when its content differs (a retired one comes back), an unknown id a new question.
Questions of the module that the text does not mention are left alone. The text is
in one language: the course's default language edits the questions (translations are
kept where they still grade the same, dropped otherwise, and the preview says so), any
other language adds or replaces that translation of existing questions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from kmi_learn.audit.services import record
from kmi_learn.catalog.models import Module
from kmi_learn.catalog.quiz import ESSAY_MESSAGE, structure_difference
from kmi_learn.catalog.spec import content_hash
from kmi_learn.extensions import db
from kmi_learn.gift import parse_all
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.quizzes.models import Question, QuestionVersion
from kmi_learn.quizzes.sync import add_version

#: the longest ``[id:]`` the question table holds
MAX_ID = 100


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass
class ImportItem:
    """One question of the text and what applying the plan does with it."""

    gift_id: str
    line: int
    status: str  #: "new", "changed", "unchanged" or "restored"
    qtype: str
    title: str
    content: dict  #: the content of the version to store ({lang: Question.to_dict()})
    notes: list[str] = field(default_factory=list)  #: e.g. translations dropped


@dataclass
class ImportPlan:
    module_id: int
    lang: str
    items: list[ImportItem]
    errors: list[LineError]
    #: the bank the plan was made against; applying checks it has not changed since
    bank_hash: str

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def changes(self) -> list[ImportItem]:
        return [item for item in self.items if item.status != "unchanged"]

    @property
    def can_apply(self) -> bool:
        return not self.errors and bool(self.changes)


class BankChanged(Exception):
    """The bank changed between the preview and the confirmation."""


def _bank(module: Module) -> dict[str, tuple[Question, QuestionVersion]]:
    """Every question of the module, retired ones too, with its current version."""
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.module_id == module.id)
    ).all()
    return {q.gift_id: (q, v) for q, v in rows}


def _bank_hash(bank: dict[str, tuple[Question, QuestionVersion]]) -> str:
    return content_hash({gid: [v.id, q.retired_at is not None] for gid, (q, v) in bank.items()})


def _ids_elsewhere(module: Module) -> dict[str, str]:
    """The ids of the other modules of the course (gift_id -> module slug)."""
    rows = db.session.execute(
        select(Question.gift_id, Module.slug).join(Module, Module.id == Question.module_id)
        .where(Module.course_id == module.course_id, Module.id != module.id,
               Question.retired_at.is_(None))
    ).all()
    return dict(rows)


def _ordered(content: dict, languages: list[str]) -> dict:
    """The default language first, as everywhere else (``parsed()`` relies on it)."""
    return {lang: content[lang] for lang in languages if lang in content}


def plan_import(module: Module, text: str, lang: str) -> ImportPlan:
    """What importing ``text`` (GIFT in ``lang``) into ``module`` would do, and every
    error with its line. Reads only; the plan can be applied only without errors."""
    languages = module.course.languages
    if lang not in languages:
        raise ValueError(f"{lang!r} is not a language of the course")
    bank = _bank(module)
    elsewhere = _ids_elsewhere(module)
    questions, gift_errors = parse_all(text)
    errors = [LineError(e.line, e.message) for e in gift_errors]
    items: list[ImportItem] = []
    for q in questions:
        problem = _refusal(q, elsewhere)
        if problem:
            errors.append(LineError(q.line, problem))
            continue
        found = bank.get(q.id)
        if lang == languages[0]:
            item = _default_item(q, found, languages)
        else:
            item = _translation_item(q, found, lang, languages, errors)
        if item is not None:
            items.append(item)
    if not questions and not errors:
        errors.append(LineError(1, "no question found: paste GIFT questions, each with "
                                   "'// [id:some-id]' on the line above it"))
    errors.sort(key=lambda e: e.line)
    return ImportPlan(module.id, lang, items, errors, _bank_hash(bank))


def _refusal(q: GiftQuestion, elsewhere: dict[str, str]) -> str | None:
    """Why ``q`` cannot be imported at all (the loader's rules), or None."""
    if q.qtype == "essay":
        return ESSAY_MESSAGE
    if not q.id:
        return "question without an id: put '// [id:some-id]' on the line above it"
    if len(q.id) > MAX_ID:
        return f"the id '{q.id[:20]}...' is longer than {MAX_ID} characters"
    if q.id in elsewhere:
        return (f"question id '{q.id}' is already used in module '{elsewhere[q.id]}': "
                "ids must be unique in the course")
    return None


def _default_item(q: GiftQuestion, found, languages: list[str]) -> ImportItem:
    default = languages[0]
    data = q.to_dict()
    if found is None:
        data["category"] = None  # categories are Moodle's places; a module is ours
        return ImportItem(q.id, q.line, "new", q.qtype, q.title, {default: data})
    question, current = found
    data["category"] = current.content.get(default, {}).get("category")
    new = GiftQuestion.from_dict(data)
    content, notes = {default: data}, []
    for lang, other in current.content.items():
        if lang == default:
            continue
        difference = structure_difference(GiftQuestion.from_dict(other), new)
        if difference is None:
            content[lang] = other
        else:
            notes.append(f"its '{lang}' translation is dropped: {difference}")
    content = _ordered(content, languages)
    if question.retired_at is not None:
        status = "restored"
    else:
        status = "unchanged" if content_hash(content) == current.content_hash else "changed"
    return ImportItem(q.id, q.line, status, q.qtype, q.title, content, notes)


def _translation_item(q: GiftQuestion, found, lang: str, languages: list[str],
                      errors: list[LineError]) -> ImportItem | None:
    default = languages[0]
    if found is None or found[0].retired_at is not None:
        errors.append(LineError(q.line, f"question id '{q.id}' is not in this module's quiz: "
                                        f"import it in '{default}' first"))
        return None
    question, current = found
    original = GiftQuestion.from_dict(current.content[default])
    difference = structure_difference(q, original)
    if difference:
        errors.append(LineError(q.line, f"question '{q.id}' must grade like its '{default}' "
                                        f"version: {difference}"))
        return None
    data = q.to_dict()
    data["category"] = current.content.get(lang, current.content[default]).get("category")
    content = _ordered({**current.content, lang: data}, languages)
    status = "unchanged" if content_hash(content) == current.content_hash else "changed"
    return ImportItem(q.id, q.line, status, q.qtype, q.title, content)


def apply_import(user, module: Module, text: str, lang: str, bank_hash: str) -> ImportPlan:
    """Plan ``text`` again and apply it: new questions, new versions (source "browser"),
    retired questions restored, each audited as "question.import". Flushes only.

    Raises :class:`BankChanged` if the bank is not the one the preview showed, and
    ValueError if the plan has errors (the view shows the preview then).
    """
    plan = plan_import(module, text, lang)
    if plan.bank_hash != bank_hash:
        raise BankChanged()
    if plan.errors:
        raise ValueError("the plan has errors")
    bank = _bank(module)
    numbers = dict(db.session.execute(
        select(QuestionVersion.question_id, func.max(QuestionVersion.number))
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.module_id == module.id).group_by(QuestionVersion.question_id)).all())
    position = db.session.scalar(
        select(func.max(Question.position)).where(Question.module_id == module.id)) or 0
    where = f"{module.course.slug}/{module.slug}"
    for item in plan.changes:
        digest = content_hash(item.content)
        if item.status == "new":
            position += 1
            question = Question(module_id=module.id, gift_id=item.gift_id, position=position)
            db.session.add(question)
            db.session.flush()
            before, number = None, 1
        else:
            question, current = bank[item.gift_id]
            before, number = current.content, numbers.get(question.id, 0) + 1
            if question.retired_at is not None:
                question.retired_at = None
                position += 1
                question.position = position
            if digest == current.content_hash:
                number = 0  # restored as it was: no new version
        if number:
            add_version(question, item.content, digest, source="browser", number=number,
                        user_id=user.id)
        record(user, "question.import", "question", question.id,
               f"Imported question {item.gift_id} ({item.status}, {lang}) into {where}",
               before=before, after=item.content)
    return plan
