#include <stdint.h>

struct image {
    int width;
    int height;
    const uint8_t *pixels; /* width * height grey values, row by row */
};

/* Returns the grey value at (x, y), or -1 when the point is outside the image. */
int get_pixel(const struct image *img, int x, int y)
{
    if (x < 0 || y < 0 || x >= img->width || y >= img->height)
        return -1;
    return img->pixels[(long)y * img->width + x];
}
