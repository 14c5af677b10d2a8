from html.parser import HTMLParser

from solution import search_results_page


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(markup):
    p = _Tags()
    p.feed(markup)
    p.close()
    return p.tags


def test_reflected_query():
    assert _tags(search_results_page('"><script>alert(1)</script>', [])) == ["h1", "p"]


def test_stored_title():
    tags = _tags(search_results_page("x", ["<img src=x onerror=alert(1)>"]))
    assert tags == ["h1", "ul", "li"]
