#include <string.h>

/* Returns the extension of a file name (the text after its last '.'). */
const char *file_extension(const char *filename)
{
    return strrchr(filename, '.') + 1;
}
