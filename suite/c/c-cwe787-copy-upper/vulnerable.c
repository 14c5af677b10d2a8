#include <ctype.h>
#include <stddef.h>

/* Copies src into dst in upper case. Returns the number of characters copied. */
size_t copy_upper(char *dst, size_t dst_size, const char *src)
{
    size_t i;
    for (i = 0; i < dst_size && src[i] != '\0'; i++)
        dst[i] = (char)toupper((unsigned char)src[i]);
    dst[i] = '\0';
    return i;
}
