"""Progress bars that a user can switch off."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["progress_bar"]

T = TypeVar("T")

# With progress=None a bar appears only for work at least this long (in items).
AUTO_THRESHOLD = 5000


def progress_bar(
    items: Iterable[T], *, total: int | None, desc: str, progress: bool | None,
    unit: str = "doc",
) -> Iterator[T] | Iterable[T]:
    """Wrap ``items`` in a tqdm bar when ``progress`` is True (or None and the work is long).

    Example
    -------
    >>> list(progress_bar([1, 2], total=2, desc="x", progress=False))
    [1, 2]
    """
    show = progress if progress is not None else (total or 0) >= AUTO_THRESHOLD
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, unit=unit, leave=False)
