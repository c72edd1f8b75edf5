"""``courses export``: write the current quizzes back into the GIFT files of a course tree.

For each module with a quiz: the current versions of its non-retired questions, in
position order, the default language to ``quiz.gift`` and every other language to
``quiz.<lang>.gift``, in the module's folder ``NN-<slug>``. A file whose questions are
already those (whatever its layout and comments) is left untouched, so that an export
changes exactly the files whose content changed.

When the tree is the one ``courses sync`` reads, the export also records that the files
now hold the current versions (``Question.file_hash``): the next sync sees no change
and no conflict, and a later edit of a file is a file edit, not a conflict.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from kmi_learn.audit.services import record
from kmi_learn.authoring.gift_export import BankEntry, current_bank, questions_in
from kmi_learn.catalog.loader import display_path
from kmi_learn.catalog.models import Course, Module
from kmi_learn.catalog.modules import NUMBERED_RE
from kmi_learn.extensions import db
from kmi_learn.gift import GiftError, decode, parse_all, write
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.quizzes.models import Question


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)  #: files created or rewritten
    removed: list[str] = field(default_factory=list)  #: translations no question has now
    unchanged: int = 0  #: files that already held the current versions
    warnings: list[str] = field(default_factory=list)
    #: modules (or courses) with questions but no folder in the tree: not exported
    missing: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.written) + len(self.removed)


def _module_folders(course_dir: Path) -> dict[str, Path]:
    """The module folders of a course folder by slug (``NN-slug``)."""
    found = {}
    for path in sorted(course_dir.iterdir()):
        match = NUMBERED_RE.fullmatch(path.name)
        if match and path.is_dir():
            found.setdefault(match.group(2), path)
    return found


def _file_holds(path: Path, questions: list[GiftQuestion], ordered: bool) -> bool:
    """True if the file at ``path`` parses, without error, to exactly ``questions``."""
    if not path.is_file():
        return False
    try:
        parsed, errors = parse_all(decode(path.read_bytes()))
    except (GiftError, OSError):
        return False
    if errors:
        return False
    if ordered:
        return [q.to_dict() for q in parsed] == [q.to_dict() for q in questions]
    mine = {q.id: q.to_dict() for q in parsed}
    return len(mine) == len(parsed) and mine == {q.id: q.to_dict() for q in questions}


def _export_module(module: Module, folder: Path, entries: list[BankEntry],
                   report: ExportReport) -> int:
    """Write the module's quiz files; the number of files changed."""
    course = module.course
    changed = 0
    for lang in course.languages:
        default = lang == course.default_lang
        path = folder / ("quiz.gift" if default else f"quiz.{lang}.gift")
        questions = questions_in(entries, lang)
        if not default:
            if not questions:
                if path.is_file():
                    path.unlink()  # no question is written in this language any more
                    report.removed.append(display_path(path))
                    changed += 1
                continue
            missing = [e.question.gift_id for e in entries if lang not in e.version.content]
            if missing:
                report.warnings.append(
                    f"{display_path(path)}: no '{lang}' version of {', '.join(missing)} "
                    "(a browser edit changed how they grade, or they are new): translate "
                    "them, `courses check` reports them until then")
        if _file_holds(path, questions, ordered=default):
            report.unchanged += 1
            continue
        path.write_text(write(questions), encoding="utf-8")
        report.written.append(display_path(path))
        changed += 1
    return changed


def export_tree(root: Path | str, record_hashes: bool) -> ExportReport:
    """Write every course's quizzes into the tree at ``root``; flushes only.

    ``record_hashes``: the tree is the one sync reads, so record that its files hold
    the current versions (and that retired questions are no longer in them).
    """
    root = Path(root)
    report = ExportReport()
    courses = db.session.scalars(
        select(Course).where(Course.retired_at.is_(None)).order_by(Course.slug)).all()
    modules = db.session.scalars(
        select(Module).where(Module.course_id.in_([c.id for c in courses]),
                             Module.retired_at.is_(None))
        .order_by(Module.course_id, Module.position)).all() if courses else []
    bank = current_bank([m.id for m in modules])
    exported: list[int] = []
    for course in courses:
        course_dir = root / course.slug
        mine = [m for m in modules if m.course_id == course.id
                and (m.quiz is not None or bank.get(m.id))]
        if not course_dir.is_dir():
            if mine:
                report.missing.append(
                    f"course '{course.slug}': no folder {display_path(course_dir)}")
            continue
        folders = _module_folders(course_dir)
        changed = 0
        for module in mine:
            folder = folders.get(module.slug)
            if folder is None:
                report.missing.append(f"module '{course.slug}/{module.slug}': no folder "
                                      f"NN-{module.slug} in {display_path(course_dir)}")
                continue
            entries = bank.get(module.id, [])
            changed += _export_module(module, folder, entries, report)
            exported.append(module.id)
            if record_hashes:
                for entry in entries:
                    entry.question.file_hash = entry.version.content_hash
        if changed:
            record(None, "course.export", "course", course.id,
                   f"Exported the quizzes of {course.slug} to {display_path(course_dir)}: "
                   f"{changed} files changed")
    if record_hashes and exported:
        # Retired questions are not in the files any more: if one comes back in a
        # file, sync restores it (see quizzes/sync.py).
        db.session.execute(update(Question).where(
            Question.module_id.in_(exported), Question.retired_at.is_not(None)
        ).values(file_hash=None))
    db.session.flush()
    return report
