def transfer(balances, src, dst, amount):
    if src not in balances or dst not in balances:
        raise ValueError("unknown account")
    if balances[src] < amount:
        raise ValueError("insufficient funds")
    balances[src] -= amount
    balances[dst] += amount
