import os
import tempfile

from solution import feed_titles


def test_external_entity_file_read():
    with tempfile.TemporaryDirectory() as d:
        secret = os.path.join(d, "credentials")
        with open(secret, "w") as f:
            f.write("aws_secret_access_key=TOPSECRET")
        feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>'
                '<rss><channel><item><title>&leak;</title></item></channel></rss>').encode()
        try:
            titles = feed_titles(feed)
        except Exception:
            titles = []
        assert not any("TOPSECRET" in t for t in titles)
