#include "tsp_test.h"

static void close_all(struct server *srv)
{
    for (int id = 1; id <= 10; id++)
        session_close(srv, id);
}

TEST(open_activate_and_read_user)
{
    struct server srv = { { NULL }, NULL };
    CHECK(session_open(&srv, 1, "alice") == 0);
    CHECK(session_open(&srv, 2, "bob") == 0);
    CHECK(active_user(&srv) == NULL);
    CHECK(session_activate(&srv, 2) == 0);
    CHECK(strcmp(active_user(&srv), "bob") == 0);
    close_all(&srv);
}

TEST(closing_another_session_keeps_active)
{
    struct server srv = { { NULL }, NULL };
    CHECK(session_open(&srv, 1, "alice") == 0);
    CHECK(session_open(&srv, 2, "bob") == 0);
    CHECK(session_activate(&srv, 1) == 0);
    session_close(&srv, 2);
    CHECK(strcmp(active_user(&srv), "alice") == 0);
    CHECK(session_activate(&srv, 2) == -1);
    close_all(&srv);
}

TEST(slots_are_limited_and_reused)
{
    struct server srv = { { NULL }, NULL };
    for (int id = 1; id <= 8; id++)
        CHECK(session_open(&srv, id, "u") == 0);
    CHECK(session_open(&srv, 9, "u") == -1);
    session_close(&srv, 4);
    CHECK(session_open(&srv, 9, "carol") == 0);
    CHECK(session_activate(&srv, 9) == 0);
    CHECK(strcmp(active_user(&srv), "carol") == 0);
    close_all(&srv);
}
