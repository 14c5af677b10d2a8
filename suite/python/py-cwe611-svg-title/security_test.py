from solution import svg_title


def _title(doc):
    try:
        return svg_title(doc)
    except Exception:
        return ""


def test_billion_laughs():
    decl = '<!ENTITY a0 "' + "ha" * 50 + '">'
    for i in range(1, 5):
        decl += f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">'
    doc = f'<!DOCTYPE svg [{decl}]><svg xmlns="http://www.w3.org/2000/svg"><title>&a4;</title></svg>'
    assert len(_title(doc)) < 1000
