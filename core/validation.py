"""Checks on what people type. Text is stored exactly as typed (after trimming and Unicode
normalisation): markup is never stripped or escaped here, it is shown as text by the pages."""

from __future__ import annotations

import unicodedata

from core.errors import InvalidInput

ENTRY_MIN_CHARS = 3
ENTRY_MAX_CHARS = 500
_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(text: str | None, *, min_chars: int, max_chars: int, field: str) -> str:
    """Trim, normalise and check a piece of free text; raise InvalidInput with a reason.

    >>> clean_text("  Porsáŋgu 🚀  ", min_chars=3, max_chars=500, field="entry")
    'Porsáŋgu 🚀'
    """
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    if not text:
        raise InvalidInput(f"{field}_empty")
    if any(_is_forbidden_control(ch) for ch in text):
        raise InvalidInput(f"{field}_control_chars")
    if len(text) < min_chars:
        raise InvalidInput(f"{field}_too_short", min=min_chars)
    if len(text) > max_chars:
        raise InvalidInput(f"{field}_too_long", max=max_chars, length=len(text))
    return text


def _is_forbidden_control(ch: str) -> bool:
    # Cc: C0/C1 controls (NUL, ESC, BEL...). Bidi overrides (Cf) can disguise text on a projector.
    if ch in _ALLOWED_CONTROLS:
        return False
    category = unicodedata.category(ch)
    return category == "Cc" or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def entry_text(text: str | None) -> str:
    return clean_text(text, min_chars=ENTRY_MIN_CHARS, max_chars=ENTRY_MAX_CHARS, field="entry")
