#include "tsp_test.h"
#include <stdint.h>

TEST(parses_two_records)
{
    uint8_t msg[4 + 2 * RECORD_SIZE];
    memset(msg, 0, sizeof msg);
    msg[3] = 2;
    memset(msg + 4, 0xaa, RECORD_SIZE);
    memset(msg + 4 + RECORD_SIZE, 0xbb, RECORD_SIZE);
    struct record *recs = NULL;
    CHECK(parse_batch(msg, sizeof msg, &recs) == 2);
    CHECK(recs != NULL);
    CHECK(recs[0].bytes[0] == 0xaa && recs[0].bytes[RECORD_SIZE - 1] == 0xaa);
    CHECK(recs[1].bytes[0] == 0xbb && recs[1].bytes[RECORD_SIZE - 1] == 0xbb);
    free(recs);
}

TEST(empty_batch)
{
    const uint8_t msg[4] = { 0, 0, 0, 0 };
    struct record *recs = (struct record *)msg;
    CHECK(parse_batch(msg, sizeof msg, &recs) == 0);
    CHECK(recs == NULL);
}

TEST(short_batch_is_rejected)
{
    uint8_t msg[4 + RECORD_SIZE] = { 0, 0, 0, 2 };
    struct record *recs = NULL;
    CHECK(parse_batch(msg, sizeof msg, &recs) == -1);
    CHECK(parse_batch(msg, 3, &recs) == -1);
}
