import os
import subprocess
import sys

import solution


def _finishes_quickly(arg, limit=0.8):
    code = "import sys, solution\ntry:\n    solution.parse_version(sys.argv[1])\nexcept ValueError:\n    pass"
    try:
        subprocess.run([sys.executable, "-c", code, arg], timeout=limit, capture_output=True,
                       cwd=os.path.dirname(os.path.abspath(solution.__file__)))
    except subprocess.TimeoutExpired:
        return False
    return True


def test_long_digit_run_with_bad_suffix():
    assert _finishes_quickly("1" * 40 + "x")


def test_many_parts_with_bad_suffix():
    assert _finishes_quickly("1.1" * 20 + "1111111111111111111111111-")
