from solution import csrf_ok


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def test_fresh_session_without_token():
    # A victim whose session never rendered a form, hit by a cross-site POST without the field.
    assert not _output(csrf_ok, {}, {"to": "attacker", "amount": "1000"})


def test_empty_tokens():
    assert not _output(csrf_ok, {"csrf_token": ""}, {"csrf_token": ""})
