def make_filter(rule):
    try:
        code = compile(rule, "<rule>", "eval")
    except SyntaxError:
        raise ValueError("invalid rule")

    def predicate(record):
        return bool(eval(code, {"__builtins__": {}}, dict(record)))

    return predicate
