"""Write a TOML document from plain dicts, lists and scalars.

The standard library (tomllib) only reads TOML, so the lab writes its site file here.

Top-level lists of tables become `[[name]]` arrays of tables, nested dicts become
`[a.b]` tables, and tables inside lists below the top level are written inline.
"""

import json
import math
from pathlib import Path


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"TOML cannot represent the float {value!r} in this writer")
        return repr(value)
    if isinstance(value, (str, Path)):
        # A JSON string is a valid TOML basic string: both use the same escapes.
        return json.dumps(str(value), ensure_ascii=False)
    raise TypeError(f"cannot write a value of type {type(value).__name__} to TOML")


def _inline(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(key)} = {_inline(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    return _scalar(value)


def _key(key: str) -> str:
    if key and all(character.isascii() and (character.isalnum() or character in "_-") for character in key):
        return key
    return json.dumps(key, ensure_ascii=False)


def _is_table_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _body(table: dict) -> list[str]:
    """Return the `key = value` lines of a table; nested dicts are left to the caller."""
    lines = []
    for key, value in table.items():
        if isinstance(value, dict):
            continue
        if _is_table_list(value):
            items = ",\n".join(f"    {_inline(item)}" for item in value)
            lines.append(f"{_key(key)} = [\n{items},\n]")
        else:
            lines.append(f"{_key(key)} = {_inline(value)}")
    return lines


def _table(path: str, table: dict, header: str) -> list[str]:
    lines = [header, *_body(table), ""]
    for key, value in table.items():
        if isinstance(value, dict):
            child = f"{path}.{_key(key)}"
            lines += _table(child, value, f"[{child}]")
    return lines


def dump_toml(document: dict, comment: str = "") -> str:
    """Return `document` as TOML text, preceded by `comment` as `#` lines."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    if lines:
        lines.append("")

    lines += _body({key: value for key, value in document.items() if not _is_table_list(value)})
    if lines and lines[-1] != "":
        lines.append("")

    for key, value in document.items():
        if isinstance(value, dict):
            lines += _table(_key(key), value, f"[{_key(key)}]")
        elif _is_table_list(value):
            for item in value:
                lines += _table(_key(key), item, f"[[{_key(key)}]]")
    return "\n".join(lines).rstrip("\n") + "\n"
