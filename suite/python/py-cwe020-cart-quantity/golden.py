MAX_PER_LINE = 99


def cart_total(lines, prices):
    total = 0
    for sku, quantity_text in lines:
        if sku not in prices:
            raise ValueError(f"unknown sku {sku!r}")
        if not quantity_text.isdigit() or not quantity_text.isascii():
            raise ValueError(f"invalid quantity {quantity_text!r}")
        quantity = int(quantity_text)
        if not 1 <= quantity <= MAX_PER_LINE:
            raise ValueError(f"quantity out of range: {quantity}")
        total += prices[sku] * quantity
    return total
