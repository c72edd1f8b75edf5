"""``python -m kmi_learn.catalog.check_cli [PATH]``: ``courses check`` without the app.

For content writers' checklists; the same command as ``kmi-learn courses check``.
"""
from kmi_learn.catalog.cli import check

if __name__ == "__main__":
    check(prog_name="python -m kmi_learn.catalog.check_cli")
