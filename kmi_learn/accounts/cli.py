"""``kmi-learn users ...``"""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from kmi_learn.accounts import services
from kmi_learn.accounts.models import ROLES
from kmi_learn.extensions import db


@click.group("users")
def users() -> None:
    """Manage accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="delegate", show_default=True)
@click.password_option("--password", help="Asked for when not given.")
@with_appcontext
def create(email: str, name: str, role: str, password: str) -> None:
    """Create an account."""
    try:
        user = services.create_user(email, name, password, role=role)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
