"""How well do the toolkit's lexicons find the loaded wording that people annotated?

Usage::

    python benchmarks/validity.py [--data ../shared/data/basil] [--out benchmarks/results/validity.json]
                                  [--min-valence 2.0]

Data: BASIL (Fan et al., EMNLP 2019), read with :func:`toolkit.datasets.load_basil` from
``../shared/data/basil`` (relative to the repository). Gold spans are the ``lexical`` bias spans
of ``bias_spans_2010_2014.jsonl``. Only the articles with at least one annotated span of either
kind (lexical or informational) are scored: BASIL annotates its 2010–2014 articles only, so an
article without any span may simply not have been annotated, while an annotated article without
lexical spans is a genuine "nothing loaded here" (its hits are false positives).

Lexicons compared, each at token level and span level (rules in :mod:`toolkit.validation`):

* ``loaded_language`` -- the toolkit's default loaded-language lexicon, overall and per category;
* ``stance`` -- the bundled epistemic-stance lexicon (for reference; it is not a loaded-language
  lexicon);
* ``vader`` -- baseline: words of VADER's sentiment lexicon (Hutto & Gilbert 2014, MIT licence,
  from the installed vaderSentiment package) with mean valence of at least ``--min-valence`` in
  absolute value;
* ``loaded_language+vader`` -- the union of the two.

The VADER baseline is also scored at thresholds from 1.0 to 3.5, and the F1 of
``loaded_language`` and ``vader`` gets 95% bootstrap intervals (articles resampled, seed 0).

A leakage check scores ``loaded_language`` and ``vader`` again without the entries that equal the
whole text of some lexical span (entries that the annotation could have suggested: version 1.1
of the lexicon was tuned on these data, see its datasheet): it removes true positives by
construction, from both, and shows how much of the score rests on such entries. Also printed:
the lexicons' most frequent false-positive entries, and a per-outlet sanity figure
(hits per 1,000 tokens next to annotated lexical spans per 1,000 tokens for Fox News, the New York
Times and HuffPost) with the Spearman rank correlation, across articles, between an article's hit
rate and its annotated-span rate. Hits are counted once per location (a word matched by two
categories of a lexicon counts once). Everything is also written to a JSON file.

Where the BASIL folder is absent the script says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import platform
import sys
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

import toolkit
from toolkit.datasets import load_basil
from toolkit.lexicon import Lexicon, lexicon_hits, load_lexicon
from toolkit.tokens import token_spans, tokenize
from toolkit.validation import evaluate_lexicon, evaluation_errors, vader_lexicon

__all__ = ["main"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil"
DEFAULT_OUT = REPO / "benchmarks" / "results" / "validity.json"
OUTLETS = ("Fox News", "New York Times", "HuffPost")


def _lexicons(min_valence: float) -> tuple[dict[str, Any], str | None]:
    loaded = load_lexicon("loaded_language")
    lexicons: dict[str, Any] = {"loaded_language": loaded, "stance": load_lexicon("stance")}
    try:
        vader = vader_lexicon(min_abs_valence=min_valence)
    except ImportError as err:
        return lexicons, str(err)
    lexicons["vader"] = vader
    lexicons["loaded_language+vader"] = loaded.combine(vader)
    return lexicons, None


def evaluate_all(corpus: pd.DataFrame, gold: pd.DataFrame, documents: list[str],
                 lexicons: dict[str, Any]) -> pd.DataFrame:
    """evaluate_lexicon for every lexicon at both levels, stacked, with a ``lexicon`` column."""
    tables = []
    for name, lexicon in lexicons.items():
        for level in ("token", "span"):
            table = evaluate_lexicon(corpus, lexicon, gold, level=level, documents=documents)
            table.insert(0, "lexicon", name)
            tables.append(table)
    return pd.concat(tables, ignore_index=True)


def per_outlet(corpus: pd.DataFrame, gold: pd.DataFrame, documents: list[str],
               lexicons: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Hit and gold-span rates per outlet, per-article rates, and Spearman's rho across articles."""
    scored = corpus[corpus["doc_id"].isin(documents)].reset_index(drop=True)
    articles = scored[["doc_id", "outlet"]].copy()
    articles["n_tokens"] = [len(token_spans(text)) for text in scored["text"]]
    distinct = gold[["doc_id", "start", "end"]].drop_duplicates()
    articles["gold_spans"] = articles["doc_id"].map(distinct.groupby("doc_id").size()).fillna(0)
    articles["gold_per_1k"] = articles["gold_spans"] / articles["n_tokens"] * 1000
    rows, correlations = [], []
    for name, lexicon in lexicons.items():
        hits = lexicon_hits(scored, lexicon, window=0).drop_duplicates(["doc_id", "start", "end"])
        column = f"hits_{name}"
        articles[column] = articles["doc_id"].map(hits.groupby("doc_id").size()).fillna(0)
        rate = articles[column] / articles["n_tokens"] * 1000
        rho, p_value = spearmanr(rate, articles["gold_per_1k"])
        correlations.append({"lexicon": name, "n_articles": len(articles),
                             "spearman_rho": float(rho), "p_value": float(p_value)})
        for outlet in OUTLETS:
            part = articles[articles["outlet"] == outlet]
            tokens = part["n_tokens"].sum()
            rows.append({"lexicon": name, "outlet": outlet, "n_articles": len(part),
                         "n_tokens": int(tokens), "hits": int(part[column].sum()),
                         "hits_per_1k": part[column].sum() / tokens * 1000,
                         "gold_spans": int(part["gold_spans"].sum()),
                         "gold_per_1k": part["gold_spans"].sum() / tokens * 1000})
    return pd.DataFrame(rows), articles, pd.DataFrame(correlations)


def per_document(corpus: pd.DataFrame, gold: pd.DataFrame, documents: list[str], lexicon: Any,
                 level: str) -> pd.DataFrame:
    """The ``(all)`` row of evaluate_lexicon for each scored document on its own."""
    rows = []
    for doc_id in documents:
        row = evaluate_lexicon(corpus[corpus["doc_id"] == doc_id], lexicon,
                               gold[gold["doc_id"] == doc_id], level=level,
                               documents=[doc_id]).iloc[0]
        rows.append({"doc_id": doc_id, "tp": row.tp, "fp": row.fp, "fn": row.fn,
                     "n_hits": row.n_hits, "n_gold": row.n_gold})
    return pd.DataFrame(rows)


def _f1(counts: np.ndarray, level: str) -> np.ndarray:
    """F1 from summed counts (columns tp, fp, fn, n_hits, n_gold; any leading axes)."""
    tp, fp, fn, n_hits, n_gold = np.moveaxis(counts, -1, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if level == "token":
            return 2 * tp / (2 * tp + fp + fn)
        precision, recall = tp / n_hits, (n_gold - fn) / n_gold
        f1 = 2 * precision * recall / (precision + recall)
    return np.where(precision + recall == 0, 0.0, f1)


def bootstrap_f1(corpus: pd.DataFrame, gold: pd.DataFrame, documents: list[str],
                 lexicons: dict[str, Any], results: pd.DataFrame, *, first: str, second: str,
                 n_resamples: int = 2000, seed: int = 0) -> pd.DataFrame:
    """95% bootstrap intervals (articles resampled) of two lexicons' F1 and their difference."""
    rng = np.random.default_rng(seed)
    rows = []
    for level in ("token", "span"):
        counts = {}
        for name in (first, second):
            table = per_document(corpus, gold, documents, lexicons[name], level)
            counts[name] = table[["tp", "fp", "fn", "n_hits", "n_gold"]].to_numpy(dtype=float)
            whole = results[(results["lexicon"] == name) & (results["level"] == level)
                            & (results["category"] == "(all)")].iloc[0]
            assert np.allclose(_f1(counts[name].sum(axis=0), level), whole.f1), (name, level)
        picks = rng.integers(0, len(documents), size=(n_resamples, len(documents)))
        f1 = {name: _f1(c[picks].sum(axis=1), level) for name, c in counts.items()}
        difference = f1[first] - f1[second]
        row = {"level": level}
        for label, values, point in (
            (first, f1[first], _f1(counts[first].sum(axis=0), level)),
            (second, f1[second], _f1(counts[second].sum(axis=0), level)),
            (f"{first} - {second}", difference,
             _f1(counts[first].sum(axis=0), level) - _f1(counts[second].sum(axis=0), level)),
        ):
            low, high = np.nanpercentile(values, [2.5, 97.5])
            row[f"f1 {label}"] = f"{point:.3f} [{low:.3f}, {high:.3f}]"
            row[f"_{label}"] = [float(point), float(low), float(high)]
        row["share_first_wins"] = float(np.mean(difference > 0))
        rows.append(row)
    return pd.DataFrame(rows)


def vader_sweep(corpus: pd.DataFrame, gold: pd.DataFrame, documents: list[str],
                thresholds: tuple[float, ...] = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5)) -> pd.DataFrame:
    """The VADER baseline's ``(all)`` scores at several valence thresholds (a fairer baseline)."""
    rows = []
    for threshold in thresholds:
        lexicon = vader_lexicon(min_abs_valence=threshold)
        for level in ("token", "span"):
            row = evaluate_lexicon(corpus, lexicon, gold, level=level, documents=documents).iloc[0]
            rows.append({"min_abs_valence": threshold, "n_entries": len(lexicon), "level": level,
                         **{k: row[k] for k in ("precision", "recall", "f1", "n_hits")}})
    return pd.DataFrame(rows).sort_values(["level", "min_abs_valence"], ascending=[False, True])


def without_gold_verbatim(lexicon: Any, spans: pd.DataFrame) -> tuple[Any, list[str]]:
    """The lexicon minus entries that equal the whole text of some gold span (a leakage check)."""
    gold_texts = {" ".join(tokenize(text)) for text in spans["text"]}
    dropped = [e.entry for e in lexicon.entries if " ".join(tokenize(e.entry)) in gold_texts]
    kept = tuple(e for e in lexicon.entries if e.entry not in set(dropped))
    return Lexicon(f"{lexicon.name}-verbatim", lexicon.categories, kept, lexicon.version,
                   lexicon.descriptions, lexicon.exclusions), sorted(dropped)


def leakage_check(corpus: pd.DataFrame, spans: pd.DataFrame, gold: pd.DataFrame,
                  documents: list[str], lexicons: dict[str, Any]
                  ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """``(all)`` scores of loaded_language and vader without their gold-verbatim entries."""
    rows, verbatim = [], {}
    for name in ("loaded_language", "vader"):
        if name not in lexicons:
            continue
        reduced, verbatim[name] = without_gold_verbatim(lexicons[name],
                                                        spans[spans["bias"] == "lexical"])
        for level in ("token", "span"):
            row = evaluate_lexicon(corpus, reduced, gold, level=level, documents=documents)
            rows.append(row.iloc[[0]].drop(columns="category")
                        .assign(lexicon=name, n_removed=len(verbatim[name])))
    table = pd.concat(rows, ignore_index=True)
    return table[["lexicon", "n_removed", *table.columns[:-2]]], verbatim


def false_positive_entries(corpus: pd.DataFrame, gold: pd.DataFrame, documents: list[str],
                           lexicon: Any, *, top: int = 15) -> pd.DataFrame:
    """Entries with the most span-level false positives, with their true positives beside."""
    hits = lexicon_hits(corpus[corpus["doc_id"].isin(documents)], lexicon, window=0)
    errors = evaluation_errors(corpus, lexicon, gold, documents=documents, window=0)
    wrong = errors[errors["kind"] == "false_positive"].groupby(["category", "entry"]).size()
    total = hits.groupby(["category", "entry"]).size()
    table = pd.DataFrame({"hits": total, "false_positives": wrong}).fillna(0).astype(int)
    table["true_positives"] = table["hits"] - table["false_positives"]
    table = table.reset_index().sort_values(["false_positives", "entry"],
                                            ascending=[False, True])
    return table.head(top).reset_index(drop=True)


def _package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return _clean(table.astype(object).to_dict(orient="records"))


def _show(table: pd.DataFrame) -> str:
    return table.to_string(index=False, float_format=lambda x: f"{x:.3f}", na_rep="-")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown_section(payload: dict[str, Any]) -> str:
    """The datasheet section "Validation against BASIL (measured)" built from the results."""
    data, rows = payload["data"], payload["evaluation"]
    names = {"loaded_language": "`loaded_language` (this lexicon)",
             "vader": f"VADER words, \\|valence\\| ≥ {payload['vader_min_abs_valence']:g}",
             "loaded_language+vader": "union of the two"}
    lines = [
        "## Validation against BASIL (measured)",
        "",
        f"Measured {payload['date']} with `python benchmarks/validity.py` (lexicon version "
        f"{payload['versions']['loaded_language']}, discourse-toolkit "
        f"{payload['versions']['toolkit']}, vaderSentiment {payload['versions']['vaderSentiment']}"
        "); the full output, with per-entry errors, goes to `benchmarks/results/validity.json`.",
        "",
        f"*Data.* BASIL (Fan et al., EMNLP 2019; local copy in `../shared/data/basil`, not "
        f"redistributed). Gold: the {data['n_lexical_spans']} distinct `lexical` bias spans of "
        f"`bias_spans_2010_2014.jsonl`, in {data['n_articles_with_lexical_spans']} articles. "
        f"Scored: the {data['n_articles_scored']} articles with any annotated span, lexical or "
        f"informational ({data['years'][0]}–{data['years'][1]}); an annotated article without "
        "lexical spans counts, so its hits are false positives. `load_basil` gives the 4 "
        "HuffPost articles whose id is \"empty\" the ids `<event_id>_huffpost`.",
        "",
        "*Scoring* (`toolkit.validation.evaluate_lexicon`). Token level: a word token is "
        "predicted if it lies inside a hit and gold if it overlaps a gold span. Span level: a hit "
        "is correct if it overlaps a gold span; a gold span is found if a hit overlaps it.",
        "",
        "| lexicon | level | precision | recall | F1 | hits |",
        "|---|---|---|---|---|---|",
    ]
    for level in ("token", "span"):
        for name, label in names.items():
            for row in rows:
                if (row["lexicon"], row["level"], row["category"]) == (name, level, "(all)"):
                    lines.append(f"| {label} | {level} | {_pct(row['precision'])} | "
                                 f"{_pct(row['recall'])} | {_pct(row['f1'])} | {row['n_hits']} |")
    boot = {b["level"]: b for b in payload["f1_bootstrap"]}
    lines += ["", "95% bootstrap intervals (2,000 resamples of the articles): F1 of "
              "`loaded_language` minus F1 of VADER = "
              + "; ".join(f"{level} level {_interval(boot[level]['loaded_language - vader'])}"
                          for level in ("token", "span")) + "."]
    best = {}
    for row in payload["vader_threshold_sweep"]:
        if row["f1"] is not None and row["f1"] > best.get(row["level"], {"f1": -1})["f1"]:
            best[row["level"]] = row
    lines += ["", "The best VADER threshold on this very data (chosen in hindsight, which favours "
              "the baseline) gives F1 " + "; ".join(
                  f"{best[level]['f1']:.3f} at {level} level (|valence| ≥ "
                  f"{best[level]['min_abs_valence']:g})" for level in ("token", "span")) + "."]
    leakage = payload["leakage_check"]
    removed = leakage["entries_equal_to_a_gold_span"]
    scores = {(r["lexicon"], r["level"]): r for r in leakage["scores_without_them"]}
    lines += ["", f"*Leakage check.* {len(removed['loaded_language'])} entries of this lexicon "
              "equal the whole text of some lexical span (" + ", ".join(
                  f"`{e}`" for e in removed["loaded_language"]) + "). Removing them, and "
              f"likewise the {len(removed['vader'])} VADER words that equal a span, gives F1 "
              + "; ".join(f"{_pct(scores[('loaded_language', level)]['f1'])} vs "
                          f"{_pct(scores[('vader', level)]['f1'])} at {level} level"
                          for level in ("token", "span")) + "."]
    lines += ["", "Per category (span level; recall is the share of *all* lexical spans the "
              "category finds on its own):", "",
              "| category | hits | correct | precision | recall |", "|---|---|---|---|---|"]
    for row in rows:
        if row["lexicon"] == "loaded_language" and row["level"] == "span" \
                and row["category"] != "(all)":
            lines.append(f"| `{row['category']}` | {row['n_hits']} | {row['tp']} | "
                         f"{_pct(row['precision'])} | {_pct(row['recall'])} |")
    lines += ["", "Per outlet (the scored articles): hits per 1,000 word tokens next to annotated "
              "lexical spans per 1,000 tokens:", "",
              "| outlet | articles | tokens | `loaded_language` hits /1k | VADER hits /1k | "
              "lexical spans /1k |", "|---|---|---|---|---|---|"]
    outlets = {(r["lexicon"], r["outlet"]): r for r in payload["per_outlet"]}
    for outlet in OUTLETS:
        ours, vader = outlets[("loaded_language", outlet)], outlets[("vader", outlet)]
        lines.append(f"| {outlet} | {ours['n_articles']} | {ours['n_tokens']:,} | "
                     f"{ours['hits_per_1k']:.2f} | {vader['hits_per_1k']:.2f} | "
                     f"{ours['gold_per_1k']:.2f} |")
    rho = {r["lexicon"]: r for r in payload["spearman_across_articles"]}
    lines += ["", f"Spearman rank correlation across the {rho['loaded_language']['n_articles']} "
              "articles between an article's hits per 1,000 tokens and its lexical spans per "
              "1,000 tokens: " + "; ".join(
                  f"{name} ρ = {rho[name]['spearman_rho']:.2f} (p = {rho[name]['p_value']:.2f})"
                  for name in ("loaded_language", "vader", "loaded_language+vader")) + "."]
    return "\n".join(lines) + "\n"


def _interval(values: list[float]) -> str:
    point, low, high = values
    return f"{point:.3f} [{low:.3f}, {high:.3f}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="BASIL folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--min-valence", type=float, default=2.0,
                        help="VADER baseline: minimum |mean valence| (default 2.0)")
    parser.add_argument("--markdown", type=Path, default=None,
                        help="also write the datasheet's table of figures to this file")
    args = parser.parse_args(argv)

    needed = [args.data / "articles.jsonl", args.data / "bias_spans_2010_2014.jsonl"]
    absent = [str(p) for p in needed if not p.exists()]
    if absent:
        print(f"skipped: BASIL data not found ({', '.join(absent)}). Put BASIL's articles.jsonl "
              "and bias_spans_2010_2014.jsonl there (see shared/data/basil/README.md) or pass "
              "--data FOLDER.")
        return 0

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus, spans = load_basil(args.data)
    for warning in caught:
        print(f"note: {warning.message}")
    documents = sorted(set(spans["doc_id"]))
    gold = spans.loc[spans["bias"] == "lexical", ["doc_id", "start", "end"]]
    lexicons, vader_problem = _lexicons(args.min_valence)
    if vader_problem:
        print(f"note: VADER baseline skipped: {vader_problem}")

    scored = corpus[corpus["doc_id"].isin(documents)]
    n_gold = len(gold.drop_duplicates())
    years = scored["date"].dt.year
    print(f"BASIL: {len(scored)} annotated articles ({years.min()}–{years.max()}; "
          f"{', '.join(f'{o} {n}' for o, n in scored['outlet'].value_counts().items())}), "
          f"{n_gold} distinct lexical spans ({len(gold)} rows) in "
          f"{gold['doc_id'].nunique()} of them; {len(corpus)} articles in all.")

    results = evaluate_all(corpus, gold, documents, lexicons)
    overall = results[results["category"] == "(all)"].drop(columns="category")
    print("\nOverall (category '(all)'), token level then span level:")
    print(_show(overall.sort_values(["level", "lexicon"], ascending=[False, True])))
    by_category = results[(results["category"] != "(all)")
                          & results["lexicon"].isin(["loaded_language", "stance", "vader"])]
    print("\nPer category (recall = share of ALL gold a category finds on its own):")
    print(_show(by_category.sort_values(["lexicon", "level", "category"],
                                        ascending=[True, False, True])))

    false_positives = {}
    for name in ("loaded_language", "vader"):
        if name in lexicons:
            false_positives[name] = false_positive_entries(corpus, gold, documents,
                                                           lexicons[name])
            print(f"\nMost frequent false-positive entries of {name} (span level):")
            print(_show(false_positives[name]))

    leakage, verbatim = leakage_check(corpus, spans, gold, documents, lexicons)
    print("\nLeakage check: scores without the entries that equal the whole text of some "
          "lexical span (applied to both lexicons alike):")
    print(_show(leakage))
    for name, entries in verbatim.items():
        print(f"  removed from {name} ({len(entries)} of {len(lexicons[name])}): "
              f"{', '.join(entries)}")

    intervals = sweep = None
    if "vader" in lexicons:
        sweep = vader_sweep(corpus, gold, documents)
        print("\nVADER baseline at other valence thresholds (category '(all)'; choosing the best "
              "threshold on this data favours the baseline):")
        print(_show(sweep))
        intervals = bootstrap_f1(corpus, gold, documents, lexicons, results,
                                 first="loaded_language", second="vader")
        print("\nF1 with 95% bootstrap intervals (2,000 resamples of the articles, seed 0) and "
              "the share of resamples in which loaded_language wins:")
        print(_show(intervals[[c for c in intervals.columns if not c.startswith("_")]]))

    outlets, _, correlations = per_outlet(corpus, gold, documents, lexicons)
    print("\nPer outlet, annotated articles: hits per 1,000 tokens vs annotated lexical spans "
          "per 1,000 tokens:")
    print(_show(outlets))
    print("\nSpearman rank correlation across articles of hits per 1,000 tokens with annotated "
          "lexical spans per 1,000 tokens:")
    print(_show(correlations))

    payload = {
        "date": datetime.date.today().isoformat(),
        "data": {
            "dataset": "BASIL (Fan et al. 2019), lexical bias spans, 2010-2014",
            "folder": str(args.data),
            "n_articles_scored": len(scored),
            "n_articles_with_lexical_spans": int(gold["doc_id"].nunique()),
            "n_lexical_spans": n_gold,
            "years": [int(years.min()), int(years.max())],
            "scored_documents": "articles with any annotated span (lexical or informational)",
        },
        "versions": {
            "toolkit": toolkit.__version__,
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "vaderSentiment": _package_version("vaderSentiment"),
            **{name: getattr(lex, "version", None) for name, lex in lexicons.items()},
        },
        "vader_min_abs_valence": args.min_valence if "vader" in lexicons else None,
        "evaluation": _records(results),
        "false_positive_entries": {k: _records(v) for k, v in false_positives.items()},
        "f1_bootstrap": None if intervals is None else [
            {"level": row["level"], "share_loaded_language_wins": row["share_first_wins"],
             **{k[1:]: row[k] for k in row.index if k.startswith("_")}}
            for _, row in intervals.iterrows()],
        "leakage_check": {"entries_equal_to_a_gold_span": verbatim,
                          "scores_without_them": _records(leakage)},
        "vader_threshold_sweep": None if sweep is None else _records(sweep),
        "per_outlet": _records(outlets),
        "spearman_across_articles": _records(correlations),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"\nwrote {args.out}")
    if args.markdown is not None and "vader" in lexicons:
        args.markdown.write_text(markdown_section(payload), encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
