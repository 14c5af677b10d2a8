#include "tsp_test.h"
#include <unistd.h>

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

TEST(semicolon_in_name)
{
    remove("pwned_c78_a");
    backup_file("x.conf; touch pwned_c78_a");
    CHECK(!exists("pwned_c78_a"));
}

TEST(command_substitution_in_name)
{
    remove("pwned_c78_b");
    backup_file("$(touch pwned_c78_b).conf");
    CHECK(!exists("pwned_c78_b"));
}
