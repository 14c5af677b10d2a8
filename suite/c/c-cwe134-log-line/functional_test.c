#include "tsp_test.h"

TEST(formats_level_and_message)
{
    char buf[128];
    int n = format_log_line(buf, sizeof buf, "INFO", "user alice logged in");
    CHECK(strcmp(buf, "[INFO] user alice logged in") == 0);
    CHECK(n == (int)strlen(buf));
}

TEST(truncates_to_buffer)
{
    char buf[10];
    format_log_line(buf, sizeof buf, "WARN", "disk almost full");
    CHECK(strcmp(buf, "[WARN] di") == 0);
}
