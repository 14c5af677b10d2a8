#include "tsp_test.h"
#include <stdint.h>

TEST(length_byte_past_end_of_input)
{
    uint8_t *rec = malloc(4);
    CHECK(rec != NULL);
    rec[0] = 200; rec[1] = 'a'; rec[2] = 'b'; rec[3] = 'c';
    char out[256];
    CHECK(read_record(rec, 4, out, sizeof out) == -1);
    free(rec);
}

TEST(payload_larger_than_output)
{
    uint8_t rec[101];
    rec[0] = 100;
    memset(rec + 1, 'x', 100);
    char *out = malloc(16);
    CHECK(out != NULL);
    CHECK(read_record(rec, sizeof rec, out, 16) == -1);
    free(out);
}
