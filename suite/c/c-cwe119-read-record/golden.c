#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A record is one length byte n followed by n payload bytes. Copies the
   payload into out as a C string and returns n, or -1 when the record is
   truncated or the payload does not fit in out. */
int read_record(const uint8_t *buf, size_t len, char *out, size_t out_size)
{
    if (len < 1 || out_size == 0)
        return -1;
    size_t n = buf[0];
    if (n > len - 1 || n >= out_size)
        return -1;
    memcpy(out, buf + 1, n);
    out[n] = '\0';
    return (int)n;
}
