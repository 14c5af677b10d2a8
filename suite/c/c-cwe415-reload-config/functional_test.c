#include "tsp_test.h"

TEST(loads_non_empty_lines)
{
    struct config cfg = { NULL, 0 };
    CHECK(config_load(&cfg, "port=80\n\nhost=example.org\nmode=fast") == 0);
    CHECK(cfg.count == 3);
    CHECK(strcmp(cfg.lines[0], "port=80") == 0);
    CHECK(strcmp(cfg.lines[1], "host=example.org") == 0);
    CHECK(strcmp(cfg.lines[2], "mode=fast") == 0);
    config_clear(&cfg);
    CHECK(cfg.count == 0 && cfg.lines == NULL);
}

TEST(reload_replaces_lines)
{
    struct config cfg = { NULL, 0 };
    CHECK(config_load(&cfg, "a=1\nb=2\n") == 0);
    CHECK(config_load(&cfg, "c=3\n") == 0);
    CHECK(cfg.count == 1 && strcmp(cfg.lines[0], "c=3") == 0);
    config_clear(&cfg);
}

TEST(overlong_line_on_first_load)
{
    char text[400];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    struct config cfg = { NULL, 0 };
    CHECK(config_load(&cfg, text) == -1);
}
