#include "tsp_test.h"

TEST(greets_full_name)
{
    char buf[64];
    CHECK(format_greeting(buf, sizeof buf, "Ada", "Lovelace") == 0);
    CHECK(strcmp(buf, "Hello, Ada Lovelace!") == 0);
}

TEST(greeting_that_exactly_fits)
{
    char buf[16];
    /* "Hello, Al Bo!" is 13 characters */
    CHECK(format_greeting(buf, sizeof buf, "Al", "Bo") == 0);
    CHECK(strcmp(buf, "Hello, Al Bo!") == 0);
}
