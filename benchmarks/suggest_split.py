"""Lexicon induction from annotations, checked on later years: ``suggest_entries`` on BASIL.

Usage::

    python benchmarks/suggest_split.py [--data ../shared/data/basil] [--markdown FILE]

BASIL 2010–2014 (Fan et al. 2019) is split by year: the annotated articles of 2010–2012 are the
*train* years, those of 2013–2014 the *test* years. :func:`toolkit.validation.suggest_entries`
ranks candidates on the train years only; a fixed rule, chosen before looking at the test years,
turns the ranking into a lexicon: keep candidates with at least ``--min-gold`` (2) hits inside
lexical spans and precision of at least ``--min-precision`` (0.5) on the train years. That lexicon
is then scored on the test years with :func:`toolkit.validation.evaluate_lexicon` (token and span
level), beside the bundled ``loaded_language`` lexicon, their union and the VADER baseline.

Caveat printed with the figures: the bundled lexicon's evidence rule (P1) and some of its entries
used all of BASIL 2010–2014, the test years included, so its test-year figures are optimistic;
the induced lexicon never saw the test years.

Where the BASIL folder is absent the script says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import warnings
from pathlib import Path

import pandas as pd

from toolkit.datasets import load_basil
from toolkit.lexicon import Lexicon, LexiconEntry, load_lexicon
from toolkit.validation import evaluate_lexicon, suggest_entries, vader_lexicon

__all__ = ["main", "split_by_year", "induced_lexicon"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil"
TRAIN_YEARS = (2010, 2011, 2012)
TEST_YEARS = (2013, 2014)


def split_by_year(corpus: pd.DataFrame, spans: pd.DataFrame) -> tuple[list[str], list[str]]:
    """doc_ids of the annotated articles of the train years and of the test years."""
    annotated = corpus[corpus["doc_id"].isin(set(spans["doc_id"]))]
    years = annotated["date"].dt.year
    return (sorted(annotated.loc[years.isin(TRAIN_YEARS), "doc_id"]),
            sorted(annotated.loc[years.isin(TEST_YEARS), "doc_id"]))


def induced_lexicon(table: pd.DataFrame, *, min_gold: int, min_precision: float) -> Lexicon:
    """The rule: candidates with ``hits_in_gold >= min_gold`` and ``precision >= min_precision``."""
    kept = table[(table["hits_in_gold"] >= min_gold) & (table["precision"] >= min_precision)]
    entries = tuple(LexiconEntry(c, "induced", None, "suggest_entries on BASIL 2010-2012")
                    for c in kept["candidate"])
    return Lexicon("induced", ("induced",), entries, version="train 2010-2012")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="BASIL folder")
    parser.add_argument("--min-gold", type=int, default=2)
    parser.add_argument("--min-precision", type=float, default=0.5)
    parser.add_argument("--markdown", type=Path, default=None,
                        help="also write the figures as a Markdown section to this file")
    args = parser.parse_args(argv)
    needed = [args.data / "articles.jsonl", args.data / "bias_spans_2010_2014.jsonl"]
    if not all(p.exists() for p in needed):
        print(f"skipped: BASIL data not found in {args.data}")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus, spans = load_basil(args.data)
    gold = spans.loc[spans["bias"] == "lexical", ["doc_id", "start", "end"]]
    train, test = split_by_year(corpus, spans)
    train_gold, test_gold = gold[gold["doc_id"].isin(train)], gold[gold["doc_id"].isin(test)]
    print(f"train 2010-2012: {len(train)} annotated articles, "
          f"{len(train_gold.drop_duplicates())} lexical spans; test 2013-2014: {len(test)} "
          f"articles, {len(test_gold.drop_duplicates())} lexical spans")

    table = suggest_entries(corpus, train_gold, "loaded_language", documents=train)
    print("\nTop 20 suggestions on the train years:")
    print(table.head(20).drop(columns=["examples", "counter_examples"]).to_string(
        index=False, float_format=lambda x: f"{x:.3f}"))
    induced = induced_lexicon(table, min_gold=args.min_gold, min_precision=args.min_precision)
    print(f"\ninduced lexicon ({len(induced)} entries; rule: >= {args.min_gold} hits in gold, "
          f"precision >= {args.min_precision:g} on the train years): "
          + ", ".join(e.entry for e in induced.entries))
    loaded = load_lexicon("loaded_language")
    lexicons = {"induced (train years only)": induced, "loaded_language": loaded,
                "loaded_language + induced": loaded.combine(induced)}
    try:
        lexicons["VADER |valence| >= 2"] = vader_lexicon(min_abs_valence=2.0)
    except ImportError as err:
        print(f"note: VADER baseline skipped: {err}")
    rows = []
    for name, lexicon in lexicons.items():
        for level in ("token", "span"):
            row = evaluate_lexicon(corpus, lexicon, test_gold, level=level,
                                   documents=test).iloc[0]
            rows.append({"lexicon": name, "level": level, "precision": row.precision,
                         "recall": row.recall, "f1": row.f1, "hits": row.n_hits})
    result = pd.DataFrame(rows)
    print("\nTest years 2013-2014 (category '(all)'):")
    print(result.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    if args.markdown is not None:
        lines = [f"Measured {datetime.date.today().isoformat()} with `python "
                 "benchmarks/suggest_split.py` (BASIL lexical spans; train: the "
                 f"{len(train)} annotated articles of 2010–2012, "
                 f"{len(train_gold.drop_duplicates())} spans; test: the {len(test)} of "
                 f"2013–2014, {len(test_gold.drop_duplicates())} spans). Induced lexicon: "
                 f"{len(induced)} candidates with ≥ {args.min_gold} hits in lexical spans and "
                 f"precision ≥ {args.min_precision:g} on the train years.", "",
                 "| lexicon (scored on 2013–2014) | level | precision | recall | F1 | hits |",
                 "|---|---|---|---|---|---|"]
        for row in rows:
            lines.append(f"| {row['lexicon'].replace('|', chr(92) + '|')} | {row['level']} | {row['precision']:.3f} | "
                         f"{row['recall']:.3f} | {row['f1']:.3f} | {row['hits']} |")
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
