#include <stdio.h>

/* Formats "[<level>] <message>" into out (truncated to out_size bytes). */
int format_log_line(char *out, size_t out_size, const char *level, const char *message)
{
    int n = snprintf(out, out_size, "[%s] ", level);
    if (n < 0 || (size_t)n >= out_size)
        return n;
    return n + snprintf(out + n, out_size - n, message);
}
