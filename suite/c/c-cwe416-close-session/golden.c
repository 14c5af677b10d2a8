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

/* Opens a session for user in a free slot. Returns 0, or -1 when all slots are taken. */
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

/* Makes session id the active one. Returns 0, or -1 when there is no such session. */
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

/* Closes session id (if open) and frees it. */
void session_close(struct server *srv, int id)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        struct session *s = srv->slots[i];
        if (s != NULL && s->id == id) {
            if (srv->active == s)
                srv->active = NULL;
            srv->slots[i] = NULL;
            free(s);
            return;
        }
    }
}

/* Returns the user name of the active session, or NULL when none is active. */
const char *active_user(const struct server *srv)
{
    return srv->active != NULL ? srv->active->user : NULL;
}
