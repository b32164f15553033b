"""Canonical text and content hash of a template, and the template back from a snapshot."""

import hashlib
import json
from functools import lru_cache

from etc_console.patrol.template import Template


def canonical_text(template: Template) -> str:
    """Return the template as JSON with sorted keys and no spaces between tokens.

    Two templates with the same content give the same text, whatever the formatting
    or comments of the files they came from.
    """
    document = template.model_dump(mode="json", by_alias=True, exclude_defaults=False)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(text: str) -> str:
    """Return the SHA-256 of the canonical text, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=64)
def template_from_text(text: str) -> Template:
    """Return the template stored in a snapshot; parsed once per distinct text."""
    return Template.model_validate_json(text)
