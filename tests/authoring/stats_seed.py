"""Fast seeding for the statistics and regrade tests: attempts made with the models,
graded by the real grading code, progress recorded by the real learning services."""
from __future__ import annotations

from sqlalchemy import select

from kmi_learn.catalog.models import Lesson, Module
from kmi_learn.catalog.spec import content_hash
from kmi_learn.extensions import db
from kmi_learn.learning import services as learning
from kmi_learn.learning.models import LessonProgress
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes.models import Attempt, AttemptSlot, Question, QuestionVersion
from kmi_learn.quizzes.services import grade_attempt
from kmi_learn.quizzes.sync import add_version
from tests import factories


def course(tmp_path, **options) -> Module:
    """Sync a one-module course (multichoice questions: choice 0 right, 1 wrong)."""
    factories.sync(factories.write_course(tmp_path / "courses", **options))
    return db.session.scalar(select(Module))


def questions(module: Module) -> list[Question]:
    return list(db.session.scalars(select(Question).where(Question.module_id == module.id)
                                   .order_by(Question.position)))


def delegate(module: Module, lessons_done: bool = False):
    user = factories.make_user("delegate")
    learning.enrol(user, module.course)
    if lessons_done:
        for lesson in db.session.scalars(select(Lesson).where(Lesson.module_id == module.id)):
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    db.session.flush()
    return user


def attempt(user, module: Module, responses: dict[int, object], number: int | None = None,
            finished: bool = True) -> Attempt:
    """An attempt holding the questions of ``responses`` ({question id: response}),
    on their current versions, graded and recorded like a real submission."""
    if number is None:
        number = 1 + len(db.session.scalars(select(Attempt.id).where(
            Attempt.user_id == user.id, Attempt.module_id == module.id)).all())
    row = Attempt(user_id=user.id, module_id=module.id, number=number, lang="en",
                  pass_mark=float(module.quiz["pass_mark"]),
                  state="finished" if finished else "in_progress")
    for position, (question_id, response) in enumerate(responses.items(), start=1):
        version = db.session.get(QuestionVersion, db.session.get(
            Question, question_id).current_version_id)
        slot = AttemptSlot(position=position, question_version_id=version.id,
                           order=list(range(len(version.parsed().choices))),
                           response=response, max_mark=1.0)
        slot.question_version = version
        row.slots.append(slot)
    row.max_score = float(len(responses))
    db.session.add(row)
    db.session.flush()
    if finished:
        row.finished_at = utcnow()
        grade_attempt(row)
        learning.record_quiz_result(user, module, row.percent or 0.0, bool(row.passed))
    db.session.flush()
    return row


def correct_key(question: Question, right: int, user_id: int | None = None) -> QuestionVersion:
    """A new current version whose only right choice is ``right`` (every language)."""
    current = question.current_version
    content = {}
    for lang, data in current.content.items():
        choices = [dict(c, fraction=1.0 if i == right else 0.0)
                   for i, c in enumerate(data["choices"])]
        content[lang] = dict(data, choices=choices)
    return add_version(question, content, content_hash(content), source="browser",
                       number=current.number + 1, user_id=user_id)


def edit_choices(question: Question, choices: list[tuple[str, float]]) -> QuestionVersion:
    """A new current version with other choices (e.g. one more: not regradable)."""
    current = question.current_version
    content = {lang: dict(data, choices=[{"text": t, "fraction": f, "feedback": ""}
                                         for t, f in choices])
               for lang, data in current.content.items()}
    return add_version(question, content, content_hash(content), source="browser",
                       number=current.number + 1)
