def calculate(expression):
    try:
        return eval(expression)
    except (SyntaxError, NameError, TypeError, ZeroDivisionError) as e:
        raise ValueError(str(e))
