#include "tsp_test.h"

static void read_back(FILE *f, char *buf, size_t cap)
{
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
}

TEST(writes_one_line)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    CHECK(report_error(f, "disk quota exceeded for user bob") == 0);
    char buf[128];
    read_back(f, buf, sizeof buf);
    fclose(f);
    CHECK(strcmp(buf, "error: disk quota exceeded for user bob\n") == 0);
}

TEST(appends_lines)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    report_error(f, "first");
    report_error(f, "second");
    char buf[128];
    read_back(f, buf, sizeof buf);
    fclose(f);
    CHECK(strcmp(buf, "error: first\nerror: second\n") == 0);
}
