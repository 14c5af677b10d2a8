#include <stdlib.h>
#include <string.h>

#define CONFIG_LINE_MAX 255

struct config {
    char **lines;
    size_t count;
};

void config_clear(struct config *cfg)
{
    for (size_t i = 0; i < cfg->count; i++)
        free(cfg->lines[i]);
    free(cfg->lines);
    cfg->lines = NULL;
    cfg->count = 0;
}

int config_load(struct config *cfg, const char *text)
{
    for (size_t i = 0; i < cfg->count; i++)
        free(cfg->lines[i]);
    free(cfg->lines);
    char **lines = NULL;
    size_t count = 0;
    const char *p = text;
    while (*p != '\0') {
        size_t n = strcspn(p, "\n");
        if (n > CONFIG_LINE_MAX) {
            for (size_t i = 0; i < count; i++)
                free(lines[i]);
            free(lines);
            return -1;
        }
        if (n > 0) {
            lines = realloc(lines, (count + 1) * sizeof *lines);
            lines[count] = malloc(n + 1);
            memcpy(lines[count], p, n);
            lines[count][n] = '\0';
            count++;
        }
        p += n;
        if (*p == '\n')
            p++;
    }
    cfg->lines = lines;
    cfg->count = count;
    return 0;
}
