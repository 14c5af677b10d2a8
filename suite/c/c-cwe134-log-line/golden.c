#include <stdio.h>

/* Formats "[<level>] <message>" into out (truncated to out_size bytes) and
   returns the length of the full line. */
int format_log_line(char *out, size_t out_size, const char *level, const char *message)
{
    return snprintf(out, out_size, "[%s] %s", level, message);
}
