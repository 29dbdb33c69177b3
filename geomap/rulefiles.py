"""The rule files (cue words and patterns): bundled, and extended by the user's own.

The bundled files live in ``geomap/rules/``. A user extends them with files of the same
names in the folder named by ``GEOMAP_RULES``: lists there are added to the bundled lists,
other values replace them. The merged rules are validated as a whole, so a misspelt key
in a user file is an error naming the file and the key.

Examples
--------
>>> merge({"a": [1], "b": {"c": [2]}, "d": 1}, {"a": [3], "b": {"c": [4]}, "d": 2})
{'a': [1, 3], 'b': {'c': [2, 4]}, 'd': 2}
>>> compiles([r"\bguard", "(unclosed"])
Traceback (most recent call last):
...
ValueError: '(unclosed' is not a valid regular expression: missing ), ...
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from geomap.errors import RulesError

__all__ = ["BUNDLED", "RuleModel", "compiles", "merge", "read_rules", "rules_key"]

BUNDLED = Path(__file__).parent / "rules"


class RuleModel(BaseModel):
    """A section of a rule file: a misspelt key is an error, and rules are not changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def compiles(patterns: list[str]) -> list[str]:
    """``patterns`` if each is a regular expression, for a ``field_validator``."""
    for p in patterns:
        try:
            re.compile(p)
            # As it is searched: one of an alternation. Only a pattern that opens with
            # "(?" can compile alone and fail there ("(?i)x": global flags must come
            # first), so only such a pattern pays for a second compile at start-up.
            if p.startswith("(?"):
                re.compile(f"(?:{p})|x")
        except (re.error, RecursionError, OverflowError) as exc:
            raise ValueError(f"{p!r} is not a valid regular expression: {exc}") from None
    return patterns


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = [*old, *(v for v in value if v not in old)]
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        else:
            out[key] = value
    return out


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path}: {exc}") from None
    except RecursionError:
        raise RulesError(f"{path}: nested too deeply") from None


def rules_key(name: str, path: str | None = None) -> tuple[str, str]:
    """What a rule set depends on: the bundled or given file and the user's extension."""
    # Asked once per document: without user rules, no path is built and no file stat'ed.
    folder = os.environ.get("GEOMAP_RULES")
    where = path or _bundled(name)
    if not folder:
        return where, ""
    user = Path(folder) / name
    stamp = ""
    if user.is_file():
        st = user.stat()
        stamp = f"{user}:{st.st_size}:{st.st_mtime_ns}"
    return where, stamp


@cache
def _bundled(name: str) -> str:
    return str(BUNDLED / name)


def read_rules(model: type[BaseModel], name: str, path: str | None = None) -> Any:
    """The validated rules of ``name`` (e.g. ``roles.toml``), user extensions merged in."""
    raw = _load(Path(path or BUNDLED / name))
    where = str(path or name)
    folder = os.environ.get("GEOMAP_RULES")
    if folder and (Path(folder) / name).is_file():
        raw = merge(raw, _load(Path(folder) / name))
        where = str(Path(folder) / name)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = [
            f"{where}: {'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise RulesError("\n".join(lines)) from None
