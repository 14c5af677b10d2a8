#include "tsp_test.h"

TEST(upper_cases_short_string)
{
    char buf[16];
    CHECK(copy_upper(buf, sizeof buf, "hello, World") == 12);
    CHECK(strcmp(buf, "HELLO, WORLD") == 0);
}

TEST(empty_string)
{
    char buf[4] = "xyz";
    CHECK(copy_upper(buf, sizeof buf, "") == 0);
    CHECK(buf[0] == '\0');
}

TEST(string_that_fits_exactly)
{
    char buf[4];
    CHECK(copy_upper(buf, sizeof buf, "abc") == 3);
    CHECK(strcmp(buf, "ABC") == 0);
}
