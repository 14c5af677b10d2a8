from solution import feed_request


def resolve(host):
    table = {"blog.example.org": ["93.184.216.34"]}
    if host in table:
        return table[host]
    raise OSError(host)


def test_request_built():
    req = feed_request("https://blog.example.org/feed.xml", resolve)
    assert req.full_url == "https://blog.example.org/feed.xml"
    assert req.get_header("User-agent") == "FeedBot/1.0"


def test_unknown_host():
    try:
        feed_request("https://unknown.example/feed", resolve)
    except ValueError:
        return
    raise AssertionError("unknown host accepted")
