"""Keyness: which terms does one group of documents use more (or less) than another?

For every term the counts in the *target* and the *reference* form a 2×2 table::

                      term      other terms     total
    target             a           c = N1 - a     N1
    reference          b           d = N2 - b     N2
    total            a + b       c + d            N = N1 + N2

and several published statistics are computed from it (all in one table, so they can be
compared; ``measure`` only chooses the sort order):

``log_likelihood``
    Dunning's (1993) G² = 2 Σ O ln(O / E) over the four cells, with expected counts
    E = row total × column total / N. Positive where the target over-uses the term
    (a / N1 > b / N2), negative where it under-uses it (the sign convention of Rayson &
    Garside 2000 and quanteda). Rayson & Garside's "log-likelihood wizard" sums only the two
    cells ``a`` and ``b``; the two extra cells change G² very little when the term is a small
    share of each group (for a = 10, b = 2, N1 = 1,000, N2 = 2,000: 12.83 here, 12.78 there).
``p_value``
    Upper tail of the χ² distribution with 1 degree of freedom at |G²|. With thousands of
    terms tested, most small p-values are expected by chance; treat them as a ranking aid or
    apply a correction (e.g. Bonferroni: multiply by the number of rows).
``chi2``
    Pearson's χ² = N (ad − bc)² / ((a+b)(c+d)(a+c)(b+d)), signed like G². With
    ``yates=True`` Yates' continuity correction replaces |ad − bc| by max(0, |ad − bc| − N/2).
``log_ratio``
    Hardie's (2014) Log Ratio: log2((a / N1) / (b / N2)), an effect size (each point doubles
    the ratio of relative frequencies). *Small-count adjustment:* a zero count (a or b) is
    replaced by 0.5 before dividing, as Hardie suggests, so terms used by only one side get a
    finite value; it is only a lower bound for those terms.
``log_odds`` and ``log_odds_z``
    Monroe, Colaresi & Quinn's (2008, eq. 16 and 18) weighted log-odds ratio with an
    informative Dirichlet prior: with α_w = α0 · f_w / F, where f_w is the term's count in the
    whole corpus (all documents, whatever their group) and F the corpus total,
    δ_w = ln((a + α_w) / (N1 + α0 − a − α_w)) − ln((b + α_w) / (N2 + α0 − b − α_w)),
    σ² ≈ 1/(a + α_w) + 1/(b + α_w) and z = δ_w / σ. By default α0 = F (the prior is the corpus
    counts themselves, as in Jurafsky et al. 2014 and R's tidylo); pass ``prior=`` to make
    the prior weaker (smaller α0) or stronger. Monroe et al. rank terms by the z-score.

Denominators and what is counted
--------------------------------
N1 and N2 are the **word tokens** of each side (``n_words``: every token of
:func:`toolkit.tokenize`, the denominator of every rate in the toolkit), whatever ``stopwords``,
``exclude`` or ``normalize`` leave out of the counted terms: those options only decide which
terms get a row, never the size of a side, so leaving out "the" does not change the scores of
"kyiv" (before issue 12 N was the terms left after stopwords). ``per_10k_target`` is then the
same number as :func:`toolkit.term_frequency`'s ``per_10k``. For n-grams, N is still the words
of each side (a bigram's rate per 10,000 words of text).

House style versus framing
--------------------------
Compared word for word, news outlets differ most in house style: honorifics (``mr``, ``ms``),
dotted abbreviations (``f.b.i.`` vs ``fbi``), party-state tags (``(D-N.Y.)``) and their own
names. ``normalize="default"`` maps those to one spelling before counting (the map and its
reasons are in :mod:`toolkit.normalize`), ``normalize="stem"`` adds Snowball stemming, and
``exclude=toolkit.self_name_terms(names)`` leaves out outlet self-names.

Dispersion (one article must not make a key word)
-------------------------------------------------
Frequency-based statistics treat every token as independent, so a single long article, or a
wire story syndicated ten times in one outlet, can make its words "key" for the whole outlet.
Each row therefore also reports how the term is spread over documents:

``docs_target``, ``docs_reference``
    Documents of each side containing the term.
``docs_log_likelihood``
    Signed G² of the 2×2 table of *documents* (documents with / without the term in target
    and reference; n_docs_target and n_docs_reference are the sides' sizes): the
    document-frequency keyness Evert (2022) recommends, because documents, not tokens, are
    the sampling units of a news corpus. Sort by it with ``measure="docs_log_likelihood"``
    (alias ``"docfreq"``).
``dp_target``, ``dp_reference``
    Gries' (2008) DP ("deviation of proportions") within each side: with s_i the share of the
    side's words in document i and v_i the share of the term's occurrences in it,
    DP = ½ Σ |v_i − s_i|. 0: spread exactly like the text; near 1: all in one small document.
    NaN where the term does not occur on that side.

A term that tops ``log_likelihood`` but has a small ``docs_target`` or a ``dp_target`` near 1
is one document's word, not the outlet's.

References
----------
Evert, S. (2022). Measuring keyness. *Proceedings of the Digital Humanities 2022 Conference*,
online/Tokyo.
Egbert, J. & Biber, D. (2019). Incorporating text dispersion into keyword analyses.
*Corpora* 14(1), 77–104.
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal
of Corpus Linguistics* 13(4), 403–437.
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics* 19(1), 61–74.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Workshop on
Comparing Corpora*, ACL 2000, 1–6.
Hardie, A. (2014). Log Ratio – an informal introduction. ESRC Centre for Corpus Approaches
to Social Science (CASS), Lancaster University.
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
selection and evaluation for identifying the content of political conflict. *Political
Analysis* 16(4), 372–403.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from toolkit._errors import check_choice, format_message, preview
from toolkit._grouping import group_keys, resolve_by
from toolkit.corpus import validate_corpus
from toolkit.frequency import DocumentTermMatrix, _count_terms
from toolkit.voice import _check_voice, _voice_text


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False  # kept in the scan and shared by repeated calls
    return array


def _dispersion(counts, words: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Gries' DP of every column of ``counts`` (documents × terms, sparse) over its documents.

    ``words``: word tokens per document (s_i = words_i / sum); ``totals``: the column sums.
    DP = ½ (Σ_{i: c_i > 0} |c_i / total − s_i| + Σ_{i: c_i = 0} s_i); NaN for a zero column.
    """
    counts = counts.tocoo()
    size = float(words.sum())
    share = words / size if size > 0 else np.zeros(len(words))
    with np.errstate(divide="ignore", invalid="ignore"):
        v = counts.data / totals[counts.col]
    s = share[counts.row]
    n_terms = counts.shape[1]
    deviation = np.bincount(counts.col, weights=np.abs(v - s), minlength=n_terms)
    covered = np.bincount(counts.col, weights=s, minlength=n_terms)
    dp = 0.5 * (deviation + (1.0 - covered))
    return np.where(totals > 0, np.clip(dp, 0.0, 1.0), np.nan)

__all__ = ["keyness", "KEYNESS_COLUMNS", "KEYNESS_MEASURES"]

KEYNESS_MEASURES = ("log_likelihood", "chi2", "log_ratio", "log_odds", "log_odds_z",
                    "docs_log_likelihood")
_MEASURE_ALIASES = {"docfreq": "docs_log_likelihood"}
KEYNESS_COLUMNS = (
    "term",
    "count_target",
    "count_reference",
    "per_10k_target",
    "per_10k_reference",
    "log_likelihood",
    "p_value",
    "chi2",
    "log_ratio",
    "log_odds",
    "log_odds_z",
    "docs_target",
    "docs_reference",
    "docs_log_likelihood",
    "dp_target",
    "dp_reference",
)


def _expected(o11, o12, o21, o22):
    """Expected counts of the four cells of 2×2 tables (arrays), under independence."""
    n = o11 + o12 + o21 + o22
    r1, r2 = o11 + o12, o21 + o22
    c1, c2 = o11 + o21, o12 + o22
    return r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n


def _log_likelihood(o11, o12, o21, o22) -> np.ndarray:
    """Signed G² of 2×2 tables: positive where ``o11`` exceeds its expected count.

    ``0 · ln 0`` is taken as 0.
    """
    cells = [np.asarray(o, dtype=float) for o in (o11, o12, o21, o22)]
    expected = _expected(*cells)
    total = np.zeros(np.broadcast(*cells).shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        for observed, exp in zip(cells, expected, strict=True):
            total = total + np.where(observed > 0, observed * np.log(observed / exp), 0.0)
    g2 = np.maximum(2.0 * total, 0.0)  # rounding can leave -1e-13
    return np.where(cells[0] >= expected[0], g2, -g2)


def _chi_squared(o11, o12, o21, o22, *, yates: bool) -> np.ndarray:
    """Signed Pearson χ² of 2×2 tables, optionally with Yates' continuity correction."""
    a, b, c, d = (np.asarray(o, dtype=float) for o in (o11, o21, o12, o22))
    n = a + b + c + d
    difference = np.abs(a * d - b * c)
    if yates:
        difference = np.maximum(difference - n / 2.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n * difference**2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return np.where(a / (a + c) >= b / (b + d), value, -value)


def _group_labels(keys: pd.DataFrame) -> list[object]:
    """One hashable label per document: the value, or a tuple of values for several columns."""
    if keys.shape[1] == 1:
        return keys.iloc[:, 0].tolist()
    return list(keys.itertuples(index=False, name=None))


def _is_missing(label: object) -> bool:
    if isinstance(label, tuple):
        return all(_is_missing(part) for part in label)
    try:
        return bool(pd.isna(label))
    except (TypeError, ValueError):
        return False


def _select(labels: list[object], value: object, *, name: str, by: list[str]) -> np.ndarray:
    """Boolean mask of documents whose group is ``value`` (falling back to string equality)."""
    mask = np.array([label == value for label in labels], dtype=bool)
    if not mask.any() and not isinstance(value, tuple):
        mask = np.array([str(label) == str(value) for label in labels], dtype=bool)
    if not mask.any():
        groups = sorted({str(label) for label in labels if not _is_missing(label)})
        raise ValueError(
            format_message(
                f"unknown {name} group {value!r}",
                where=f"column {' + '.join(map(repr, by))} (groups: {preview(groups, limit=10)})",
                fix=f"pass one of those as `{name}`",
            )
        )
    return mask


def _reference_values(reference: object, n_by: int) -> list[object]:
    """``reference`` as a list of group values (see :func:`keyness`, *reference*)."""
    if isinstance(reference, (list, set, frozenset)):
        return list(reference)
    if isinstance(reference, tuple) and n_by == 1:
        return list(reference)
    return [reference]


def _voice_scan(corpus: pd.DataFrame, voice: str) -> Any:
    """The scan of each document's text in ``voice`` (:func:`toolkit.voice._voice_text`),
    made once and kept in the corpus's own scan, so that a repeated call finds it."""
    from toolkit.scan import scan

    texts = corpus["text"].tolist()
    return scan(corpus).view(("keyness.voice scan", voice),
                             lambda: scan([_voice_text(text, voice) for text in texts]))


def _check_dtm(dtm: DocumentTermMatrix, corpus: pd.DataFrame) -> None:
    if len(dtm.doc_ids) != len(corpus) or not np.array_equal(
        dtm.doc_ids, corpus["doc_id"].to_numpy(dtype=object)
    ):
        raise ValueError(
            "`dtm` was not built from this corpus (its doc_ids differ); rebuild it with "
            "toolkit.document_term_matrix(corpus)"
        )


def keyness(
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    target: object,
    reference: object = None,
    ngram: int = 1,
    measure: str = "log_likelihood",
    stopwords: str | Iterable[str] | None = None,
    normalize: object = None,
    exclude: str | Iterable[str] | None = None,
    min_count: int = 1,
    min_docs: int = 1,
    yates: bool = False,
    prior: float | None = None,
    dtm: DocumentTermMatrix | None = None,
    voice: str = "all",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Terms a target group over- and under-uses compared with a reference group.

    The statistics, their formulas and references are in the module docstring
    (``help(toolkit.keyness)`` shows this function; see :mod:`toolkit.keyness`).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    by : str or list of str, default "outlet"
        Column(s) defining the groups; ``"year"``, ``"quarter"``, ``"month"``, ``"week"`` and
        ``"day"`` are derived from ``date`` unless the corpus has such a column.
    target : value of ``by``
        The group to describe, e.g. ``"Sovereign Voice"`` (a tuple for several ``by``
        columns). A value that matches no group exactly is compared as a string, so
        ``target=2022`` works with ``by="year"``.
    reference : value, list of values or None, default None
        The group(s) to compare against, pooled. ``None`` means every document not in the
        target (all other groups, including documents with a missing group value). With one
        ``by`` column a list or tuple names several groups; with several ``by`` columns pass
        a list of tuples.
    ngram : int, default 1
        Compare words (1), bigrams (2), ... (n-grams never span punctuation).
    measure : str, default "log_likelihood"
        The column to sort by, descending: terms most over-used by the target first, most
        under-used last. One of ``"log_likelihood"``, ``"chi2"``, ``"log_ratio"``,
        ``"log_odds"``, ``"log_odds_z"`` and ``"docs_log_likelihood"`` (alias ``"docfreq"``:
        document-frequency keyness, robust to one long or repeated article). The default
        stays the token-based G² so that numbers match other tools; read ``docs_target`` and
        ``dp_target`` next to it, or sort by ``"docfreq"``.
    stopwords : "english", iterable of str or None
        Words that get no row. They still count in N1 and N2 (the words of each side), so they
        do not change the other rows. ``["english", "fox"]`` is the English list plus "fox".
    normalize : None, "default", "stem", mapping or Normalizer, default None
        One spelling per word before counting: ``"default"`` maps ``f.b.i.`` → ``fbi``, drops
        ``mr``/``ms`` and party-state tags, writes ``sen`` as ``senator`` (the map and why:
        :mod:`toolkit.normalize`); ``"stem"`` also applies Snowball stemming; a mapping adds
        your own entries. ``None`` (the default, for backward-compatible numbers) counts
        tokens as tokenized; for comparing news outlets, ``"default"`` is recommended.
    exclude : iterable of str, optional
        Words that get no row (n-grams containing one too), e.g. outlet self-names from
        :func:`toolkit.self_name_terms`. Like stopwords, they still count in N1 and N2.
    min_count : int, default 1
        Keep terms used at least this often in target and reference together.
    min_docs : int, default 1
        Keep terms found in at least this many documents of target and reference together.
    yates : bool, default False
        Apply Yates' continuity correction to ``chi2``.
    prior : float or None, default None
        α0, the total size of the Dirichlet prior of ``log_odds`` in pseudo-tokens, spread over
        terms in proportion to their corpus counts. ``None``: the corpus size in words
        (α_w = corpus count of the term).
    dtm : DocumentTermMatrix, optional
        Counts made earlier by :func:`toolkit.document_term_matrix` for this corpus (then
        ``ngram``, ``stopwords``, ``normalize`` and ``exclude`` are taken from how it was made).
    voice : {"all", "outlet", "quoted", "scare_quote"}, default "all"
        Count only the tokens in this voice (:mod:`toolkit.voice`): ``"outlet"`` compares
        the outlets' own words, leaving out what they quote. **Default "all"**: keyness
        describes a whole vocabulary, including whom an outlet chooses to quote, and it
        shares its counts with :func:`toolkit.document_term_matrix` (a ``dtm`` counts every
        voice, so it can only be passed with ``voice="all"``). N-grams never join words
        across the edge of a quotation.
    progress : bool or None
        Show a progress bar while counting.

    Returns
    -------
    pandas.DataFrame
        One row per term used by the target or the reference: ``term``, ``count_target``,
        ``count_reference``, ``per_10k_target``, ``per_10k_reference`` (counts per 10,000
        words of each side in ``voice``, as in :func:`toolkit.term_frequency`),
        ``log_likelihood`` (signed G²), ``p_value`` (of G², χ² with 1 df), ``chi2`` (signed),
        ``log_ratio``, ``log_odds``, ``log_odds_z``, ``docs_target``, ``docs_reference``
        (documents containing the term), ``docs_log_likelihood`` (signed G² on document
        frequencies), ``dp_target`` and ``dp_reference`` (Gries' DP within each side; NaN
        where the term is absent). Sorted by ``measure`` descending, then term.
        ``table.attrs`` records ``target``, ``reference``, ``n_words_target`` and
        ``n_words_reference`` (N1, N2: word tokens in ``voice``), ``n_counted_target`` and
        ``n_counted_reference`` (terms counted after stopwords, exclusions and
        normalisation), ``n_docs_target``, ``n_docs_reference`` and ``voice``;
        ``n_tokens_target``/``n_tokens_reference`` are kept as deprecated aliases of
        ``n_words_*``.

    Raises
    ------
    ValueError
        An unknown target or reference group (the valid groups are listed), a target that is
        also in the reference, or a side with no terms (empty texts, or only stopwords).

    Example
    -------
    >>> import toolkit
    >>> table = toolkit.keyness(toolkit.demo_corpus(), target="Sovereign Voice",
    ...                         stopwords="english", normalize="default")
    >>> table[["term", "count_target", "count_reference", "log_likelihood"]].head(3)  # doctest: +SKIP
    """
    measure = _MEASURE_ALIASES.get(measure, measure)
    check_choice("measure", measure, KEYNESS_MEASURES)
    voice = _check_voice(voice)
    if voice != "all" and dtm is not None:
        raise ValueError(
            format_message(
                f"`dtm` counts every voice, so it cannot be combined with voice={voice!r}",
                fix="drop `dtm` (the counts are then made for that voice) or pass voice='all'",
            )
        )
    for name, value in (("min_count", min_count), ("min_docs", min_docs)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"`{name}` must be a positive integer, got {value!r}")
    if prior is not None and not (isinstance(prior, (int, float)) and prior > 0):
        raise ValueError(f"`prior` must be a positive number or None, got {prior!r}")
    corpus = validate_corpus(corpus)
    by_columns = resolve_by(by)
    if not by_columns:
        raise ValueError("`by` must name at least one column: keyness compares groups")
    labels = _group_labels(group_keys(corpus, by_columns))

    in_target = _select(labels, target, name="target", by=by_columns)
    if reference is None:
        in_reference = ~in_target
        if not in_reference.any():
            raise ValueError(
                format_message(
                    f"the reference is empty: every document is in target {target!r}",
                    where=f"column {' + '.join(map(repr, by_columns))}",
                    fix="compare against another corpus or pass a different `by`",
                )
            )
    else:
        in_reference = np.zeros(len(labels), dtype=bool)
        for value in _reference_values(reference, len(by_columns)):
            in_reference |= _select(labels, value, name="reference", by=by_columns)
        if (in_reference & in_target).any():
            raise ValueError(
                f"target {target!r} is also in the reference {reference!r}; "
                "compare a group with different groups (or use reference=None for all others)"
            )

    if dtm is None:
        dtm = _count_terms(corpus, ngram=ngram, stopwords=stopwords, normalize=normalize,
                           exclude=exclude, progress=progress,
                           found=None if voice == "all" else _voice_scan(corpus, voice))
    else:
        _check_dtm(dtm, corpus)
    codes = np.where(in_target, 0, np.where(in_reference, 1, 2))
    counts, docfreq, words, counted = dtm.aggregate(codes, 3)
    n1, n2 = float(words[0]), float(words[1])
    for side, size, value in (("target", counted[0], target),
                              ("reference", counted[1], reference)):
        if size == 0:
            raise ValueError(
                format_message(
                    f"the {side} group {value!r} has no terms to count",
                    where="its documents (empty texts, only stopwords, or no words in the voice)",
                    fix="check the texts or the `stopwords` and `voice` options",
                )
            )

    dense = counts.toarray().astype(float)
    docs = docfreq.toarray().astype(float)
    a, b = dense[0], dense[1]
    corpus_counts = dense.sum(axis=0)
    # dispersion within each side, over its documents (Gries' DP)
    dp = [dtm._kept("keyness.dispersion", mask, lambda mask=mask, total=total: _read_only(
              _dispersion(dtm.counts[mask], dtm.n_words[mask].astype(float), total)))
          for mask, total in ((in_target, a), (in_reference, b))]
    keep = ((a + b) >= min_count) & ((docs[0] + docs[1]) >= min_docs)
    a, b, corpus_counts, terms = a[keep], b[keep], corpus_counts[keep], dtm.terms[keep]
    docs_a, docs_b = docs[0][keep], docs[1][keep]
    dp_target, dp_reference = dp[0][keep], dp[1][keep]
    c, d = n1 - a, n2 - b
    n_docs1, n_docs2 = float(in_target.sum()), float(in_reference.sum())

    log_likelihood = _log_likelihood(a, c, b, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
        corpus_total = float(words.sum())
        alpha0 = corpus_total if prior is None else float(prior)
        alpha = alpha0 * corpus_counts / corpus_total
        log_odds = np.log((a + alpha) / (n1 + alpha0 - a - alpha)) - np.log(
            (b + alpha) / (n2 + alpha0 - b - alpha)
        )
        log_odds_z = log_odds / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))

    table = pd.DataFrame(
        {
            "term": terms.astype(object),
            "count_target": a.astype(np.int64),
            "count_reference": b.astype(np.int64),
            "per_10k_target": a / n1 * 10_000,
            "per_10k_reference": b / n2 * 10_000,
            "log_likelihood": log_likelihood,
            "p_value": stats.chi2.sf(np.abs(log_likelihood), 1),
            "chi2": _chi_squared(a, c, b, d, yates=yates),
            "log_ratio": log_ratio,
            "log_odds": log_odds,
            "log_odds_z": log_odds_z,
            "docs_target": docs_a.astype(np.int64),
            "docs_reference": docs_b.astype(np.int64),
            "docs_log_likelihood": _log_likelihood(docs_a, n_docs1 - docs_a, docs_b,
                                                   n_docs2 - docs_b),
            "dp_target": dp_target,
            "dp_reference": dp_reference,
        }
    )
    table = table.sort_values(
        [measure, "term"], ascending=[False, True], kind="stable", na_position="last"
    ).reset_index(drop=True)
    table.attrs.update(
        {
            "target": target,
            "reference": "all other documents" if reference is None else reference,
            "n_words_target": int(n1),
            "n_words_reference": int(n2),
            "n_counted_target": int(counted[0]),
            "n_counted_reference": int(counted[1]),
            "n_docs_target": int(n_docs1),
            "n_docs_reference": int(n_docs2),
            "n_tokens_target": int(n1),  # deprecated alias of n_words_target
            "n_tokens_reference": int(n2),  # deprecated alias of n_words_reference
            "voice": voice,
        }
    )
    return table[list(KEYNESS_COLUMNS)]
