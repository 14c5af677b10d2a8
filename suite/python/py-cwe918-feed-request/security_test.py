import ipaddress

from solution import feed_request


def resolve(host):
    table = {"feeds.attacker.example": ["192.168.0.10"]}
    if host in table:
        return table[host]
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        raise OSError(host) from None


def _refused(url):
    try:
        feed_request(url, resolve)
    except ValueError:
        return True
    return False


def test_file_scheme():
    assert _refused("file:///etc/passwd")


def test_private_address_by_name():
    assert _refused("http://feeds.attacker.example/rss")


def test_loopback_literals():
    for url in ("http://[::1]:8080/", "http://127.0.0.2/", "http://0.0.0.0:6379/"):
        assert _refused(url), url
