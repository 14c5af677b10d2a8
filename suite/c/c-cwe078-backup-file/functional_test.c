#include "tsp_test.h"

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
}

TEST(backs_up_file)
{
    write_text("settings.conf", "port=8080\n");
    remove("settings.conf.bak");
    CHECK(backup_file("settings.conf") == 0);
    FILE *f = fopen("settings.conf.bak", "rb");
    CHECK(f != NULL);
    char buf[32] = "";
    CHECK(fgets(buf, sizeof buf, f) != NULL);
    fclose(f);
    CHECK(strcmp(buf, "port=8080\n") == 0);
}

TEST(missing_file_fails)
{
    CHECK(backup_file("no-such-file.conf") == -1);
}
