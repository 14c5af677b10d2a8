#include "tsp_test.h"
#include <stdint.h>

TEST(size_product_wraps_to_zero)
{
    /* 2^33 * 2^31 pixels * 4 bytes wraps around to 0 in 64 bits */
    uint32_t *px = make_canvas((size_t)1 << 33, (size_t)1 << 31, 1);
    CHECK(px == NULL);
    free(px);
}

TEST(byte_count_wraps_to_small)
{
    /* (2^62 + 1) pixels * 4 bytes wraps around to 4 bytes */
    uint32_t *px = make_canvas(((size_t)1 << 62) + 1, 1, 1);
    CHECK(px == NULL);
    free(px);
}
