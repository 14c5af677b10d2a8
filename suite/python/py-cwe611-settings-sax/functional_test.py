from solution import load_settings


def test_settings():
    doc = b'<settings><setting name="timeout">30</setting><setting name="mode">fast</setting></settings>'
    assert load_settings(doc) == {"timeout": "30", "mode": "fast"}


def test_with_declaration_and_whitespace():
    doc = b'<?xml version="1.0"?>\n<settings>\n  <setting name="x">1</setting>\n</settings>\n'
    assert load_settings(doc) == {"x": "1"}


def test_malformed():
    try:
        load_settings(b"<settings><setting name='a'>1</settings>")
    except ValueError:
        return
    raise AssertionError("malformed XML accepted")
