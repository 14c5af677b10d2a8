#include <stddef.h>
#include <stdint.h>

/* Reads the big-endian 16-bit value at byte offset off of buf (len bytes). */
int read_be16(const uint8_t *buf, size_t len, size_t off, uint16_t *out)
{
    if (off >= len)
        return -1;
    *out = (uint16_t)((buf[off] << 8) | buf[off + 1]);
    return 0;
}
