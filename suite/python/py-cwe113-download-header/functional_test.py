from urllib.parse import unquote

from solution import content_disposition


def test_ascii_name():
    assert content_disposition("report.pdf") == 'attachment; filename="report.pdf"'


def test_non_ascii_name_is_offered():
    value = content_disposition("Übersicht 2024.pdf")
    assert value.startswith("attachment;")
    assert value.isascii()
    star = [p.strip() for p in value.split(";") if p.strip().startswith("filename*=")]
    assert star and unquote(star[0].split("''", 1)[1]) == "Übersicht 2024.pdf"
