#include "tsp_test.h"

static const char *overlong_config(void)
{
    static char text[400];
    memcpy(text, "name=", 5);
    memset(text + 5, 'y', sizeof text - 6);
    text[sizeof text - 1] = '\0';
    return text;
}

TEST(failed_reload_then_clear)
{
    struct config cfg = { NULL, 0 };
    CHECK(config_load(&cfg, "a=1\nb=2\n") == 0);
    CHECK(config_load(&cfg, overlong_config()) == -1);
    config_clear(&cfg);
    CHECK(cfg.count == 0);
}

TEST(failed_reload_leaves_config_empty)
{
    struct config cfg = { NULL, 0 };
    CHECK(config_load(&cfg, "a=1\n") == 0);
    CHECK(config_load(&cfg, overlong_config()) == -1);
    for (size_t i = 0; i < cfg.count; i++)
        CHECK(strlen(cfg.lines[i]) <= CONFIG_LINE_MAX);
    CHECK(cfg.count == 0);
    config_clear(&cfg);
}
