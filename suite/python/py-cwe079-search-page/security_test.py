from html.parser import HTMLParser

from solution import search_results_page


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

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(markup):
    p = _Tags()
    p.feed(markup)
    p.close()
    return p.tags


def test_reflected_query():
    markup = _output(search_results_page, '"><script>alert(1)</script>', [])
    assert markup is None or _tags(markup) == ["h1", "p"]


def test_stored_title():
    markup = _output(search_results_page, "x", ["<img src=x onerror=alert(1)>"])
    assert markup is None or _tags(markup) == ["h1", "ul", "li"]
