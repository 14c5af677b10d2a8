import csv
import io


def export_contacts_csv(contacts):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["name", "email", "company"])
    writer.writeheader()
    writer.writerows(contacts)
    return buf.getvalue()
