import csv
import io

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    value = str(value)
    if value[:1] in _FORMULA_START:
        return "'" + value
    return value


def export_contacts_csv(contacts):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "company"])
    for contact in contacts:
        writer.writerow([_cell(contact[key]) for key in ("name", "email", "company")])
    return out.getvalue()
