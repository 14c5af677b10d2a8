#include "tsp_test.h"

static void read_log(FILE *f, char *buf, size_t cap)
{
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
}

TEST(detail_with_percent_is_literal)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    report_error(f, "bad upload name 'x%%y'");
    char buf[128];
    read_log(f, buf, sizeof buf);
    fclose(f);
    CHECK(strcmp(buf, "error: bad upload name 'x%%y'\n") == 0);
}

TEST(detail_with_conversions_is_literal)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    report_error(f, "unknown command %x.%x.%x");
    char buf[128];
    read_log(f, buf, sizeof buf);
    fclose(f);
    CHECK(strcmp(buf, "error: unknown command %x.%x.%x\n") == 0);
}
