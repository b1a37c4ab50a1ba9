"""One shape for every error message: what is wrong, where, and what to do."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["format_message", "preview", "check_choice"]


def format_message(what: str, *, where: str | None = None, fix: str | None = None) -> str:
    """Build ``"<what> in <where>; <fix>"``.

    Example
    -------
    >>> format_message("column 'text' not found", where="news.csv", fix='pass text_col="body"')
    'column \\'text\\' not found in news.csv; pass text_col="body"'
    """
    message = what
    if where:
        message += f" in {where}"
    if fix:
        message += f"; {fix}"
    return message


def preview(items: Iterable[object], *, limit: int = 5) -> str:
    """Comma-separated first ``limit`` items, with a count of the rest."""
    items = list(items)
    shown = ", ".join(repr(i) if isinstance(i, str) else str(i) for i in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def check_choice(name: str, value: object, allowed: Iterable[object]) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``allowed``."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"`{name}` must be one of {allowed}, got {value!r}")
