"""``kmi-learn demo``: a working site on this machine in one command.

Applies the migrations, syncs ``courses/``, makes one account per role (their
passwords are printed: this is a demo, never a production set-up) and serves the
app with gunicorn.
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

DEMO_ACCOUNTS = (
    ("admin", "admin@demo.kmi", "Demo Admin"),
    ("facilitator", "facilitator@demo.kmi", "Demo Facilitator"),
    ("trainer", "trainer@demo.kmi", "Demo Trainer"),
    ("delegate", "delegate@demo.kmi", "Demo Delegate"),
)


def demo_password(role: str) -> str:
    return f"demo-{role}-password"


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True)
@click.option("--no-serve", is_flag=True, help="Prepare the database only.")
@with_appcontext
def demo(host: str, port: int, workers: int, no_serve: bool) -> None:
    """Prepare a demo database (migrations, course, accounts) and serve it."""
    if current_app.config["KMI_ENV"] == "production":
        raise click.ClickException("The demo refuses to run with KMI_ENV=production.")
    from flask_migrate import upgrade

    from kmi_learn.accounts.services import create_user, find_by_email
    from kmi_learn.catalog.sync import sync_path
    from kmi_learn.extensions import db
    from kmi_learn.security import hash_password

    upgrade()
    report = sync_path(current_app.config["KMI_COURSES_PATH"])
    if report.problems:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("courses/ has problems; nothing was synced.")
    click.echo(f"Courses synced: {report.summary()}")
    for role, email, name in DEMO_ACCOUNTS:
        user = find_by_email(email)
        if user is None:
            create_user(email, name, demo_password(role), role=role)
        else:  # the printed password always works, whatever was done before
            user.password_hash = hash_password(demo_password(role))
            user.role, user.disabled = role, False
    db.session.commit()

    url = f"http://{host}:{port}/"
    click.echo("\nDemo accounts (email / password):")
    for role, email, _name in DEMO_ACCOUNTS:
        click.echo(f"  {role:<12} {email:<24} {demo_password(role)}")
    click.echo(f"\nkmi_learn is at {url}\n")
    if not no_serve:
        db.session.remove()
        db.engine.dispose()  # forked workers must not share this process's connections
        serve(current_app._get_current_object(), host, port, workers)


def serve(app, host: str, port: int, workers: int) -> None:
    """Run ``app`` under gunicorn in this process (Ctrl-C stops it)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self):
            return app

    Server().run()
