#include <stdint.h>
#include <stdlib.h>

/* Allocates a width x height canvas of 32-bit pixels, all set to color. */
uint32_t *make_canvas(size_t width, size_t height, uint32_t color)
{
    if (width == 0 || height == 0)
        return NULL;
    uint32_t *px = malloc(width * height * sizeof(uint32_t));
    if (px == NULL)
        return NULL;
    for (size_t y = 0; y < height; y++)
        for (size_t x = 0; x < width; x++)
            px[y * width + x] = color;
    return px;
}
