#include <string.h>

/* Writes "<dir>/<file>" into out. */
int join_path(char *out, size_t out_size, const char *dir, const char *file)
{
    if (out_size == 0)
        return -1;
    strcpy(out, dir);
    strcat(out, "/");
    strcat(out, file);
    return 0;
}
