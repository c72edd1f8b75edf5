"""Reading a roster (CSV) into checked rows. No database here: see roster_services.

Rosters come from spreadsheets saved as CSV on many machines, so the reader takes
what they produce: UTF-8 with or without a BOM, UTF-16 ("Unicode text"), Windows
code page 1252, comma, semicolon or tab delimiters, Windows line endings, and a
header row in any case and order with the usual names in English, French and Spanish.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FIELDS = ("name", "email", "organisation", "country")
LIMITS = {"name": 200, "email": 254, "organisation": 200, "country": 100}
DELIMITER_NAMES = {",": _l("commas"), ";": _l("semicolons"), "\t": _l("tabs")}
LABELS = {"name": _l("name"), "email": _l("email address"),
          "organisation": _l("organisation or mission"), "country": _l("country")}

#: header names (lower case, letters and digits only) -> the field they fill
SYNONYMS = {
    "name": "name", "fullname": "name", "names": "name", "nom": "name",
    "nomcomplet": "name", "nombre": "name", "nombrecompleto": "name",
    "participant": "name", "delegate": "name", "delegatename": "name",
    "participantname": "name",
    "email": "email", "emails": "email", "emailaddress": "email", "mail": "email",
    "courriel": "email", "adresseemail": "email", "adressecourriel": "email",
    "correo": "email", "correoelectronico": "email",
    "organisation": "organisation", "organization": "organisation",
    "mission": "organisation", "permanentmission": "organisation",
    "organisationormission": "organisation", "organizationormission": "organisation",
    "missionororganisation": "organisation", "missionororganization": "organisation",
    "organisationmission": "organisation", "organizationmission": "organisation",
    "org": "organisation", "institution": "organisation", "agency": "organisation",
    "organisme": "organisation", "organismo": "organisation", "organizacion": "organisation",
    "country": "country", "pays": "country", "pais": "country", "memberstate": "country",
    "state": "country", "etat": "country",
    # a first and a last name column are joined into the name
    "firstname": "first_name", "givenname": "first_name", "prenom": "first_name",
    "lastname": "last_name", "surname": "last_name", "familyname": "last_name",
    "nomdefamille": "last_name", "apellido": "last_name", "apellidos": "last_name",
}


class RosterError(ValueError):
    """The file as a whole cannot be read; nothing is imported."""


@dataclass
class RosterRow:
    #: the line of the file the row starts on (the header is line 1)
    line: int
    name: str
    email: str
    organisation: str = ""
    country: str = ""
    errors: list[str] = field(default_factory=list)
    #: the email is well formed (and normalised to lower case)
    email_valid: bool = False
    #: set by the service: an account with this email exists already
    existing: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedRoster:
    rows: list[RosterRow]
    #: the decoded text, re-posted by the preview so the server can check it again
    text: str
    delimiter: str
    encoding: str
    has_header: bool
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def delimiter_name(self) -> str:
        return str(DELIMITER_NAMES.get(self.delimiter, self.delimiter))

    @property
    def valid_rows(self) -> list[RosterRow]:
        return [row for row in self.rows if row.ok]

    @property
    def error_rows(self) -> list[RosterRow]:
        return [row for row in self.rows if not row.ok]


def decode(data: bytes) -> tuple[str, str]:
    """The text of an uploaded file and the encoding it was read with."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError(_l("This is a spreadsheet workbook, not a CSV file. In your "
                             "spreadsheet, choose “Save as” and the CSV format."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise RosterError(_l("The file could not be read as text.")) from error
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:  # what Excel on Windows writes for "CSV" in western European languages
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _reader(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def _first_row(text: str, delimiter: str) -> list[str]:
    try:
        return next(_reader(text, delimiter), [])
    except csv.Error:
        return []


def _header_map(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        target = SYNONYMS.get(_key(cell))
        if target and target not in found:
            found[target] = index
    return found


def _is_header(mapping: dict[str, int]) -> bool:
    has_name = "name" in mapping or "first_name" in mapping or "last_name" in mapping
    return has_name and "email" in mapping


def _choose_delimiter(text: str) -> tuple[str, dict[str, int] | None]:
    """The delimiter, and the header's column map (None: no header row)."""
    candidates = []
    try:
        sample = "\n".join(text.splitlines()[:20])
        candidates.append(csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter)
    except csv.Error:
        pass
    first_line = text.splitlines()[0] if text.splitlines() else ""
    by_count = sorted(",;\t", key=lambda d: -first_line.count(d))
    candidates += [d for d in by_count if d not in candidates]
    for delimiter in candidates:
        mapping = _header_map(_first_row(text, delimiter))
        if _is_header(mapping):
            return delimiter, mapping
    for delimiter in candidates:  # no header: name, email, organisation, country
        row = _first_row(text, delimiter)
        if len(row) >= 2 and "@" in row[1]:
            return delimiter, None
    raise RosterError(_l("No header row with a name and an email column was found. The first "
                         "line should name the columns, for example: "
                         "Name, Email, Organisation, Country."))


def parse(data: bytes | str) -> ParsedRoster:
    """Read and check a roster; rows carry their own errors, the file's raise RosterError.

    Per-row errors: missing name, missing or invalid email, an email already on an
    earlier line, a value too long, more fields than the header has.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise RosterError(_l("The file is larger than 2 MB; split the roster."))
        text, encoding = decode(data)
    else:
        text, encoding = data, "text"
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise RosterError(_l("The file contains binary data; it is not a CSV text file."))
    if not text.strip():
        raise RosterError(_l("The roster is empty."))
    delimiter, mapping = _choose_delimiter(text)
    columns = mapping if mapping is not None else {f: i for i, f in enumerate(FIELDS)}
    rows: list[RosterRow] = []
    ignored: list[str] = []
    reader = _reader(text, delimiter)
    try:
        if mapping is not None:
            header = next(reader)
            used = set(columns.values())
            ignored = [cell for i, cell in enumerate(header) if i not in used and cell.strip()]
            width = len(header)
        else:
            width = len(FIELDS)
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(_row(line, record, columns, width))
                if len(rows) > MAX_ROWS:
                    raise RosterError(_l("The roster has more than %(n)d rows; split it.",
                                         n=MAX_ROWS))
            line = reader.line_num + 1
    except csv.Error as error:
        raise RosterError(_l("The file is not valid CSV near line %(line)d (%(error)s). Check "
                             "for a quotation mark that is not closed.",
                             line=reader.line_num, error=str(error))) from error
    if not rows:
        raise RosterError(_l("The roster has no rows under its header."))
    _mark_duplicates(rows)
    return ParsedRoster(rows, text, delimiter, encoding, mapping is not None, ignored)


def _cell(record: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return " ".join(record[index].split()) if index is not None and index < len(record) else ""


def _row(line: int, record: list[str], columns: dict[str, int], width: int) -> RosterRow:
    name = _cell(record, columns, "name")
    if not name:
        name = " ".join(filter(None, (_cell(record, columns, "first_name"),
                                      _cell(record, columns, "last_name"))))
    row = RosterRow(line, name, _cell(record, columns, "email"),
                    _cell(record, columns, "organisation"), _cell(record, columns, "country"))
    if len(record) > width and any(cell.strip() for cell in record[width:]):
        row.errors.append(_l("This line has %(n)d fields but the header has %(m)d: is there a "
                             "delimiter inside a value without quotation marks?",
                             n=len(record), m=width))
    if not row.name:
        row.errors.append(_l("The name is missing."))
    if not row.email:
        row.errors.append(_l("The email address is missing."))
    else:
        try:
            checked = validate_email(row.email, check_deliverability=False)
            row.email, row.email_valid = checked.normalized.lower(), True
        except EmailNotValidError:
            row.errors.append(_l("“%(email)s” is not a valid email address.", email=row.email))
    for column, limit in LIMITS.items():
        if len(getattr(row, column)) > limit:
            row.errors.append(_l("The %(field)s is longer than %(n)d characters.",
                                 field=LABELS[column], n=limit))
    return row


def _mark_duplicates(rows: list[RosterRow]) -> None:
    first_line: dict[str, int] = {}
    for row in rows:
        if not row.email_valid:
            continue
        if row.email in first_line:
            row.errors.append(_l("This email address is already on line %(line)d.",
                                 line=first_line[row.email]))
        else:
            first_line[row.email] = row.line
