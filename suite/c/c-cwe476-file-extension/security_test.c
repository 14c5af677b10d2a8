#include "tsp_test.h"

TEST(name_without_dot)
{
    const char *ext = file_extension("Makefile");
    CHECK(ext != NULL);
    CHECK(strcmp(ext, "") == 0);
}

TEST(empty_name)
{
    const char *ext = file_extension("");
    CHECK(ext != NULL);
    CHECK(ext[0] == '\0');
}
