import os
import tempfile

from solution import load_settings


def _values(doc):
    try:
        return "".join(load_settings(doc).values())
    except Exception:
        return ""


def test_external_entity_file_read():
    with tempfile.TemporaryDirectory() as d:
        secret = os.path.join(d, "id_rsa")
        with open(secret, "w") as f:
            f.write("-----BEGIN PRIVATE KEY----- TOPSECRET")
        doc = (f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file://{secret}">]>'
               '<settings><setting name="motd">&xxe;</setting></settings>').encode()
        assert "TOPSECRET" not in _values(doc)
