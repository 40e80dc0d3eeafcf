"""Who may use the chat page and its API when it listens on the network.

`rag chat --host 0.0.0.0` refuses to start without credentials unless `--no-auth` is given. They come
from `--auth-file FILE` (one `user:password` per line; `#` starts a comment) and/or `RAG_AUTH`
(`user:password` entries separated by commas or newlines). A password may be stored hashed, as
`python -m ui.auth hash` prints it (`pbkdf2_sha256$iterations$salt$hash`, PBKDF2-HMAC-SHA256).
Gradio's login then guards the page and every API route (`gradio_client.Client(url, auth=(user, password))`).

    users = load_users("users.txt", os.environ)
    allowed = Authenticator(users)     # launch(..., auth=allowed)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600k; a login is rare, a chat server small


class AuthError(ValueError):
    pass


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"{SCHEME}${iterations}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """`password` against a stored one, hashed or plain; constant time either way."""
    if stored.startswith(SCHEME + "$"):
        try:
            _, iterations, salt, digest = stored.split("$")
            want = base64.b64decode(digest)
            got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(got, want)
    return hmac.compare_digest(password.encode("utf-8"), stored.encode("utf-8"))


def parse_users(text: str, where: str) -> dict[str, str]:
    users = {}
    for number, line in enumerate(text.replace(",", "\n").splitlines() if where == "RAG_AUTH" else text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user.strip() or not password:
            raise AuthError(f"{where}, entry {number}: expected user:password")  # the entry itself is never shown
        users[user.strip()] = password
    return users


def load_users(auth_file: str | None, environ: Mapping[str, str]) -> dict[str, str]:
    users = {}
    if auth_file:
        try:
            users.update(parse_users(Path(auth_file).read_text(encoding="utf-8"), str(auth_file)))
        except OSError as e:
            raise AuthError(f"cannot read the auth file {auth_file}: {e.strerror or e}") from e
    if environ.get("RAG_AUTH"):
        users.update(parse_users(environ["RAG_AUTH"], "RAG_AUTH"))
    return users


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Authenticator:
    """Gradio's `auth=` callable over the configured users, plus passes made by the server itself
    (its own warm-up requests) that it can take back."""

    def __init__(self, users: Mapping[str, str]):
        self.users = dict(users)
        self._passes: dict[str, str] = {}

    def __call__(self, username: str, password: str) -> bool:
        if username in self._passes:
            return hmac.compare_digest(password.encode(), self._passes[username].encode())
        stored = self.users.get(username)
        return stored is not None and verify_password(password, stored)

    def grant(self) -> tuple[str, str]:
        user, password = f"rag-internal-{secrets.token_hex(8)}", secrets.token_urlsafe(24)
        self._passes[user] = password
        return user, password

    def revoke(self, user: str) -> None:
        self._passes.pop(user, None)


def main(argv: list[str] | None = None) -> int:
    """`python -m ui.auth hash [USER]`: reads a password (not echoed) and prints a line for --auth-file."""
    import getpass

    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "hash":
        print("usage: python -m ui.auth hash [USER]", file=sys.stderr)
        return 2
    user = argv[1] if len(argv) > 1 else os.environ.get("USER", "user")
    password = getpass.getpass(f"password for {user}: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    print(f"{user}:{hash_password(password)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
