"""Forms of the GIFT import. They validate; they never save."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from kmi_learn.gift import GiftError, decode

#: the largest GIFT text accepted (the whole course's bank is about 300 kB)
MAX_BYTES = 2 * 1024 * 1024


class ImportForm(FlaskForm):
    upload = FileField(_l("GIFT file"), description=_l(
        "A GIFT file (.gift or .txt) saved as UTF-8, for example exported from Moodle or "
        "from here."))
    text = TextAreaField(_l("Or paste the questions here"), validators=[Length(max=MAX_BYTES)])
    lang = SelectField(_l("Language of the questions"), validators=[DataRequired()])

    def gift_text(self) -> str | None:
        """The uploaded file as text, else the pasted text; None with an error on the
        field concerned (no file nor text, too large, not UTF-8)."""
        storage = self.upload.data
        if storage and getattr(storage, "filename", ""):
            data = storage.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                self.upload.errors = [*self.upload.errors, _l("The file is larger than 2 MB.")]
                return None
            try:
                return decode(data)
            except GiftError as error:
                self.upload.errors = [*self.upload.errors, _l(
                    "The file is not UTF-8 text (a byte on line %(line)d cannot be read): "
                    "save it with the UTF-8 encoding and upload it again.", line=error.line)]
                return None
        if self.text.data and self.text.data.strip():
            return self.text.data
        self.text.errors = [*self.text.errors,
                            _l("Choose a GIFT file or paste the questions.")]
        return None


class ImportConfirmForm(FlaskForm):
    #: the text of the preview, planned again on the server
    gift = HiddenField(validators=[DataRequired(), Length(max=MAX_BYTES * 2)])
    lang = HiddenField(validators=[DataRequired(), Length(max=10)])
    #: the bank the preview was made against
    bank_hash = HiddenField(validators=[DataRequired(), Length(max=64)])
