"""The ``kmi-learn`` command: Flask's CLI over :func:`create_app`, plus our groups.

``kmi-learn db upgrade`` (Flask-Migrate), ``kmi-learn courses check|sync``,
``kmi-learn users create``, ``kmi-learn demo`` are all registered by the app.
"""
from __future__ import annotations

from flask.cli import FlaskGroup


def _make_app():
    from kmi_learn.app import create_app

    return create_app()


cli = FlaskGroup(create_app=_make_app, help="kmi_learn: the International Migration Law course.")


def main() -> None:
    cli(prog_name="kmi-learn")
