"""The chat's login: refused on the network without credentials, users from a file or RAG_AUTH (plain or
hashed passwords), and the page's API closed to anyone who has not logged in."""

from __future__ import annotations

import pytest

from ui.auth import Authenticator, AuthError, hash_password, is_loopback, load_users, parse_users, verify_password


def test_hashed_and_plain_passwords_verify():
    stored = hash_password("s3cret", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret", stored) and not verify_password("s3creT", stored)
    assert verify_password("plain", "plain") and not verify_password("plain", "other")
    assert not verify_password("x", "pbkdf2_sha256$bad")


def test_users_come_from_a_file_and_the_environment(tmp_path):
    f = tmp_path / "users.txt"
    f.write_text(f"# team\nana:{hash_password('one', iterations=1000)}\n\nbo:two:with:colons\n", encoding="utf-8")
    users = load_users(str(f), {"RAG_AUTH": "cy:three,dee:four"})
    allowed = Authenticator(users)
    assert allowed("ana", "one") and allowed("bo", "two:with:colons") and allowed("cy", "three") and allowed("dee", "four")
    assert not allowed("ana", "two") and not allowed("nobody", "one")


def test_a_bad_entry_is_named_without_showing_it():
    with pytest.raises(AuthError) as e:
        parse_users("ana:ok\njust-a-password-no-user\n", "users.txt")
    assert "entry 2" in str(e.value) and "just-a-password" not in str(e.value)


def test_passes_of_the_server_itself_can_be_taken_back():
    allowed = Authenticator({})
    user, password = allowed.grant()
    assert allowed(user, password)
    allowed.revoke(user)
    assert not allowed(user, password)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("0.0.0.0", False), ("192.168.1.5", False), ("::", False), ("", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_listening_on_the_network_without_credentials_is_refused(capsys, monkeypatch):
    from ui.app import main

    monkeypatch.delenv("RAG_AUTH", raising=False)
    assert main(["--host", "0.0.0.0", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "without a login" in err and "--no-auth" in err


def test_the_api_needs_the_same_credentials(tmp_path):
    from gradio_client import Client

    from rag.config import Config
    from rag.feedback import FeedbackLog
    from tests.chat_server import SlowPipeline, free_port
    from ui.app import build_app, launch
    from ui.handlers import ChatHandlers

    cfg = Config(index_dir=str(tmp_path / "index"))
    demo = build_app(ChatHandlers(cfg, SlowPipeline(cfg, delay=0.0), FeedbackLog(tmp_path / "f.jsonl")))
    url, _ = launch(demo, "127.0.0.1", free_port(), auth=Authenticator({"ana": hash_password("one", iterations=1000)}))
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client's own error types vary by version
            Client(url, verbose=False).predict("q", api_name="/ask")
        with pytest.raises(Exception):  # noqa: B017
            Client(url, verbose=False, auth=("ana", "wrong")).predict("q", api_name="/ask")
        answer = Client(url, verbose=False, auth=("ana", "one")).predict("q", api_name="/ask")
        assert answer["answer"] == "slow [1]"
    finally:
        demo.close()
