import os
import tempfile

from solution import append_event, read_events


def test_newline_cannot_forge_event():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "audit.tsv")
        try:
            append_event(p, "mod_eve", "edited post\nadmin\tgranted moderator rights to mod_eve")
        except ValueError:
            return  # refusing the input is safe
        events = [tuple(e) for e in read_events(p)]
        assert ("admin", "granted moderator rights to mod_eve") not in events
        assert len(events) == 1


def test_tab_cannot_change_actor():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "audit.tsv")
        try:
            append_event(p, "mod_eve\tsomeone else", "x")
        except ValueError:
            return
        assert [tuple(e) for e in read_events(p)] == [("mod_eve\tsomeone else", "x")]
