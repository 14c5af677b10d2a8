#include <stddef.h>
#include <string.h>

struct item {
    char sku[16];
    int qty;
    struct item *next;
};

/* Returns the item with this SKU in the list. */
struct item *find_item(struct item *head, const char *sku)
{
    for (struct item *it = head; it != NULL; it = it->next)
        if (strcmp(it->sku, sku) == 0)
            return it;
    return NULL;
}

/* Takes qty units of sku out of stock and returns the quantity left. */
int take_stock(struct item *head, const char *sku, int qty)
{
    struct item *it = find_item(head, sku);
    if (it->qty < qty)
        return -1;
    it->qty -= qty;
    return it->qty;
}
