#include "tsp_test.h"
#include <stdint.h>

TEST(reads_payload)
{
    const uint8_t rec[] = { 5, 'h', 'e', 'l', 'l', 'o' };
    char out[32];
    CHECK(read_record(rec, sizeof rec, out, sizeof out) == 5);
    CHECK(strcmp(out, "hello") == 0);
}

TEST(reads_empty_payload)
{
    const uint8_t rec[] = { 0 };
    char out[4] = "zzz";
    CHECK(read_record(rec, sizeof rec, out, sizeof out) == 0);
    CHECK(out[0] == '\0');
}

TEST(ignores_trailing_bytes)
{
    const uint8_t rec[] = { 2, 'o', 'k', 9, 9, 9 };
    char out[8];
    CHECK(read_record(rec, sizeof rec, out, sizeof out) == 2);
    CHECK(strcmp(out, "ok") == 0);
}

TEST(rejects_empty_input)
{
    char out[8];
    const uint8_t rec[1] = { 0 };
    CHECK(read_record(rec, 0, out, sizeof out) == -1);
}
