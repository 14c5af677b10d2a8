def transfer(balances, src, dst, amount):
    if src not in balances or dst not in balances:
        raise ValueError("unknown account")
    if src == dst:
        raise ValueError("cannot transfer to the same account")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ValueError("amount must be a whole number of cents")
    if amount <= 0:
        raise ValueError("amount must be positive")
    if balances[src] < amount:
        raise ValueError("insufficient funds")
    balances[src] -= amount
    balances[dst] += amount
