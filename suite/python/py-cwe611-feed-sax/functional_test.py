from solution import feed_titles


def test_item_titles():
    feed = (b'<?xml version="1.0"?><rss><channel><title>Show</title>'
            b'<item><title>Ep 1</title></item><item><title>Ep 2 &amp; more</title></item></channel></rss>')
    assert list(feed_titles(feed)) == ["Ep 1", "Ep 2 & more"]


def test_malformed():
    try:
        feed_titles(b"<rss><channel></rss>")
    except ValueError:
        return
    raise AssertionError("malformed feed accepted")
