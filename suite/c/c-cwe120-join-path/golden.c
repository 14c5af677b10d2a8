#include <string.h>

/* Writes "<dir>/<file>" into out. Returns 0, or -1 when the path does not
   fit in out_size bytes (out is then left empty). */
int join_path(char *out, size_t out_size, const char *dir, const char *file)
{
    size_t dlen = strlen(dir);
    size_t flen = strlen(file);
    if (out_size == 0)
        return -1;
    if (dlen > out_size - 1 || flen > out_size - 1 - dlen || out_size - 1 - dlen - flen < 1) {
        out[0] = '\0';
        return -1;
    }
    memcpy(out, dir, dlen);
    out[dlen] = '/';
    memcpy(out + dlen + 1, file, flen + 1);
    return 0;
}
