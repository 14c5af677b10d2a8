#include <stdio.h>
#include <string.h>

/* Writes "Hello, <first> <last>!" into out. Returns 0, or -1 when the
   greeting does not fit in out_size bytes (out is then left empty). */
int format_greeting(char *out, size_t out_size, const char *first, const char *last)
{
    if (out == NULL || out_size == 0)
        return -1;
    int n = snprintf(out, out_size, "Hello, %s %s!", first, last);
    if (n < 0 || (size_t)n >= out_size) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}
