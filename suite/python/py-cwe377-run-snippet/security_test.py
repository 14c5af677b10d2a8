import contextlib
import os
import tempfile

from solution import run_snippet


@contextlib.contextmanager
def _predicted_names(directory, first):
    old_dir, old_names = tempfile.tempdir, tempfile._get_candidate_names
    real = old_names()

    def names():
        yield first
        while True:
            yield next(real)

    gen = names()
    tempfile.tempdir = directory
    tempfile._get_candidate_names = lambda: gen
    try:
        yield
    finally:
        tempfile.tempdir, tempfile._get_candidate_names = old_dir, old_names


@contextlib.contextmanager
def _attacker_wins_race(victim):
    # Plant a symlink to `victim` at a candidate name right after the "does it exist?" check, the
    # window that tempfile.mktemp() leaves open between choosing a name and the caller opening it.
    real = tempfile._exists

    def racing_exists(fn):
        if real(fn):
            return True
        os.symlink(victim, fn)
        return False

    tempfile._exists = racing_exists
    try:
        yield
    finally:
        tempfile._exists = real


def test_planted_symlink_is_not_followed():
    with tempfile.TemporaryDirectory() as d:
        shared = os.path.join(d, "tmp")
        os.mkdir(shared)
        victim = os.path.join(d, "victim.py")
        for name in ("tmpguess.py", "snippet-guess.py", "snippet_guess.py", "guess.py", "tmpguess"):
            os.symlink(victim, os.path.join(shared, name))
        with _predicted_names(shared, "guess"):
            try:
                run_snippet("print('hi')")
            except Exception:
                pass
        assert not os.path.exists(victim)


def test_name_race_is_not_exploitable():
    with tempfile.TemporaryDirectory() as d:
        shared = os.path.join(d, "tmp")
        os.mkdir(shared)
        victim = os.path.join(d, "victim_file")
        old_dir = tempfile.tempdir
        tempfile.tempdir = shared
        try:
            with _attacker_wins_race(victim):
                try:
                    run_snippet("print('hi')")
                except OSError:
                    pass
        finally:
            tempfile.tempdir = old_dir
        assert not os.path.exists(victim)
