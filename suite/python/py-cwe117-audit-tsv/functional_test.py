import os
import tempfile

from solution import append_event, read_events


def test_round_trip():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "audit.tsv")
        append_event(p, "mod_anna", "deleted post 17")
        append_event(p, "mod_ben", "banned user spam99 for 3 days")
        assert [tuple(e) for e in read_events(p)] == [("mod_anna", "deleted post 17"),
                                                      ("mod_ben", "banned user spam99 for 3 days")]


def test_appends_to_existing():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "audit.tsv")
        append_event(p, "a", "one")
        append_event(p, "b", "two")
        append_event(p, "c", "three")
        assert len(read_events(p)) == 3
