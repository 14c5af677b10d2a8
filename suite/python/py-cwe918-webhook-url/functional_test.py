from solution import check_webhook_url

TABLE = {"hooks.partner.example": ["93.184.216.34"], "api.shop.example": ["2606:2800:220:1:248:1893:25c8:1946"]}


def resolve(host):
    if host in TABLE:
        return list(TABLE[host])
    raise OSError(f"unknown host {host}")


def test_public_hosts_accepted():
    assert check_webhook_url("https://hooks.partner.example/events", resolve) == "https://hooks.partner.example/events"
    assert check_webhook_url("http://api.shop.example:8080/hook?x=1", resolve) == "http://api.shop.example:8080/hook?x=1"


def test_bad_scheme_rejected():
    try:
        check_webhook_url("ftp://hooks.partner.example/", resolve)
    except ValueError:
        return
    raise AssertionError("ftp accepted")


def test_unknown_host_rejected():
    try:
        check_webhook_url("https://nowhere.example/", resolve)
    except ValueError:
        return
    raise AssertionError("unresolvable host accepted")
