"""How each outlet talks about a given actor: mentions, loaded language and tone around them.

An *actor* is a name with the patterns that refer to it (``{"Putin": ["putin", "vladimir
putin"]}``), matched by :class:`toolkit.matcher.PhraseMatcher` (case-insensitive, whole words,
possessives, globs such as ``zelensk*``). A bundled set for the Russia–Ukraine war (Zelensky,
Putin, Ukraine's government, Russia's government, NATO, the EU, the US) is in
``toolkit/data/actors/russia_ukraine.yaml`` with its datasheet.

For every sentence that mentions an actor (:func:`toolkit.tokens.sentence_spans`), the
*context window* is that sentence (``window="sentence"``) or that sentence and ``n`` sentences
either side (``window=n``). In each window:

* **loaded language**: the hits of a lexicon (default ``"loaded_language"``), except hits that
  overlap a mention of the actor itself ("the Kiev regime" is a mention of Ukraine's
  government, not loaded language about it) -- counted per 1,000 word tokens;
* **tone**: VADER's compound score (Hutto & Gilbert 2014; -1 to +1) of the window's text, from
  the ``vaderSentiment`` package (MIT licence, ships its lexicon; an optional dependency:
  ``pip install 'discourse-toolkit[tone]'``). Tone is that of the *sentence*, not a stance
  towards the actor: "Putin condemned the attack on civilians" is negative about the attack.

:func:`actor_sentences` returns the evidence, one row per (window, actor);
:func:`actor_context` summarises it per group (default: outlet) and actor, with bootstrap
intervals over documents.

Hook for the speaker's voice
----------------------------
Evidence rows carry ``in_quote`` and ``voice`` of the actor's first mention in the window
(:mod:`toolkit.voice`: the outlet's own words, reported speech or a scare quote);
:func:`actor_context` groups by any extra column passed in ``by`` that the evidence carries,
e.g. ``by=["outlet", "voice"]`` to compare how an outlet itself talks about an actor with how
the people it quotes do.

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
...                        "text": ["NATO met. The brutal Kremlin regime lied. Talks end."]})
>>> rows = actor_sentences(corpus, {"Russia": ["kremlin"], "NATO": ["nato"]}, tone=False)
>>> rows[["actor", "sentence", "loaded", "loaded_terms"]].values.tolist()
[['NATO', 'NATO met.', 0, ''], ['Russia', 'The brutal Kremlin regime lied.', 1, 'brutal']]

"Kremlin regime" is a loaded label, but it overlaps the mention of the actor, so only "brutal"
counts as loaded language about the Kremlin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit._errors import format_message, preview
from toolkit._grouping import group_codes, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.lexicon import load_lexicon
from toolkit.matcher import PhraseMatcher, parse_entry
from toolkit.tokens import sentence_spans, token_spans
from toolkit.voice import _Voices

__all__ = [
    "actor_context",
    "actor_sentences",
    "load_actors",
    "ActorError",
    "BUNDLED_ACTORS",
    "EVIDENCE_COLUMNS",
    "CONTEXT_COLUMNS",
]

BUNDLED_ACTORS = ("russia_ukraine",)
EVIDENCE_COLUMNS = ("doc_id", "outlet", "actor", "sentence_start", "sentence_end", "sentence",
                    "mention", "mention_start", "mention_end", "n_mentions", "n_words",
                    "loaded", "loaded_terms", "tone", "in_quote", "voice")
CONTEXT_COLUMNS = ("actor", "n_documents", "n_sentences", "mentions", "n_words", "loaded",
                   "loaded_per_1k", "loaded_per_1k_low", "loaded_per_1k_high", "tone",
                   "tone_low", "tone_high", "share_negative", "share_positive")
# VADER's own cut-offs for a negative / positive compound score
_NEGATIVE, _POSITIVE = -0.05, 0.05


class ActorError(ValueError):
    """An actor set (dict or YAML file) is malformed; the message says where and how to fix it."""


# --------------------------------------------------------------------------- actor sets


def _check_actors(data: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(data, Mapping) or not data:
        raise ActorError(format_message(
            "actors must be a non-empty mapping of actor name -> list of patterns", where=where,
            fix='write {"Putin": ["putin", "vladimir putin"], "NATO": ["nato"]}'))
    actors: dict[str, tuple[str, ...]] = {}
    for name, patterns in data.items():
        if isinstance(patterns, Mapping):
            patterns = patterns.get("patterns")
        if isinstance(patterns, str) or not isinstance(patterns, Iterable):
            raise ActorError(format_message(
                f"actor {name!r} must have a list of patterns, got {type(patterns).__name__}",
                where=where, fix=f'write {{"{name}": ["pattern", ...]}}'))
        patterns = tuple(str(p).strip() for p in patterns)
        if not patterns or not all(patterns):
            raise ActorError(format_message(f"actor {name!r} has an empty pattern list or an "
                                            "empty pattern", where=where,
                                            fix="give every actor at least one word or phrase"))
        for pattern in patterns:
            try:
                parse_entry(pattern)
            except ValueError as err:
                raise ActorError(format_message(f"{err} (actor {name!r}, pattern {pattern!r})",
                                                where=where)) from None
        actors[str(name)] = patterns
    return actors


@cache
def _bundled(name: str) -> dict[str, tuple[str, ...]]:
    path = Path(str(resources.files("toolkit") / "data" / "actors" / f"{name}.yaml"))
    return _read_yaml(path)


def _read_yaml(path: Path) -> dict[str, tuple[str, ...]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise ActorError(format_message(f"invalid YAML: {getattr(err, 'problem', err)}",
                                        where=where, fix="check indentation and quoting")
                         ) from None
    if isinstance(data, Mapping) and "actors" in data:
        data = data["actors"]
    return _check_actors(data, str(path))


def load_actors(actors: str | Path | Mapping[str, Iterable[str]] = "russia_ukraine"
                ) -> dict[str, tuple[str, ...]]:
    """Read an actor set: a bundled name, a YAML file or a dict of actor -> patterns.

    Parameters
    ----------
    actors : str, Path or dict, default "russia_ukraine"
        ``"russia_ukraine"`` (bundled; datasheet ``toolkit/data/actors/russia_ukraine.md``),
        the path of a YAML file (``actors: {name: {patterns: [...]}}`` or ``{name: [...]}``),
        or a dict ``{name: [patterns]}``.

    Returns
    -------
    dict
        Actor name -> tuple of patterns, in file order.

    Raises
    ------
    ActorError
        Unknown name, missing file, malformed YAML or an actor without patterns.

    Example
    -------
    >>> sorted(load_actors("russia_ukraine"))[:3]
    ['NATO', 'Putin', "Russia's government"]
    >>> load_actors({"NATO": ["nato"]})
    {'NATO': ('nato',)}
    """
    if isinstance(actors, Mapping):
        return _check_actors(actors, "the actors dict")
    if isinstance(actors, str) and actors in BUNDLED_ACTORS:
        return dict(_bundled(actors))
    if not isinstance(actors, str | Path):
        raise TypeError("`actors` must be a bundled name, a YAML path or a dict "
                        f"{{actor: [patterns]}}, got {type(actors).__name__}")
    path = Path(actors)
    if not path.is_file():
        raise ActorError(format_message(f"actor set {str(actors)!r} not found",
                                        where="the bundled actor sets or on disk",
                                        fix=f"use one of {list(BUNDLED_ACTORS)} or a YAML path"))
    return _read_yaml(path)


# --------------------------------------------------------------------------- tone


def _tone_scorer():
    """VADER's compound score as a function of text (the analyzer is built once per call)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ModuleNotFoundError:
        raise ImportError(
            "actor tone needs the optional package vaderSentiment (MIT licence, ships its "
            "lexicon); install it with: pip install 'discourse-toolkit[tone]' (or pip install "
            "vaderSentiment), or pass tone=False"
        ) from None
    analyzer = SentimentIntensityAnalyzer()
    return lambda text: float(analyzer.polarity_scores(text)["compound"])


# --------------------------------------------------------------------------- evidence


def _check_window(window: Any) -> int:
    if window == "sentence":
        return 0
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 0:
        raise ValueError(f'`window` must be "sentence" or a number of sentences either side '
                         f"(an integer >= 0), got {window!r}")
    return int(window)


def actor_sentences(corpus: pd.DataFrame, actors: Any = "russia_ukraine", *,
                    window: str | int = "sentence", lexicon: Any = "loaded_language",
                    tone: bool = True, progress: bool | None = None) -> pd.DataFrame:
    """The sentences that mention each actor, with their loaded language and tone: the evidence.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); never modified.
    actors : str, Path or dict, default "russia_ukraine"
        Anything :func:`load_actors` accepts.
    window : "sentence" or int, default "sentence"
        The context of a mention: its sentence, or its sentence and this many sentences on
        either side (within the document).
    lexicon : Lexicon, str, Path, dict or DataFrame, default "loaded_language"
        The loaded-language lexicon (anything :func:`toolkit.load_lexicon` accepts).
    tone : bool, default True
        Score each window with VADER (needs ``vaderSentiment``); False leaves ``tone`` NaN.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per (window, actor) where the actor is mentioned in the window's central
        sentence: ``doc_id``, ``outlet``, ``actor``, ``sentence_start``, ``sentence_end``
        (character offsets of the window in ``text``), ``sentence`` (the window's text),
        ``mention`` (the first mention as written), ``mention_start``, ``mention_end`` (its
        offsets), ``n_mentions`` (mentions of the actor in the central sentence), ``n_words``
        (word tokens in the window), ``loaded`` (lexicon hits in the window that do not
        overlap a mention of the actor), ``loaded_terms`` (those hits as written, joined by
        ``"; "``), ``tone`` (VADER compound of the window, -1 to 1), ``in_quote`` and
        ``voice`` of the first mention (``"outlet"``, ``"quoted"`` or ``"scare_quote"``: is
        the actor named in the outlet's own words or inside a quotation; see
        :mod:`toolkit.voice`). Documents in corpus order,
        then by sentence, then actor order. An empty result keeps the columns.

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
    ...                        "text": ["NATO met. The brutal Kremlin lied. Talks end."]})
    >>> rows = actor_sentences(corpus, {"Russia": ["kremlin"], "NATO": ["nato"]}, tone=False)
    >>> rows[["actor", "sentence", "mention_start", "loaded", "loaded_terms"]].values.tolist()
    [['NATO', 'NATO met.', 0, 0, ''], ['Russia', 'The brutal Kremlin lied.', 21, 1, 'brutal']]
    """
    context = _check_window(window)
    corpus = validate_corpus(corpus)
    actor_patterns = load_actors(actors)
    lex = load_lexicon(lexicon)
    matcher = PhraseMatcher((p, name) for name, patterns in actor_patterns.items()
                            for p in patterns)
    order = {name: i for i, name in enumerate(actor_patterns)}
    score = _tone_scorer() if tone else None
    rows: list[tuple[Any, ...]] = []
    ids, outlets, texts = corpus["doc_id"].tolist(), corpus["outlet"].tolist(), corpus["text"].tolist()
    for row in progress_bar(range(len(texts)), total=len(texts), desc="finding actors",
                            progress=progress):
        text = texts[row]
        spans = token_spans(text)
        mentions = matcher.find_in_spans(text, spans)
        if not mentions:
            continue
        sentences = sentence_spans(text)
        starts = np.asarray([s for s, _ in sentences], dtype=np.int64)
        token_starts = np.asarray([s for _, s, _ in spans], dtype=np.int64)
        token_ends = np.asarray([e for _, _, e in spans], dtype=np.int64)
        by_sentence: dict[tuple[int, str], list[Any]] = {}
        for m in mentions:
            index = int(np.searchsorted(starts, m.start, side="right")) - 1
            by_sentence.setdefault((max(index, 0), m.group), []).append(m)
        hits = lex.find(text, spans) if len(lex) else []
        quotes = _Voices(text)
        for (index, actor), found in sorted(by_sentence.items(),
                                            key=lambda kv: (kv[0][0], order[kv[0][1]])):
            first = max(index - context, 0)
            last = min(index + context, len(sentences) - 1)
            w_start, w_end = sentences[first][0], sentences[last][1]
            own = [(m.start, m.end) for m in mentions if m.group == actor]
            loaded = [h for h in hits if w_start <= h.start and h.end <= w_end
                      and not any(h.start < e and s < h.end for s, e in own)]
            seen_loaded = sorted({(h.start, h.end) for h in loaded})
            window_text = text[w_start:w_end]
            # tokens lying inside the window (sentences never cut a token)
            n_words = int(np.searchsorted(token_ends, w_end, side="right")
                           - np.searchsorted(token_starts, w_start, side="left"))
            first_mention = found[0]
            rows.append((
                ids[row], outlets[row], actor, w_start, w_end, window_text,
                text[first_mention.start:first_mention.end], first_mention.start,
                first_mention.end, len(found), n_words, len(seen_loaded),
                "; ".join(text[s:e] for s, e in seen_loaded),
                score(window_text) if score is not None else np.nan,
                *quotes.at(first_mention.start, first_mention.end),
            ))
    table = pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS))
    for column in ("doc_id", "actor", "sentence", "mention", "loaded_terms"):
        table[column] = table[column].astype("str")
    for column in ("sentence_start", "sentence_end", "mention_start", "mention_end",
                   "n_mentions", "n_words", "loaded"):
        table[column] = table[column].astype(np.int64)
    table["tone"] = table["tone"].astype(np.float64)
    table["in_quote"] = table["in_quote"].astype(bool)
    table["voice"] = table["voice"].astype("str")
    return table


# --------------------------------------------------------------------------- summary


def _bootstrap(weights: np.ndarray, numerator: np.ndarray, denominator: np.ndarray,
               scale: float, level: float) -> tuple[float, float]:
    """Percentile interval of ``sum(numerator) / sum(denominator)`` over document resamples."""
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (weights @ numerator) / (weights @ denominator) * scale
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return np.nan, np.nan
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def actor_context(corpus: pd.DataFrame | None, actors: Any = "russia_ukraine", *,
                  window: str | int = "sentence", lexicon: Any = "loaded_language",
                  by: str | Sequence[str] | None = "outlet", tone: bool = True,
                  n_boot: int = 1000, confidence: float = 0.95, random_state: int | None = 0,
                  evidence: pd.DataFrame | None = None,
                  progress: bool | None = None) -> pd.DataFrame:
    """Per outlet (or other group) and actor: mentions, loaded-language rate and tone around them.

    Built from :func:`actor_sentences` (pass its result as ``evidence`` to reuse it, e.g. after
    adding a column to group by). Rates pool the windows of a group: loaded hits per 1,000 word
    tokens of the windows, and the mean VADER compound score of the windows. Intervals are
    percentile bootstrap intervals over *documents* (all windows of a resampled document move
    together, since sentences of one article are not independent).

    Parameters
    ----------
    corpus : pandas.DataFrame or None
        A corpus (see :func:`toolkit.validate_corpus`); never modified. May be None when
        ``evidence`` is given.
    actors, window, lexicon, tone, progress
        As in :func:`actor_sentences` (ignored when ``evidence`` is given).
    by : str, list of str or None, default "outlet"
        Grouping columns of the corpus (or of ``evidence``); None pools the corpus.
    n_boot : int, default 1000
        Bootstrap resamples (0: no intervals, NaN).
    confidence : float, default 0.95
        Coverage of the intervals.
    random_state : int or None, default 0
        Seed of the bootstrap.
    evidence : pandas.DataFrame, optional
        A table from :func:`actor_sentences` (possibly with extra columns) to summarise instead
        of recomputing it.

    Returns
    -------
    pandas.DataFrame
        One row per group and actor with at least one mention, sorted by group then actor
        order: the ``by`` columns, ``actor``, ``n_documents`` (documents mentioning the
        actor), ``n_sentences`` (windows), ``mentions``, ``n_words`` (word tokens in the
        windows), ``loaded`` (lexicon hits in them), ``loaded_per_1k`` with
        ``loaded_per_1k_low``/``loaded_per_1k_high``, ``tone`` (mean VADER compound) with
        ``tone_low``/``tone_high``, ``share_negative`` and ``share_positive`` (share of windows
        with compound <= -0.05 / >= 0.05, VADER's cut-offs).

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                        "text": ["The brutal Kremlin lied.", "The Kremlin met."]})
    >>> table = actor_context(corpus, {"Russia": ["kremlin"]}, tone=False, n_boot=0)
    >>> table[["outlet", "actor", "mentions", "n_words", "loaded", "loaded_per_1k"]].values.tolist()
    [['X', 'Russia', 1, 4, 1, 250.0], ['Y', 'Russia', 1, 3, 0, 0.0]]
    """
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise ValueError(f"`n_boot` must be a non-negative integer, got {n_boot!r}")
    if not isinstance(confidence, float | int) or not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be between 0 and 1, got {confidence!r}")
    by_columns = resolve_by(by)
    if evidence is None:
        if corpus is None:
            raise ValueError("actor_context needs a corpus, or the `evidence` table of "
                             "actor_sentences")
        corpus = validate_corpus(corpus)
        evidence = actor_sentences(corpus, actors, window=window, lexicon=lexicon, tone=tone,
                                   progress=progress)
        extra = [c for c in by_columns if c not in evidence.columns]
        if extra:
            keys = _document_keys(corpus, extra)
            evidence = evidence.merge(keys, on="doc_id", how="left")
        actor_order = list(load_actors(actors))
    else:
        missing = [c for c in ("doc_id", "actor", "n_mentions", "n_words", "loaded", "tone",
                               *by_columns) if c not in evidence.columns]
        if missing:
            raise ValueError(format_message(f"columns {preview(missing)} not found",
                                            where="evidence",
                                            fix="pass a table from actor_sentences, with the "
                                                "`by` columns added"))
        actor_order = list(dict.fromkeys(evidence["actor"]))
    order = {name: i for i, name in enumerate(actor_order)}
    rng = np.random.default_rng(random_state)
    keys = evidence[by_columns].reset_index(drop=True) if by_columns else \
        pd.DataFrame(index=pd.RangeIndex(len(evidence)))
    codes, groups = group_codes(keys) if len(evidence) else (np.zeros(0, int), None)
    rows = []
    for code in range(0 if groups is None else len(groups)):
        part = evidence[codes == code]
        for actor in sorted(set(part["actor"]), key=lambda a: order.get(a, len(order))):
            sub = part[part["actor"] == actor]
            per_doc = sub.groupby("doc_id", sort=False).agg(
                loaded=("loaded", "sum"), n_words=("n_words", "sum"),
                tone=("tone", lambda s: float(np.nansum(s))),
                n_scored=("tone", lambda s: int(s.notna().sum())))
            loaded, tokens = per_doc["loaded"].to_numpy(float), per_doc["n_words"].to_numpy(float)
            tones, scored = per_doc["tone"].to_numpy(float), per_doc["n_scored"].to_numpy(float)
            rate = loaded.sum() / tokens.sum() * 1000 if tokens.sum() else np.nan
            mean_tone = tones.sum() / scored.sum() if scored.sum() else np.nan
            intervals = [(np.nan, np.nan), (np.nan, np.nan)]
            if n_boot:
                n = len(per_doc)
                weights = rng.multinomial(n, np.full(n, 1 / n), size=int(n_boot)).astype(float)
                intervals = [_bootstrap(weights, loaded, tokens, 1000.0, confidence),
                             _bootstrap(weights, tones, scored, 1.0, confidence)]
            tone_values = sub["tone"].dropna()
            rows.append({
                **({c: groups.iloc[code][c] for c in by_columns}),
                "actor": actor, "n_documents": len(per_doc), "n_sentences": len(sub),
                "mentions": int(sub["n_mentions"].sum()), "n_words": int(tokens.sum()),
                "loaded": int(loaded.sum()), "loaded_per_1k": rate,
                "loaded_per_1k_low": intervals[0][0], "loaded_per_1k_high": intervals[0][1],
                "tone": mean_tone, "tone_low": intervals[1][0], "tone_high": intervals[1][1],
                "share_negative": float((tone_values <= _NEGATIVE).mean())
                if len(tone_values) else np.nan,
                "share_positive": float((tone_values >= _POSITIVE).mean())
                if len(tone_values) else np.nan,
            })
    table = pd.DataFrame(rows, columns=[*by_columns, *CONTEXT_COLUMNS])
    for column in ("n_documents", "n_sentences", "mentions", "n_words", "loaded"):
        table[column] = table[column].astype(np.int64)
    table["actor"] = table["actor"].astype("str")
    return table


def _document_keys(corpus: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    from toolkit._grouping import group_keys

    keys = group_keys(corpus, columns)
    keys.insert(0, "doc_id", corpus["doc_id"].to_numpy())
    return keys
