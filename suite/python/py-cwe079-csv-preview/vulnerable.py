import csv
import html
import io


def render_csv_preview(csv_text):
    reader = csv.reader(io.StringIO(csv_text))
    out = "<table>"
    for i, row in enumerate(reader):
        if i == 0:
            out += "<tr>" + "".join("<th>" + c + "</th>" for c in row) + "</tr>"
        else:
            out += "<tr>" + "".join("<td>" + html.escape(c) + "</td>" for c in row) + "</tr>"
    return out + "</table>"
