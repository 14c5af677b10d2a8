#include "tsp_test.h"
#include <stdint.h>

static uint8_t *make_ramp(int w, int h)
{
    uint8_t *px = malloc((size_t)w * h);
    for (int i = 0; i < w * h; i++)
        px[i] = (uint8_t)i;
    return px;
}

TEST(reads_corners)
{
    uint8_t *px = make_ramp(4, 3);
    struct image img = { 4, 3, px };
    CHECK(get_pixel(&img, 0, 0) == 0);
    CHECK(get_pixel(&img, 3, 0) == 3);
    CHECK(get_pixel(&img, 0, 2) == 8);
    CHECK(get_pixel(&img, 3, 2) == 11);
    free(px);
}

TEST(outside_right_and_bottom)
{
    uint8_t *px = make_ramp(4, 3);
    struct image img = { 4, 3, px };
    CHECK(get_pixel(&img, 4, 0) == -1);
    CHECK(get_pixel(&img, 0, 3) == -1);
    free(px);
}
