# tsp test harness for Python (run inside the sandbox by tsp-sandbox).
# Usage: python3 -B -E -s tsp_harness.py NONCE [TEST_ID ...]
# Imports functional_test.py and security_test.py (those present), collects their no-argument
# `test_*` functions in definition order, and runs them (all, or only the TEST_IDs given).
# Events go to stdout as lines "@@TSP NONCE {json}": plan, start, result.
# A test passes when it returns, fails on AssertionError, and errors on any other exception.
import json
import os
import sys
import traceback

NONCE = sys.argv[1]
ONLY = sys.argv[2:]
_out = sys.stdout


def emit(**event):
    _out.write("\n@@TSP " + NONCE + " " + json.dumps(event) + "\n")
    _out.flush()


def short_traceback(exc):
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return text[-2000:]


def main():
    sys.path.insert(0, os.getcwd())
    tests = []
    load_errors = []
    for kind in ("functional", "security"):
        if not os.path.exists(kind + "_test.py"):
            continue
        try:
            module = __import__(kind + "_test")
        except BaseException as exc:  # the solution or the tests do not even import
            load_errors.append((kind + "::<load>", exc))
            continue
        for name, value in list(vars(module).items()):
            if name.startswith("test_") and callable(value) and not isinstance(value, type):
                tests.append((kind + "::" + name, value))
    ids = [i for i, _ in load_errors] + [i for i, _ in tests]
    emit(ev="plan", ids=ids)
    for test_id, exc in load_errors:
        if not ONLY or test_id in ONLY:
            emit(ev="result", id=test_id, outcome="error", message=short_traceback(exc))
    for test_id, fn in tests:
        if ONLY and test_id not in ONLY:
            continue
        emit(ev="start", id=test_id)
        try:
            fn()
            outcome, message = "pass", ""
        except AssertionError as exc:
            outcome, message = "fail", short_traceback(exc)
        except BaseException as exc:  # includes SystemExit from the code under test
            outcome, message = "error", short_traceback(exc)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        emit(ev="result", id=test_id, outcome=outcome, message=message)


main()
