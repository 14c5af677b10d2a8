import csv
import io
from html import escape


def render_csv_preview(csv_text):
    rows = list(csv.reader(io.StringIO(csv_text)))
    if not rows:
        return "<table></table>"
    head = "".join(f"<th>{escape(cell)}</th>" for cell in rows[0])
    parts = [f"<tr>{head}</tr>"]
    for row in rows[1:]:
        cells = "".join(f"<td>{escape(cell)}</td>" for cell in row)
        parts.append(f"<tr>{cells}</tr>")
    return "<table>" + "".join(parts) + "</table>"
