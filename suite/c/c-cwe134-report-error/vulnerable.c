#include <stdio.h>

/* Appends "error: <detail>\n" to the log stream. Returns 0, or -1 on a write error. */
int report_error(FILE *log, const char *detail)
{
    fprintf(log, "error: ");
    if (fprintf(log, detail) < 0)
        return -1;
    fprintf(log, "\n");
    return 0;
}
