#include <stdint.h>
#include <stdlib.h>

/* Allocates a width x height canvas of 32-bit pixels, all set to color.
   Returns NULL for an empty or impossibly large canvas, or when memory runs out. */
uint32_t *make_canvas(size_t width, size_t height, uint32_t color)
{
    if (width == 0 || height == 0)
        return NULL;
    if (width > SIZE_MAX / height || width * height > SIZE_MAX / sizeof(uint32_t))
        return NULL;
    size_t count = width * height;
    uint32_t *px = malloc(count * sizeof *px);
    if (px == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++)
        px[i] = color;
    return px;
}
