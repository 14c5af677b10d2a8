#include "tsp_test.h"

TEST(long_file_name_is_rejected)
{
    char file[300];
    memset(file, 'f', sizeof file - 1);
    file[sizeof file - 1] = '\0';
    char *buf = malloc(64);
    CHECK(buf != NULL);
    CHECK(join_path(buf, 64, "/var/spool/mail", file) == -1);
    free(buf);
}

TEST(one_byte_short_is_rejected)
{
    char *buf = malloc(5);
    CHECK(buf != NULL);
    /* "ab/cd" needs 6 bytes with its NUL */
    CHECK(join_path(buf, 5, "ab", "cd") == -1);
    free(buf);
}
