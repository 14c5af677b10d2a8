#include "tsp_test.h"

TEST(unknown_sku)
{
    struct item a = { "A-100", 10, NULL };
    CHECK(take_stock(&a, "Z-999", 1) == -1);
    CHECK(a.qty == 10);
}

TEST(empty_inventory)
{
    CHECK(take_stock(NULL, "A-100", 1) == -1);
}
