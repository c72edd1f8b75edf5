"""Mailing set-password links, when an SMTP server is configured (KMI_SMTP_*).

Called by the view after the import is committed, so that every mailed link exists.
A mail that fails is reported, never fatal: the trainer still has every link on screen.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _

from kmi_learn.accounts.password_links import LIFETIME


def configured() -> bool:
    return bool(current_app.config.get("KMI_SMTP_HOST"))


def _connect() -> smtplib.SMTP:
    config = current_app.config
    host, port = config["KMI_SMTP_HOST"], int(config["KMI_SMTP_PORT"])
    context = ssl.create_default_context()
    if port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=30, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=30)
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
    if config.get("KMI_SMTP_USER"):
        smtp.login(config["KMI_SMTP_USER"], config.get("KMI_SMTP_PASSWORD", ""))
    return smtp


def send_links(links: list[tuple[str, str, str]], cohort_name: str, course_title: str) -> int:
    """Mail each ``(name, email, url)``; returns how many could not be sent."""
    if not links:
        return 0
    sender = current_app.config.get("KMI_SMTP_FROM") or current_app.config.get("KMI_SMTP_USER")
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("SMTP connection failed; no link was mailed")
        return len(links)
    failed = 0
    with smtp:
        for name, email, url in links:
            message = EmailMessage()
            message["From"], message["To"] = sender, email
            message["Subject"] = _("Your account for %(course)s", course=course_title)
            message.set_content(_(
                "Hello %(name)s,\n\nYou are registered in %(cohort)s for the course "
                "%(course)s.\nChoose your password with this link (it works once, for %(days)d "
                "days):\n\n%(url)s\n", name=name, cohort=cohort_name, course=course_title,
                url=url, days=LIFETIME.days))
            try:
                smtp.send_message(message)
            except (OSError, smtplib.SMTPException):
                current_app.logger.exception("mailing a set-password link failed")
                failed += 1
    return failed
