#include <stdlib.h>
#include <string.h>

#define CONFIG_LINE_MAX 255

struct config {
    char **lines;
    size_t count;
};

/* Frees all lines and leaves the config empty. */
void config_clear(struct config *cfg)
{
    for (size_t i = 0; i < cfg->count; i++)
        free(cfg->lines[i]);
    free(cfg->lines);
    cfg->lines = NULL;
    cfg->count = 0;
}

/* Replaces the config's lines with the non-empty lines of text. Returns 0,
   or -1 (config left empty) when a line is longer than CONFIG_LINE_MAX or
   memory runs out. */
int config_load(struct config *cfg, const char *text)
{
    config_clear(cfg);
    char **lines = NULL;
    size_t count = 0;
    const char *p = text;
    while (*p != '\0') {
        size_t n = strcspn(p, "\n");
        if (n > CONFIG_LINE_MAX)
            goto fail;
        if (n > 0) {
            char **grown = realloc(lines, (count + 1) * sizeof *lines);
            if (grown == NULL)
                goto fail;
            lines = grown;
            lines[count] = malloc(n + 1);
            if (lines[count] == NULL)
                goto fail;
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
fail:
    for (size_t i = 0; i < count; i++)
        free(lines[i]);
    free(lines);
    return -1;
}
