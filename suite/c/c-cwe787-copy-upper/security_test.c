#include "tsp_test.h"

TEST(long_source_is_cut)
{
    char *buf = malloc(8);
    CHECK(buf != NULL);
    size_t n = copy_upper(buf, 8, "callsign-alpha-bravo");
    CHECK(n == 7);
    CHECK(strcmp(buf, "CALLSIG") == 0);
    free(buf);
}

TEST(source_one_longer_than_buffer)
{
    char *buf = malloc(4);
    CHECK(buf != NULL);
    copy_upper(buf, 4, "abcd");
    CHECK(strcmp(buf, "ABC") == 0);
    free(buf);
}
