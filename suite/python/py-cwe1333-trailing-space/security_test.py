import os
import subprocess
import sys

import solution


def _finishes_quickly(arg, limit=0.8):
    code = "import sys, solution; solution.clean_comment(sys.argv[1])"
    try:
        subprocess.run([sys.executable, "-c", code, arg], timeout=limit, capture_output=True,
                       cwd=os.path.dirname(os.path.abspath(solution.__file__)))
    except subprocess.TimeoutExpired:
        return False
    return True


def test_long_run_of_spaces_inside_a_line():
    assert _finishes_quickly("x" + " " * 30000 + "x")
