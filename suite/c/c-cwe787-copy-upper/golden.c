#include <ctype.h>
#include <stddef.h>

/* Copies src into dst in upper case, cut to fit dst_size bytes with the
   terminating NUL. Returns the number of characters copied. */
size_t copy_upper(char *dst, size_t dst_size, const char *src)
{
    if (dst_size == 0)
        return 0;
    size_t i = 0;
    for (; i + 1 < dst_size && src[i] != '\0'; i++)
        dst[i] = (char)toupper((unsigned char)src[i]);
    dst[i] = '\0';
    return i;
}
