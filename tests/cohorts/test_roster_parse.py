"""Reading rosters as spreadsheets write them: the pure parser, row by row."""
from __future__ import annotations

import pytest

from kmi_learn.cohorts.roster import RosterError, parse

GOOD = [("Amina Diallo", "amina@mission.example", "Mission of Senegal", "Senegal"),
        ("Jonas Berg", "jonas@example.org", "IOM", "Norway")]


def rows(parsed):
    return [(r.name, r.email, r.organisation, r.country) for r in parsed.rows]


def errors(parsed):
    return {r.line: [str(e) for e in r.errors] for r in parsed.rows if r.errors}


@pytest.fixture(autouse=True)
def _context(app):  # error messages are lazy Babel strings
    with app.test_request_context():
        yield


def test_plain_comma_separated_with_a_header():
    text = "Name,Email,Organisation,Country\n" + "\n".join(",".join(r) for r in GOOD)
    parsed = parse(text.encode())
    assert rows(parsed) == GOOD and not errors(parsed)
    assert parsed.delimiter == "," and parsed.has_header


def test_excel_utf8_csv_with_bom_semicolons_and_windows_line_endings():
    text = "\ufeffNom;Courriel;Mission;Pays\r\n" + "\r\n".join(";".join(r) for r in GOOD) + "\r\n"
    parsed = parse(text.encode("utf-8"))
    assert rows(parsed) == GOOD and parsed.delimiter == ";" and parsed.encoding == "UTF-8"


def test_excel_windows_1252_csv_with_accents():
    text = "Full name;E-mail;Organization;Country\r\nJosé Müller;jose@example.org;Misión;España\r\n"
    parsed = parse(text.encode("cp1252"))
    assert rows(parsed) == [("José Müller", "jose@example.org", "Misión", "España")]
    assert parsed.encoding == "Windows-1252"


def test_utf16_unicode_text_with_tabs():
    text = "Name\tEmail\tMission\tCountry\r\n" + "\r\n".join("\t".join(r) for r in GOOD)
    parsed = parse(text.encode("utf-16"))
    assert rows(parsed) == GOOD and parsed.delimiter == "\t" and parsed.encoding == "UTF-16"


def test_header_in_any_case_and_order_with_synonyms_and_extra_columns():
    text = ("COUNTRY,e-mail ,Notes,FULL NAME,Permanent Mission\n"
            "Senegal,AMINA@Mission.example,vip,Amina Diallo,Mission of Senegal\n")
    parsed = parse(text)
    assert rows(parsed) == [GOOD[0]]
    assert parsed.ignored_columns == ["Notes"]


def test_first_and_last_name_columns_are_joined():
    parsed = parse("First name,Last name,Email\nAmina,Diallo,amina@mission.example\n")
    assert rows(parsed) == [("Amina Diallo", "amina@mission.example", "", "")]


def test_quoted_values_keep_their_delimiters_and_spaces_are_tidied():
    parsed = parse('Name,Email,Organisation\n"Berg,  Jonas",jonas@example.org,"IOM, Geneva"\n')
    assert rows(parsed) == [("Berg, Jonas", "jonas@example.org", "IOM, Geneva", "")]


def test_without_a_header_the_columns_are_taken_in_the_usual_order():
    parsed = parse("Amina Diallo;amina@mission.example;Mission of Senegal;Senegal\n")
    assert rows(parsed) == [GOOD[0]] and not parsed.has_header


def test_bad_rows_get_their_own_errors_and_the_good_ones_stay_good():
    text = ("Name,Email,Country\n"
            "Amina Diallo,amina@mission.example,Senegal\n"   # line 2: fine
            ",nobody@example.org,Chile\n"                    # 3: no name
            "Jonas Berg,not-an-email,Norway\n"               # 4: bad email
            "Second Amina,AMINA@mission.example,Senegal\n"   # 5: duplicate (case aside)
            "No Mail,,Kenya\n"                               # 6: no email
            "\n"                                             # blank: skipped
            "Too,many@example.org,fields,here\n")            # 8: extra field
    parsed = parse(text)
    found = errors(parsed)
    assert sorted(found) == [3, 4, 5, 6, 8]
    assert found[3] == ["The name is missing."]
    assert "is not a valid email address" in found[4][0]
    assert found[5] == ["This email address is already on line 2."]
    assert found[6] == ["The email address is missing."]
    assert "4 fields but the header has 3" in found[8][0]
    assert [r.line for r in parsed.valid_rows] == [2]


def test_line_numbers_count_quoted_line_breaks():
    parsed = parse('Name,Email,Organisation\n"A",a@example.org,"two\nlines"\n,b@example.org,x\n')
    assert errors(parsed) == {4: ["The name is missing."]}


@pytest.mark.parametrize("data, message", [
    (b'Name,Email\n"Amina Diallo,amina@mission.example\n', "not valid CSV"),
    (b'Name,Email\n"Amina" Diallo,amina@mission.example\n', "not valid CSV"),
    (b"PK\x03\x04\x14\x00\x06\x00binary workbook", "spreadsheet workbook"),
    (b"Name,Email\x00\x00\n", "binary data"),
    (b"", "empty"),
    (b"Name,Email\n", "no rows"),
    (b"Who,What\nAmina,Diallo\n", "No header row"),
])
def test_files_that_cannot_be_read_are_refused_with_a_clear_message(data, message):
    with pytest.raises(RosterError) as error:
        parse(data)
    assert message in str(error.value)


def test_too_long_values_are_row_errors():
    parsed = parse("Name,Email\n" + "x" * 201 + ",long@example.org\n")
    assert "longer than 200 characters" in errors(parsed)[2][0]
