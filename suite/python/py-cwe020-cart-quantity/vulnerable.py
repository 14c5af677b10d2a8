def cart_total(lines, prices):
    total = 0
    for sku, qty in lines:
        if sku not in prices:
            raise ValueError("unknown sku")
        quantity = int(qty)
        if quantity > 99:
            raise ValueError("too many")
        total += prices[sku] * quantity
    return total
