#include "tsp_test.h"
#include <stdint.h>

TEST(negative_x_is_outside)
{
    uint8_t *px = malloc(12);
    CHECK(px != NULL);
    memset(px, 1, 12);
    struct image img = { 4, 3, px };
    CHECK(get_pixel(&img, -1, 0) == -1);
    free(px);
}

TEST(negative_y_is_outside)
{
    uint8_t *px = malloc(12);
    CHECK(px != NULL);
    memset(px, 1, 12);
    struct image img = { 4, 3, px };
    CHECK(get_pixel(&img, 2, -1) == -1);
    free(px);
}
