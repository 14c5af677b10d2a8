import html
from html.parser import HTMLParser

from solution import render_comment


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def _parse(markup):
    p = _Tags()
    p.feed(markup)
    p.close()
    return p


def test_script_in_text_is_not_markup():
    markup = _output(render_comment, "Ann", "<script>alert(document.cookie)</script>")
    if markup is None:
        return
    p = _parse(markup)
    assert p.tags == ["div", "b", "p"]
    assert "<script>alert(document.cookie)</script>" in html.unescape(p.text)


def test_event_handler_in_author_is_not_markup():
    markup = _output(render_comment, '<img src=x onerror="alert(1)">', "hi")
    if markup is None:
        return
    p = _parse(markup)
    assert "img" not in p.tags
