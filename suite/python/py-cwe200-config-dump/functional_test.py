from solution import format_config


def test_plain_settings():
    out = format_config({"DEBUG": False, "DB_HOST": "db.internal", "WORKERS": 4})
    assert out.split("\n") == ["DB_HOST=db.internal", "DEBUG=False", "WORKERS=4"]
