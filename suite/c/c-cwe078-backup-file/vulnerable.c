#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the file name to name.bak with cp(1). Returns 0 when cp succeeded, -1 otherwise. */
int backup_file(const char *name)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp %s %s.bak", name, name);
    return system(cmd) == 0 ? 0 : -1;
}
