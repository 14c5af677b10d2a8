import ast
import operator

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def _check(node):
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand)
    elif isinstance(node, ast.Compare):
        if not all(type(op) in _COMPARE for op in node.ops):
            raise ValueError("unsupported comparison")
        for part in [node.left, *node.comparators]:
            _check(part)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for elt in node.elts:
            _check(elt)
    elif isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ValueError(f"unsupported field {node.id!r}")
    elif not (isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None)))):
        raise ValueError(f"unsupported syntax: {type(node).__name__}")


def _eval(node, record):
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(v, record) for v in node.values)
        return any(_eval(v, record) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        return not _eval(node.operand, record)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, record)
        for op, comparator in zip(node.ops, node.comparators):
            right = _eval(comparator, record)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e, record) for e in node.elts]
    if isinstance(node, ast.Name):
        return record[node.id]
    return node.value


def make_filter(rule):
    try:
        tree = ast.parse(rule, mode="eval")
    except SyntaxError:
        raise ValueError(f"invalid rule: {rule!r}") from None
    _check(tree.body)
    return lambda record: bool(_eval(tree.body, record))
