#include "tsp_test.h"

TEST(long_names_do_not_overflow)
{
    char *buf = malloc(24);
    CHECK(buf != NULL);
    int rc = format_greeting(buf, 24, "Bartholomew-Maximilian", "Featherstonehaugh-Worthington");
    CHECK(rc == -1);
    free(buf);
}

TEST(one_byte_too_long_is_rejected)
{
    char *buf = malloc(13);
    CHECK(buf != NULL);
    /* "Hello, Al Bo!" needs 14 bytes with its NUL */
    CHECK(format_greeting(buf, 13, "Al", "Bo") == -1);
    free(buf);
}
