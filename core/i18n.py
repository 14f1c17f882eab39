"""The one translation function. UI text lives in core/locales/<lang>.yaml, keyed by dotted names;
Norwegian bokmål is the default and the reference catalogue every other language must match."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "nb"
LANGUAGES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    with open(LOCALES_DIR / f"{language}.yaml", encoding="utf-8") as handle:
        return _flatten(yaml.safe_load(handle) or {})


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def t(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Translate `key`, falling back to bokmål, then to the key itself so a gap is visible.

    >>> t("app.title")
    'Samling'
    """
    text = catalogue(language).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text
