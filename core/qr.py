"""QR codes for the join link, drawn locally with segno (no external service)."""

from __future__ import annotations

import io

import segno


def png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
