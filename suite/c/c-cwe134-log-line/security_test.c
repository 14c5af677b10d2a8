#include "tsp_test.h"

TEST(percent_signs_are_literal)
{
    char buf[128];
    format_log_line(buf, sizeof buf, "WARN", "disk 100%% full");
    CHECK(strcmp(buf, "[WARN] disk 100%% full") == 0);
}

TEST(conversion_specifiers_are_not_interpreted)
{
    char buf[128];
    format_log_line(buf, sizeof buf, "INFO", "search for %x%x%x%x");
    CHECK(strcmp(buf, "[INFO] search for %x%x%x%x") == 0);
}
