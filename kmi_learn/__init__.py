"""kmi_learn: the e-learning platform of the International Migration Law course."""
from kmi_learn.app import create_app

__all__ = ["create_app"]
