import os
import subprocess
import sys

import solution


def _finishes_quickly(arg, limit=0.8):
    code = "import sys, solution; solution.is_valid_hostname(sys.argv[1])"
    try:
        subprocess.run([sys.executable, "-c", code, arg], timeout=limit, capture_output=True,
                       cwd=os.path.dirname(os.path.abspath(solution.__file__)))
    except subprocess.TimeoutExpired:
        return False
    return True


def test_long_label_with_invalid_char():
    assert _finishes_quickly("a" * 40 + "!")


def test_hyphenated_run_with_invalid_char():
    assert _finishes_quickly("a-a" * 15 + "_")
