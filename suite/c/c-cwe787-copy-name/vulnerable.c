#include <string.h>

#define DISPLAY_NAME_SIZE 32

struct user {
    char name[DISPLAY_NAME_SIZE];
    int id;
};

/* Stores name as the user's display name. */
void set_display_name(struct user *u, const char *name)
{
    strcpy(u->name, name);
}
