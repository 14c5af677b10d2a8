from solution import run_snippet


def test_runs_program():
    assert run_snippet("print(6 * 7)") == "42\n"


def test_multiline():
    assert run_snippet("for i in range(3):\n    print(i)\n") == "0\n1\n2\n"
