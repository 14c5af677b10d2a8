#include <string.h>

/* Returns the extension of a file name (the text after its last '.'),
   or "" when the name has none. The result points into filename. */
const char *file_extension(const char *filename)
{
    const char *dot = strrchr(filename, '.');
    if (dot == NULL)
        return "";
    return dot + 1;
}
