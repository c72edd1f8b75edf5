"""The authoring pages (being built)."""
from flask import Blueprint

bp = Blueprint("authoring", __name__)
