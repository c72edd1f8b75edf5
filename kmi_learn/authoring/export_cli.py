"""``kmi-learn courses export [PATH]``: the current quizzes back into the course files."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kmi_learn.authoring.export import export_tree
from kmi_learn.extensions import db


@click.command("export")
@click.argument("path", required=False, type=click.Path(file_okay=False, exists=True))
@click.option("--record-sync/--no-record-sync", default=None,
              help="Record that the files at PATH now hold the current versions, as a "
                   "sync would (default: only when PATH is the configured courses folder, "
                   "the one `courses sync` reads).")
@with_appcontext
def export(path: str | None, record_sync: bool | None) -> None:
    """Write the current quizzes (current versions of the questions that are not
    retired, in order) into the GIFT files of the tree at PATH (default: the
    configured courses/): quiz.gift in the default language, quiz.<lang>.gift for the
    others, in each module's NN-<slug> folder. Prints the files that changed."""
    configured = Path(current_app.config["KMI_COURSES_PATH"])
    root = Path(path) if path else configured
    if record_sync is None:
        record_sync = root.resolve() == configured.resolve()
    report = export_tree(root, record_sync)
    db.session.commit()
    for name in report.written:
        click.echo(f"written: {name}")
    for name in report.removed:
        click.echo(f"removed: {name}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    for missing in report.missing:
        click.echo(f"not exported: {missing}", err=True)
    click.echo(f"Exported: {report.changed} files changed, {report.unchanged} unchanged.")
    if not record_sync:
        click.echo("The database still expects the files that `courses sync` reads "
                   f"({configured}) as they were: PATH is another tree.")
    if report.missing:
        raise SystemExit(1)
