#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Copies the file name to name.bak with cp(1). Returns 0 when cp succeeded, -1 otherwise. */
int backup_file(const char *name)
{
    char dest[1024];
    if (name[0] == '\0')
        return -1;
    int n = snprintf(dest, sizeof dest, "%s.bak", name);
    if (n < 0 || (size_t)n >= sizeof dest)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp("cp", "cp", "--", name, dest, (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
