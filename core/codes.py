"""Join codes (short, readable aloud, good for one day) and tokens (unguessable for years)."""

from __future__ import annotations

import secrets

from core.errors import InvalidInput

# No look-alikes: 0/O/Q, 1/I/L, 5/S, 2/Z and 8/B are left out, so a code read off a projector
# from the back of the room is typed right. 24 symbols ** 6 = 191 million codes.
JOIN_CODE_ALPHABET = "34679ACDEFGHJKMNPRTUVWXY"
JOIN_CODE_LENGTH = 6
TOKEN_BYTES = 24  # 192 bits


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def normalise_join_code(raw: str | None) -> str:
    """Accept what people type: lower case, spaces, dashes. Refuse anything that cannot be a code.

    >>> normalise_join_code(" k7m-4xp ")
    'K7M4XP'
    """
    code = "".join((raw or "").split()).replace("-", "").upper()
    if not code:
        raise InvalidInput("join_code_empty")
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        raise InvalidInput("join_code_malformed", length=JOIN_CODE_LENGTH)
    return code


def looks_like_token(raw: str | None) -> bool:
    """Cheap shape check before a database lookup.

    >>> looks_like_token("x" * 32), looks_like_token("<script>")
    (True, False)
    """
    if not raw or not 20 <= len(raw) <= 64:
        return False
    return all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in raw)
