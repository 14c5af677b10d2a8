from solution import parse_order


def _entities(levels=4):
    decl = '<!ENTITY e0 "' + "lol" * 33 + '">'
    for i in range(1, levels + 1):
        decl += f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">'
    return decl


def _customer(doc):
    try:
        return parse_order(doc)["customer"]
    except Exception:
        return ""


def test_entity_expansion_bomb():
    doc = f'<!DOCTYPE order [{_entities()}]><order id="1"><customer>&e4;</customer></order>'
    assert len(_customer(doc)) < 1000


def test_entity_spoofing():
    doc = '<!DOCTYPE order [<!ENTITY c "Globex (verified partner)">]><order id="1"><customer>&c;</customer></order>'
    assert "verified partner" not in _customer(doc)
