#include <string.h>

#define DISPLAY_NAME_SIZE 32

struct user {
    char name[DISPLAY_NAME_SIZE];
    int id;
};

/* Stores name as the user's display name. Longer names are cut to the
   field's size so the stored name is always NUL-terminated. */
void set_display_name(struct user *u, const char *name)
{
    size_t n = strlen(name);
    if (n >= sizeof u->name)
        n = sizeof u->name - 1;
    memcpy(u->name, name, n);
    u->name[n] = '\0';
}
