from solution import log_in


def test_planted_session_id_is_not_authenticated():
    # The attacker got the victim's browser to use a session id the attacker knows.
    sessions = {"attacker-known-id": {"cart": []}}
    sid = log_in(sessions, "attacker-known-id", 42)
    assert sid != "attacker-known-id"
    assert sessions.get("attacker-known-id", {}).get("user_id") is None
