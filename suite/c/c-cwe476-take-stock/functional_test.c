#include "tsp_test.h"

TEST(takes_from_stock)
{
    struct item b = { "B-200", 3, NULL };
    struct item a = { "A-100", 10, &b };
    CHECK(take_stock(&a, "A-100", 4) == 6);
    CHECK(a.qty == 6);
    CHECK(take_stock(&a, "B-200", 3) == 0);
    CHECK(b.qty == 0);
}

TEST(not_enough_units)
{
    struct item a = { "A-100", 2, NULL };
    CHECK(take_stock(&a, "A-100", 5) == -1);
    CHECK(a.qty == 2);
}

TEST(find_item_finds_second)
{
    struct item b = { "B-200", 3, NULL };
    struct item a = { "A-100", 10, &b };
    CHECK(find_item(&a, "B-200") == &b);
}
