#include "tsp_test.h"
#include <sys/stat.h>

static void put_secret(void)
{
    mkdir("uploads", 0700);
    FILE *f = fopen("secret.txt", "wb");
    CHECK(f != NULL);
    fputs("TOP-SECRET", f);
    fclose(f);
}

TEST(parent_directory_name)
{
    put_secret();
    char buf[64] = "";
    long n = read_upload("uploads", "../secret.txt", buf, sizeof buf);
    CHECK(n == -1);
    CHECK(strstr(buf, "TOP-SECRET") == NULL);
}

TEST(nested_traversal)
{
    put_secret();
    mkdir("uploads/a", 0700);
    char buf[64] = "";
    read_upload("uploads", "a/../../secret.txt", buf, sizeof buf);
    CHECK(strstr(buf, "TOP-SECRET") == NULL);
}
