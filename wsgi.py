"""The WSGI entry point: ``gunicorn wsgi:app``."""
from kmi_learn import create_app

app = create_app()
