import ipaddress
import socket

from solution import check_webhook_url

TABLE = {"metadata.attacker.example": ["169.254.169.254"], "intranet.attacker.example": ["93.184.216.34", "10.1.2.3"]}


def resolve(host):
    # Behaves like getaddrinfo: names from the table, IP literals, and legacy numeric forms such as 2130706433.
    if host in TABLE:
        return list(TABLE[host])
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        return [socket.inet_ntoa(socket.inet_aton(host))]
    except OSError:
        raise OSError(f"unknown host {host}") from None


def _refused(url):
    try:
        check_webhook_url(url, resolve)
    except ValueError:
        return True
    return False


def test_dns_name_pointing_at_metadata_service():
    assert _refused("http://metadata.attacker.example/latest/meta-data/")


def test_one_private_address_among_public_ones():
    assert _refused("https://intranet.attacker.example/")


def test_numeric_loopback_forms():
    for url in ("http://2130706433/", "http://127.1:6379/", "http://0x7f.0.0.1/"):
        assert _refused(url), url


def test_ipv6_loopback_and_mapped():
    for url in ("http://[::ffff:127.0.0.1]/", "http://[fd00::1]/"):
        assert _refused(url), url
