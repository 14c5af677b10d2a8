#include <stdlib.h>
#include <string.h>

#define MAX_SESSIONS 8

struct session {
    int id;
    char user[32];
};

struct server {
    struct session *slots[MAX_SESSIONS];
    struct session *active; /* the session whose requests are being served, or NULL */
};

int session_open(struct server *srv, int id, const char *user)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (srv->slots[i] == NULL) {
            struct session *s = calloc(1, sizeof *s);
            if (s == NULL)
                return -1;
            s->id = id;
            strncpy(s->user, user, sizeof s->user - 1);
            srv->slots[i] = s;
            return 0;
        }
    }
    return -1;
}

int session_activate(struct server *srv, int id)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (srv->slots[i] != NULL && srv->slots[i]->id == id) {
            srv->active = srv->slots[i];
            return 0;
        }
    }
    return -1;
}

void session_close(struct server *srv, int id)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (srv->slots[i] != NULL && srv->slots[i]->id == id) {
            free(srv->slots[i]);
            srv->slots[i] = NULL;
            return;
        }
    }
}

const char *active_user(const struct server *srv)
{
    return srv->active != NULL ? srv->active->user : NULL;
}
