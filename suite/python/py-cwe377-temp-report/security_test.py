import contextlib
import os
import tempfile

from solution import write_temp_report

PREFIXES = ("tmp", "report-", "report_", "report", "")
SUFFIXES = (".csv", "")


@contextlib.contextmanager
def _predicted_names(directory, first):
    # The attacker knows (or guesses) the next candidate name and plants a symlink there first.
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
        victim = os.path.join(d, "victim_file")
        for pre in PREFIXES:
            for suf in SUFFIXES:
                os.symlink(victim, os.path.join(shared, f"{pre}predicted{suf}"))
        with _predicted_names(shared, "predicted"):
            try:
                write_temp_report(b"secret,data\n")
            except OSError:
                pass
        assert not os.path.exists(victim)


def test_report_not_readable_by_other_users():
    old = os.umask(0o022)
    try:
        path = write_temp_report(b"x\n")
    finally:
        os.umask(old)
    try:
        assert os.stat(path).st_mode & 0o077 == 0
    finally:
        os.remove(path)


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
                    write_temp_report(b"secret,data\n")
                except OSError:
                    pass
        finally:
            tempfile.tempdir = old_dir
        assert not os.path.exists(victim)
