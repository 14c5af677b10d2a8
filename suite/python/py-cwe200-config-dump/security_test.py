from solution import format_config

SETTINGS = {"DEBUG": False, "DB_HOST": "db.internal", "DB_PASSWORD": "pg-pass-7781",
            "STRIPE_SECRET_KEY": "sk_live_abc123", "GITHUB_TOKEN": "ghp_XYZ987", "AWS_SECRET_ACCESS_KEY": "aws/s3cr3t",
            "SENTRY_DSN": "https://key123@o1.ingest.sentry.io/42"}


def test_secrets_masked():
    out = format_config(dict(SETTINGS))
    for name in ("DB_PASSWORD", "STRIPE_SECRET_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "SENTRY_DSN"):
        assert SETTINGS[name] not in out, name
    assert "DB_HOST=db.internal" in out
