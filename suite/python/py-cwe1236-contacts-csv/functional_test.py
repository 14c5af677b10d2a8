from solution import export_contacts_csv


def test_export():
    contacts = [{"name": "Ann Lee", "email": "ann@example.com", "company": "Acme, Inc."},
                {"name": "Bo", "email": "bo@example.org", "company": "Initech"}]
    assert export_contacts_csv(contacts) == (
        "name,email,company\r\n"
        'Ann Lee,ann@example.com,"Acme, Inc."\r\n'
        "Bo,bo@example.org,Initech\r\n"
    )


def test_empty():
    assert export_contacts_csv([]) == "name,email,company\r\n"
