#include "tsp_test.h"

TEST(closing_the_active_session)
{
    struct server srv = { { NULL }, NULL };
    CHECK(session_open(&srv, 1, "alice") == 0);
    CHECK(session_activate(&srv, 1) == 0);
    session_close(&srv, 1);
    const char *user = active_user(&srv);
    if (user != NULL)
        CHECK(strcmp(user, "alice") != 0); /* reads the user name like a request handler would */
    CHECK(user == NULL);
}

TEST(reopened_slot_is_not_the_old_session)
{
    struct server srv = { { NULL }, NULL };
    CHECK(session_open(&srv, 1, "alice") == 0);
    CHECK(session_activate(&srv, 1) == 0);
    session_close(&srv, 1);
    CHECK(session_open(&srv, 2, "mallory") == 0);
    CHECK(active_user(&srv) == NULL);
    session_close(&srv, 2);
}
