"""One text (or a few) read against a reference corpus: rates, framing choices and keyness.

The close reading of the report (notebook 09) shows an article with its loaded language and
framing terms marked in place. Whether "3 fear words" is many depends on what texts of the
same kind usually hold; these functions put the text's numbers next to a **reference corpus**
the user chooses (e.g. a year of news on the same topic). The bundled demo corpus is invented
and is not a valid reference.

Each text is compared with the whole reference on its own (the other texts are not part of
the reference). A reference document whose text equals one of the texts is left out of the
reference, so that a text is never compared with itself.

* :func:`rates_against_reference` -- loaded language per 1,000 words of the text, the
  reference's pooled rate, and where the text stands among the reference's documents
  (quartiles and percentile);
* :func:`shares_against_reference` -- each framing label's share of its term set in the
  text and in the reference;
* :func:`keyness_against_reference` -- the words the text over- and under-uses compared with
  the reference, by token log-likelihood (G²). Document-frequency keyness is not offered: a
  text is one document, so every word of it is in 100 % of the target's documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from toolkit._errors import format_message

__all__ = ["rates_against_reference", "shares_against_reference", "keyness_against_reference"]

_REFERENCE_GROUP = "(reference)"


def _texts_and_reference(corpus: pd.DataFrame, reference: pd.DataFrame
                         ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Validated copies; the reference without documents whose text is one of the texts."""
    from toolkit.corpus import validate_corpus

    texts = validate_corpus(corpus, where="corpus")
    ref = validate_corpus(reference, where="reference")
    if texts.empty:
        raise ValueError(format_message("the corpus has no documents", where="corpus",
                                        fix="pass the text(s) to read"))
    same = ref["text"].isin(set(texts["text"]))
    ref = ref[~same].reset_index(drop=True)
    if ref.empty:
        raise ValueError(format_message(
            "the reference has no documents other than the text(s) read", where="reference",
            fix="pass a reference corpus of other texts of the same kind"))
    return texts, ref, int(same.sum())


def _standing(values: np.ndarray, x: float) -> dict[str, float]:
    """Where ``x`` stands among ``values``: percent below, percent above, and its percentile
    (percent below, ties counting half); NaN for no values."""
    if len(values) == 0 or np.isnan(x):
        return {"percentile": np.nan, "pct_below": np.nan, "pct_above": np.nan}
    below = np.count_nonzero(values < x) / len(values) * 100
    above = np.count_nonzero(values > x) / len(values) * 100
    return {"percentile": below + (100 - below - above) / 2, "pct_below": below,
            "pct_above": above}


def rates_against_reference(
    corpus: pd.DataFrame,
    reference: pd.DataFrame,
    lexicon: Any = "loaded_language",
    *,
    voice: str = "outlet",
    min_words: int = 100,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Loaded-language rates of each text next to a reference corpus's rates and spread.

    For each text and lexicon category (and ``"(all)"``, every hit of every category): the
    text's hits per 1,000 words; the reference's pooled rate (all its hits over all its
    words); and the spread of the rate over the reference's *documents* of at least
    ``min_words`` words (quartiles, and the text's percentile among them). Shorter documents
    are left out of the spread because one hit in a 40-word abstract is a rate of 25 per
    1,000, which says nothing about the outlet's style; they still count in the pooled rate.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The text(s) to read (see :func:`toolkit.validate_corpus`); not modified.
    reference : pandas.DataFrame
        The reference corpus; not modified. Documents whose text equals one of the texts
        are left out (``table.attrs["left_out"]`` counts them).
    lexicon : Lexicon, str, Path, dict or DataFrame, default "loaded_language"
        Anything :func:`toolkit.load_lexicon` accepts.
    voice : {"outlet", "quoted", "scare_quote", "all"}, default "outlet"
        Whose words are counted, in the texts and the reference alike (see
        :func:`toolkit.lexicon_counts`).
    min_words : int, default 100
        Reference documents with fewer words (in ``voice``) are left out of the spread.
    progress : bool or None
        Progress bar while counting the reference (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per (text, category), categories in lexicon order, ``"(all)"`` last:
        ``doc_id``, ``category``, ``count`` (the text's hits), ``n_words`` (the text's
        words), ``per_1k`` (``count / n_words * 1000``), ``ref_count``, ``ref_n_words``,
        ``ref_per_1k`` (the reference's pooled rate), ``ref_docs`` (reference documents of
        at least ``min_words`` words: the spread's base), ``ref_q25``, ``ref_median``,
        ``ref_q75`` (quartiles of their per-document rates), ``percentile`` (the text's
        percentile among those documents: percent with a lower rate, ties counting half),
        ``pct_below`` and ``pct_above`` (percent of them with a lower, and a higher, rate
        than the text); all three NaN when ``ref_docs`` is 0. ``table.attrs`` records ``voice``, ``min_words`` and
        ``left_out``.

    Example
    -------
    >>> text = pd.DataFrame({"doc_id": ["t"], "text": ["A brutal, brutal menace."]})
    >>> ref = pd.DataFrame({"doc_id": ["r1", "r2"], "text": ["A brutal war.", "Talks."]})
    >>> table = rates_against_reference(text, ref, min_words=1)
    >>> table.loc[table["category"] == "(all)", ["count", "ref_count", "percentile"]].values.tolist()
    [[3.0, 1.0, 100.0]]
    """
    from toolkit.lexicon import TOTAL_CATEGORY, lexicon_counts, load_lexicon

    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise ValueError(f"`min_words` must be a whole number of words >= 0, got {min_words!r}")
    texts, ref, left_out = _texts_and_reference(corpus, reference)
    lex = load_lexicon(lexicon)
    mine = lexicon_counts(texts, lex, by="doc_id", voice=voice, total=True, weighted=False,
                          progress=False)
    theirs = lexicon_counts(ref, lex, by="doc_id", voice=voice, total=True, weighted=False,
                            progress=progress)
    categories = [*lex.categories, TOTAL_CATEGORY]
    rows = []
    for category in categories:
        part = theirs[theirs["category"] == category]
        ref_count, ref_words = float(part["count"].sum()), float(part["n_words"].sum())
        spread = part.loc[part["n_words"] >= max(min_words, 1), "per_1k"].to_numpy(float)
        quartiles = np.quantile(spread, [0.25, 0.5, 0.75]) if len(spread) else [np.nan] * 3
        for doc in mine[mine["category"] == category].itertuples(index=False):
            rows.append({
                "doc_id": doc.doc_id, "category": category, "count": float(doc.count),
                "n_words": float(doc.n_words), "per_1k": float(doc.per_1k),
                "ref_count": ref_count, "ref_n_words": ref_words,
                "ref_per_1k": ref_count / ref_words * 1000 if ref_words else np.nan,
                "ref_docs": len(spread), "ref_q25": quartiles[0], "ref_median": quartiles[1],
                "ref_q75": quartiles[2],
                **_standing(spread, float(doc.per_1k)),
            })
    order = {d: i for i, d in enumerate(texts["doc_id"])}
    table = pd.DataFrame(rows, columns=[
        "doc_id", "category", "count", "n_words", "per_1k", "ref_count", "ref_n_words",
        "ref_per_1k", "ref_docs", "ref_q25", "ref_median", "ref_q75", "percentile", "pct_below",
        "pct_above"])
    table = table.sort_values("doc_id", key=lambda s: s.map(order), kind="stable")
    table = table.reset_index(drop=True)
    table.attrs.update(voice=voice, min_words=min_words, left_out=left_out)
    return table


def shares_against_reference(
    corpus: pd.DataFrame,
    reference: pd.DataFrame,
    terms: Mapping,
    *,
    voice: str = "outlet",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Each text's framing choices next to the reference corpus's shares.

    For every term set a text mentions: each label's mentions and share in the text, and its
    share of the reference's mentions of the set (all reference documents pooled), with the
    number of reference documents that use the label.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The text(s) to read; not modified.
    reference : pandas.DataFrame
        The reference corpus; not modified. Documents whose text equals one of the texts
        are left out.
    terms : mapping
        Term sets as for :func:`toolkit.term_share` (one set ``{label: [variants]}`` or
        several ``{set: {label: [variants]}}``, e.g. ``toolkit.load_term_sets(...)``).
    voice : {"outlet", "quoted", "scare_quote", "all"}, default "outlet"
        Whose mentions are counted, in the texts and the reference alike.
    progress : bool or None
        Progress bar while matching the reference.

    Returns
    -------
    pandas.DataFrame
        One row per (text, set, label) for the sets the text mentions, every label of the
        set kept (a label the text does not use has ``count`` 0): ``doc_id``, ``set``
        (missing for a single set), ``label``, ``count``, ``total`` (the text's mentions of
        the set), ``share`` (``count / total``), ``ref_count``, ``ref_total``,
        ``ref_share`` (``ref_count / ref_total``; NaN when the reference never mentions
        the set) and ``ref_docs`` (reference documents using the label). ``table.attrs``
        records ``voice`` and ``left_out``.

    Example
    -------
    >>> text = pd.DataFrame({"doc_id": ["t"], "text": ["Kiev said. Kiev again."]})
    >>> ref = pd.DataFrame({"doc_id": ["r1", "r2"], "text": ["Kyiv said.", "Kyiv, Kiev."]})
    >>> table = shares_against_reference(text, ref, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]})
    >>> table[["label", "count", "share", "ref_count", "ref_share"]].values.tolist()
    [['Kyiv', 0, 0.0, 2, 0.6666666666666666], ['Kiev', 2, 1.0, 1, 0.3333333333333333]]
    """
    from toolkit.framing import term_share

    texts, ref, left_out = _texts_and_reference(corpus, reference)
    mine = term_share(texts, terms, by="doc_id", voice=voice, progress=False)
    per_doc = term_share(ref, terms, by="doc_id", voice=voice, progress=progress)
    keys = ["set", "label"] if "set" in mine.columns else ["label"]
    pooled = per_doc.groupby(keys, sort=False, dropna=False).agg(
        ref_count=("count", "sum"), ref_docs=("count", lambda c: int((c > 0).sum())))
    totals = per_doc.drop_duplicates(["doc_id", *keys[:-1]]) if len(keys) > 1 else \
        per_doc.drop_duplicates("doc_id")
    if len(keys) > 1:
        ref_total = totals.groupby("set", sort=False)["total"].sum()
        pooled["ref_total"] = pooled.index.get_level_values("set").map(ref_total)
    else:
        pooled["ref_total"] = totals["total"].sum()
    pooled = pooled.reset_index()
    table = mine[mine["total"] > 0].merge(pooled, on=keys, how="left", sort=False)
    table["ref_share"] = (table["ref_count"] / table["ref_total"]).where(table["ref_total"] > 0)
    columns = ["doc_id", *keys, "count", "total", "share", "ref_count", "ref_total",
               "ref_share", "ref_docs"]
    table = table[columns].astype({"count": int, "total": int, "ref_count": int,
                                   "ref_total": int, "ref_docs": int})
    order = {d: i for i, d in enumerate(texts["doc_id"])}
    table = table.sort_values("doc_id", key=lambda s: s.map(order), kind="stable")
    table = table.reset_index(drop=True)
    table.attrs = {"voice": voice, "left_out": left_out}
    return table


def keyness_against_reference(
    corpus: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    n: int = 15,
    stopwords: str | Iterable[str] | None = "english",
    min_count: int = 2,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The words each text over- and under-uses compared with a reference corpus.

    The measure is token log-likelihood G² (signed: positive means the text uses the word
    more often per word than the reference), with Hardie's log ratio as the effect size, as
    in :func:`toolkit.keyness`. Document-frequency keyness is not used: a text is one
    document, so each of its words is in 100 % of the target's documents and the comparison
    would say nothing.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The text(s) to read; each is compared with the reference on its own. Not modified.
    reference : pandas.DataFrame
        The reference corpus; not modified. Documents whose text equals one of the texts
        are left out.
    n : int, default 15
        Words shown each way (over-used and under-used) per text.
    stopwords : "english", iterable of str or None, default "english"
        Words that get no row (they still count in the word totals).
    min_count : int, default 2
        Over-used words must occur at least this often in the text (a word used once is
        "key" only because the reference happens to lack it).
    progress : bool or None
        Progress bar while counting the reference.

    Returns
    -------
    pandas.DataFrame
        For each text, up to ``n`` over-used words (largest G² first), then up to ``n``
        under-used ones (most negative G² first): ``doc_id``, ``direction``
        (``"over-used"`` or ``"under-used"``), ``term``, ``count`` (in the text),
        ``per_10k`` (in the text), ``ref_count``, ``ref_per_10k``, ``log_likelihood``
        (signed G²), ``p_value`` and ``log_ratio``. ``table.attrs`` records ``n_words``
        (per text), ``ref_n_words`` and ``left_out``.

    Example
    -------
    >>> text = pd.DataFrame({"doc_id": ["t"], "text": ["Regime, regime, regime said."]})
    >>> ref = pd.DataFrame({"doc_id": ["r"], "text": ["The government said so. " * 5]})
    >>> keyness_against_reference(text, ref, n=1)["term"].tolist()
    ['regime', 'government']
    """
    from toolkit.frequency import document_term_matrix
    from toolkit.keyness import keyness

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"`n` must be a whole number >= 1, got {n!r}")
    texts, ref, left_out = _texts_and_reference(corpus, reference)
    # one table holding both sides, ids made unique, grouped by "side": a text's own id or
    # the reference
    both = pd.concat([
        texts.assign(side=texts["doc_id"].astype(str), doc_id="text:" + texts["doc_id"].astype(str)),
        ref.assign(side=_REFERENCE_GROUP, doc_id="reference:" + ref["doc_id"].astype(str)),
    ], ignore_index=True)
    if (texts["doc_id"].astype(str) == _REFERENCE_GROUP).any():
        raise ValueError(format_message(f"a text has the id {_REFERENCE_GROUP!r}",
                                        where="corpus", fix="rename that document"))
    dtm = document_term_matrix(both, stopwords=stopwords, progress=progress)
    parts, n_words, ref_words = [], {}, None
    for doc_id in texts["doc_id"]:
        key = keyness(both, by="side", target=str(doc_id), reference=_REFERENCE_GROUP, dtm=dtm,
                      measure="log_likelihood")
        n_words[doc_id] = key.attrs.get("n_words_target")
        ref_words = key.attrs.get("n_words_reference")
        over = key[(key["log_likelihood"] > 0) & (key["count_target"] >= min_count)].head(n)
        under = key[key["log_likelihood"] < 0].sort_values(
            ["log_likelihood", "term"], kind="stable").head(n)
        for direction, rows in (("over-used", over), ("under-used", under)):
            parts.append(rows.assign(doc_id=doc_id, direction=direction))
    columns = {"count_target": "count", "per_10k_target": "per_10k",
               "count_reference": "ref_count", "per_10k_reference": "ref_per_10k"}
    table = pd.concat(parts, ignore_index=True).rename(columns=columns)
    table = table[["doc_id", "direction", "term", "count", "per_10k", "ref_count",
                   "ref_per_10k", "log_likelihood", "p_value", "log_ratio"]]
    table.attrs = {"n_words": n_words, "ref_n_words": ref_words, "left_out": left_out}
    return table
