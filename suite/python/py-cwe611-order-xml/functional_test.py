from solution import parse_order


def test_parses_order():
    doc = '<order id="7"><customer>ACME</customer><item sku="A1" qty="2"/><item sku="B2" qty="1"/></order>'
    result = parse_order(doc)
    assert result["id"] == "7" and result["customer"] == "ACME"
    assert [tuple(i) for i in result["items"]] == [("A1", 2), ("B2", 1)]


def test_xml_declaration_ok():
    doc = '<?xml version="1.0" encoding="UTF-8"?>\n<order id="8"><customer>Initech</customer></order>'
    assert parse_order(doc)["customer"] == "Initech"


def test_malformed():
    try:
        parse_order("<order id='1'><customer>x</order>")
    except ValueError:
        return
    raise AssertionError("malformed XML accepted")
