#include "tsp_test.h"

TEST(short_name_is_stored)
{
    struct user u = { "", 7 };
    set_display_name(&u, "alice");
    CHECK(strcmp(u.name, "alice") == 0);
    CHECK(u.id == 7);
}

TEST(name_is_replaced)
{
    struct user u = { "", 1 };
    set_display_name(&u, "a much longer first name");
    set_display_name(&u, "bob");
    CHECK(strcmp(u.name, "bob") == 0);
}

TEST(name_of_31_chars_fits)
{
    struct user u = { "", 3 };
    const char *name = "abcdefghijklmnopqrstuvwxyz01234";
    set_display_name(&u, name);
    CHECK(strcmp(u.name, name) == 0);
    CHECK(u.id == 3);
}
