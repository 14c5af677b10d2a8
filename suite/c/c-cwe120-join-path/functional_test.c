#include "tsp_test.h"

TEST(joins_dir_and_file)
{
    char buf[64];
    CHECK(join_path(buf, sizeof buf, "/var/spool/mail", "alice") == 0);
    CHECK(strcmp(buf, "/var/spool/mail/alice") == 0);
}

TEST(path_that_exactly_fits)
{
    char buf[6];
    CHECK(join_path(buf, sizeof buf, "ab", "cd") == 0);
    CHECK(strcmp(buf, "ab/cd") == 0);
}
