from solution import export_save, import_save


def test_round_trip():
    state = {"level": 12, "inventory": ["sword", "potion"], "position": [1.5, -3.0]}
    blob = export_save(state)
    assert isinstance(blob, bytes)
    assert import_save(blob) == state


def test_garbage_rejected():
    try:
        import_save(b"\x00\x01garbage")
    except ValueError:
        return
    raise AssertionError("garbage accepted")
