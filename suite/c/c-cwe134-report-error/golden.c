#include <stdio.h>

/* Appends "error: <detail>\n" to the log stream. Returns 0, or -1 on a write error. */
int report_error(FILE *log, const char *detail)
{
    if (fputs("error: ", log) == EOF || fputs(detail, log) == EOF || fputc('\n', log) == EOF)
        return -1;
    return 0;
}
