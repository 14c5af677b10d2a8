#include "tsp_test.h"
#include <stdint.h>

TEST(small_canvas_is_filled)
{
    uint32_t *px = make_canvas(5, 4, 0xff00ff00u);
    CHECK(px != NULL);
    for (size_t i = 0; i < 20; i++)
        CHECK(px[i] == 0xff00ff00u);
    free(px);
}

TEST(single_row)
{
    uint32_t *px = make_canvas(300, 1, 7);
    CHECK(px != NULL);
    CHECK(px[0] == 7 && px[299] == 7);
    free(px);
}

TEST(empty_canvas_is_null)
{
    CHECK(make_canvas(0, 10, 1) == NULL);
    CHECK(make_canvas(10, 0, 1) == NULL);
}
