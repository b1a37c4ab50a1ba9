"""Readers for public research datasets the toolkit is validated on (the data is not bundled)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd

from toolkit._errors import format_message, preview
from toolkit.corpus import CorpusError, CorpusWarning, validate_corpus

__all__ = ["load_basil"]


def load_basil(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a local copy of BASIL (Fan et al., EMNLP 2019): articles and annotated bias spans.

    Parameters
    ----------
    folder : str or Path
        Folder holding ``articles.jsonl`` and ``bias_spans_2010_2014.jsonl`` (the layout of
        ``shared/data/basil``: one JSON object per line, spans with character offsets).

    Returns
    -------
    corpus : pandas.DataFrame
        The articles as a validated corpus (``doc_id``, ``outlet``, ``date``, ``title``,
        ``text``, ``url``, ``event_id``, ``event``).
    spans : pandas.DataFrame
        One row per annotated span: ``doc_id``, ``start``, ``end``, ``text``, ``bias``
        (``lexical`` or ``informational``), ``polarity``, ``in_quote``, ``target``.

    Notes
    -----
    Articles whose ``doc_id`` occurs more than once (the copy in ``shared/data`` has four
    HuffPost articles all with the id ``"empty"``) cannot be told apart, nor can their spans be
    assigned; they are dropped, with a :class:`toolkit.corpus.CorpusWarning` naming them.

    Example
    -------
    >>> corpus, spans = load_basil("../shared/data/basil")  # doctest: +SKIP
    """
    folder = Path(folder)
    articles_path = folder / "articles.jsonl"
    spans_path = folder / "bias_spans_2010_2014.jsonl"
    for path in (articles_path, spans_path):
        if not path.exists():
            raise CorpusError(format_message("file not found", where=str(path),
                                             fix="point to a folder with BASIL's two JSONL files"))
    articles = _read_json_lines(articles_path)
    spans = _read_json_lines(spans_path)
    duplicated = articles["doc_id"].duplicated(keep=False)
    if duplicated.any():
        ids = sorted(set(articles.loc[duplicated, "doc_id"]))
        warnings.warn(
            f"dropped {int(duplicated.sum())} BASIL articles whose doc_id is not unique "
            f"({preview(ids)}) and their {int(spans['doc_id'].isin(ids).sum())} spans",
            CorpusWarning,
            stacklevel=2,
        )
        articles = articles[~duplicated]
        spans = spans[~spans["doc_id"].isin(ids)]
    corpus = validate_corpus(articles, where=str(articles_path))
    return corpus, spans.reset_index(drop=True)


def _read_json_lines(path: Path) -> pd.DataFrame:
    with path.open(encoding="utf-8") as handle:
        return pd.DataFrame([json.loads(line) for line in handle if line.strip()])
