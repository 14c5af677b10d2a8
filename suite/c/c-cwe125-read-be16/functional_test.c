#include "tsp_test.h"
#include <stdint.h>

TEST(reads_first_field)
{
    const uint8_t b[] = { 0x12, 0x34, 0x56, 0x78 };
    uint16_t v = 0;
    CHECK(read_be16(b, sizeof b, 0, &v) == 0);
    CHECK(v == 0x1234);
}

TEST(reads_last_field)
{
    const uint8_t b[] = { 0x12, 0x34, 0xab, 0xcd };
    uint16_t v = 0;
    CHECK(read_be16(b, sizeof b, 2, &v) == 0);
    CHECK(v == 0xabcd);
}

TEST(offset_past_end_is_rejected)
{
    const uint8_t b[] = { 1, 2, 3, 4 };
    uint16_t v = 0;
    CHECK(read_be16(b, sizeof b, 4, &v) == -1);
    CHECK(read_be16(b, sizeof b, 100, &v) == -1);
}
