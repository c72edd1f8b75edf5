"""The ``courses`` command group: ``check`` here; the app adds ``sync``.

``check`` needs no application, database or configuration: facilitators and CI
run it on the files alone.
"""
from __future__ import annotations

import click

from kmi_learn.catalog.check import check_tree


@click.group("courses")
def courses() -> None:
    """Check and load the course files (courses/)."""


@courses.command("check")
@click.argument("path", default="courses", type=click.Path(file_okay=False))
def check(path: str) -> None:
    """Validate the course files under PATH (default: ./courses).

    Prints every problem as ``path:line: message`` and exits 1 if there is any;
    otherwise prints what the tree holds and exits 0.
    """
    summary, problems = check_tree(path)
    if problems:
        for problem in problems:
            click.echo(str(problem))
        noun = "problem" if len(problems) == 1 else "problems"
        click.echo(f"{len(problems)} {noun} found.", err=True)
        raise SystemExit(1)
    click.echo(summary)


if __name__ == "__main__":
    courses(prog_name="python -m kmi_learn.catalog.cli")
