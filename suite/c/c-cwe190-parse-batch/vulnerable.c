#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_SIZE 16

struct record {
    uint8_t bytes[RECORD_SIZE];
};

/* Parses a batch: a 4-byte big-endian record count n, then n records. */
long parse_batch(const uint8_t *msg, size_t len, struct record **out)
{
    *out = NULL;
    if (len < 4)
        return -1;
    uint32_t n = (uint32_t)msg[0] << 24 | (uint32_t)msg[1] << 16 | (uint32_t)msg[2] << 8 | msg[3];
    uint32_t need = 4 + n * RECORD_SIZE;
    if (need > len)
        return -1;
    if (n == 0)
        return 0;
    struct record *recs = malloc(n * RECORD_SIZE);
    if (recs == NULL)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        memcpy(recs[i].bytes, msg + 4 + i * RECORD_SIZE, RECORD_SIZE);
    *out = recs;
    return (long)n;
}
