#include "tsp_test.h"

TEST(long_name_is_cut_not_overflowed)
{
    char name[200];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    struct user *u = malloc(sizeof *u);
    CHECK(u != NULL);
    u->id = 42;
    set_display_name(u, name);
    CHECK(u->id == 42);
    CHECK(strlen(u->name) < sizeof u->name);
    CHECK(strncmp(u->name, name, strlen(u->name)) == 0);
    free(u);
}

TEST(name_of_32_chars_keeps_id)
{
    struct user u = { "", 99 };
    set_display_name(&u, "abcdefghijklmnopqrstuvwxyz012345");
    CHECK(u.id == 99);
    CHECK(strlen(u.name) == sizeof u.name - 1);
}
