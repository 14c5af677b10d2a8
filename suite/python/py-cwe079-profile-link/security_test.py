from html.parser import HTMLParser

from solution import profile_link


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


class _Anchor(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(markup):
    p = _Anchor()
    p.feed(markup)
    p.close()
    return p.tags


def test_javascript_url_not_linked():
    for url in ("javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>"):
        markup = _output(profile_link, "eve", url)
        if markup is None:
            continue
        tags = _parse(markup)
        href = tags[0][1].get("href") or ""
        scheme = href.strip().lower().split(":", 1)[0]
        assert scheme not in ("javascript", "data", "vbscript"), href


def test_attribute_breakout():
    markup = _output(profile_link, 'eve" onmouseover="alert(1)', 'https://x.example/" onclick="alert(1)')
    if markup is None:
        return
    tags = _parse(markup)
    assert [t for t, _ in tags] == ["a"]
    assert set(tags[0][1]) <= {"href", "title"}
