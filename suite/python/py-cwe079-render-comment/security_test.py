import html
from html.parser import HTMLParser

from solution import render_comment


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
    p = _parse(render_comment("Ann", "<script>alert(document.cookie)</script>"))
    assert p.tags == ["div", "b", "p"]
    assert "<script>alert(document.cookie)</script>" in html.unescape(p.text)


def test_event_handler_in_author_is_not_markup():
    p = _parse(render_comment('<img src=x onerror="alert(1)">', "hi"))
    assert "img" not in p.tags
