from solution import profile_link


def test_basic_link():
    assert profile_link("ann", "https://ann.example.org/") == \
        '<a href="https://ann.example.org/" title="ann">ann</a>'


def test_non_web_scheme_replaced():
    assert profile_link("bo", "ftp://files.example.org/") == '<a href="#" title="bo">bo</a>'


def test_http_allowed():
    assert profile_link("cy", "http://cy.example.net/blog") == '<a href="http://cy.example.net/blog" title="cy">cy</a>'
