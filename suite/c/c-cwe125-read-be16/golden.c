#include <stddef.h>
#include <stdint.h>

/* Reads the big-endian 16-bit value at byte offset off of buf (len bytes).
   Returns 0 and stores it in *out, or -1 when the two bytes are not inside buf. */
int read_be16(const uint8_t *buf, size_t len, size_t off, uint16_t *out)
{
    if (len < 2 || off > len - 2)
        return -1;
    *out = (uint16_t)((buf[off] << 8) | buf[off + 1]);
    return 0;
}
