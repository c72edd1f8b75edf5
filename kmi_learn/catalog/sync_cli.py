"""``kmi-learn courses sync [PATH]``: validate, then load the files into the database."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from kmi_learn.catalog.sync import sync_path
from kmi_learn.extensions import db


@click.command("sync")
@click.argument("path", required=False, type=click.Path(file_okay=False, exists=True))
@click.option("--prefer-files", is_flag=True,
              help="On a conflict, take the file's version over the browser's.")
@with_appcontext
def sync(path: str | None, prefer_files: bool) -> None:
    """Load the course files under PATH (default: the configured courses/) in one
    transaction. Nothing changes if any file has a problem."""
    report = sync_path(path or current_app.config["KMI_COURSES_PATH"], prefer_files)
    if report.problems:
        db.session.rollback()
        for problem in report.problems:
            click.echo(str(problem))
        click.echo(f"{len(report.problems)} problems found; nothing was changed.", err=True)
        raise SystemExit(1)
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict}")
    db.session.commit()
    click.echo(f"Synced: {report.summary()}.")
