#include <stdio.h>
#include <string.h>

/* Reads the uploaded file called name from directory dir into buf (at most
   cap - 1 bytes, NUL-terminated). Returns the number of bytes read, or -1. */
long read_upload(const char *dir, const char *name, char *buf, size_t cap)
{
    char path[4096];
    if (cap == 0)
        return -1;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    size_t got = fread(buf, 1, cap - 1, f);
    buf[got] = '\0';
    fclose(f);
    return (long)got;
}
