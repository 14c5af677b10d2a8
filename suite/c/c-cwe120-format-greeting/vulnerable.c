#include <stdio.h>
#include <string.h>

/* Writes "Hello, <first> <last>!" into out. */
int format_greeting(char *out, size_t out_size, const char *first, const char *last)
{
    (void)out_size;
    sprintf(out, "Hello, %s %s!", first, last);
    return 0;
}
