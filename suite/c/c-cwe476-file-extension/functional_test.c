#include "tsp_test.h"

TEST(simple_extension)
{
    CHECK(strcmp(file_extension("report.pdf"), "pdf") == 0);
}

TEST(last_dot_wins)
{
    CHECK(strcmp(file_extension("backup.tar.gz"), "gz") == 0);
}

TEST(points_into_argument)
{
    const char *name = "photo.jpeg";
    CHECK(file_extension(name) == name + 6);
}
