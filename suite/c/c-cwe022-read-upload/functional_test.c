#include "tsp_test.h"
#include <sys/stat.h>

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
}

TEST(reads_uploaded_file)
{
    mkdir("uploads", 0700);
    put_file("uploads/notes.txt", "hello upload");
    char buf[64];
    CHECK(read_upload("uploads", "notes.txt", buf, sizeof buf) == 12);
    CHECK(strcmp(buf, "hello upload") == 0);
}

TEST(truncates_to_capacity)
{
    mkdir("uploads", 0700);
    put_file("uploads/long.txt", "0123456789");
    char buf[5];
    CHECK(read_upload("uploads", "long.txt", buf, sizeof buf) == 4);
    CHECK(strcmp(buf, "0123") == 0);
}

TEST(missing_file)
{
    mkdir("uploads", 0700);
    char buf[16];
    CHECK(read_upload("uploads", "nothing-here.txt", buf, sizeof buf) == -1);
}
