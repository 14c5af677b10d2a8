#include "tsp_test.h"
#include <stdint.h>

TEST(count_whose_size_wraps_to_zero)
{
    /* 0x10000000 records of 16 bytes is 4 GiB: 0 in 32-bit arithmetic */
    uint8_t msg[4 + RECORD_SIZE] = { 0x10, 0, 0, 0 };
    struct record *recs = NULL;
    CHECK(parse_batch(msg, sizeof msg, &recs) == -1);
    free(recs);
}

TEST(count_whose_size_wraps_to_one_record)
{
    /* 0x10000001 * 16 wraps to 16 in 32-bit arithmetic */
    uint8_t *msg = calloc(1, 4 + RECORD_SIZE);
    CHECK(msg != NULL);
    msg[0] = 0x10; msg[3] = 0x01;
    struct record *recs = NULL;
    CHECK(parse_batch(msg, 4 + RECORD_SIZE, &recs) == -1);
    free(recs);
    free(msg);
}
