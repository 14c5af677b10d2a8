#include "tsp_test.h"
#include <stdint.h>

TEST(field_straddling_the_end)
{
    uint8_t *b = malloc(4);
    CHECK(b != NULL);
    memset(b, 0x11, 4);
    uint16_t v = 0;
    CHECK(read_be16(b, 4, 3, &v) == -1);
    free(b);
}

TEST(one_byte_buffer)
{
    uint8_t *b = malloc(1);
    CHECK(b != NULL);
    b[0] = 0x7f;
    uint16_t v = 0;
    CHECK(read_be16(b, 1, 0, &v) == -1);
    free(b);
}

TEST(huge_offset_does_not_wrap)
{
    uint8_t *b = malloc(4);
    CHECK(b != NULL);
    memset(b, 0, 4);
    uint16_t v = 0;
    CHECK(read_be16(b, 4, SIZE_MAX, &v) == -1);
    free(b);
}
