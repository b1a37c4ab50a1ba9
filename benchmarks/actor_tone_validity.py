"""Does the tone of the sentences mentioning an actor agree with annotated bias polarity? (BASIL)

Usage::

    python benchmarks/actor_tone_validity.py [--data ../shared/data/basil] [--markdown FILE]

BASIL (Fan et al. 2019) gives every bias span of its 2010–2014 articles a ``target`` (the person
or group the bias is about, e.g. ``Barack_Obama``) and a ``polarity`` (``pos``/``neg``: the span
is favourable or unfavourable to the target). For each span, the target becomes an actor of
:func:`toolkit.actor_sentences` (patterns: the target's words as a phrase, and for a two-word
name the surname, e.g. ``barack obama`` and ``obama``); if the span's sentence mentions the
target by these patterns, the VADER compound score of that sentence is the *actor-sentence
tone*, and its sign (<= -0.05 negative, >= 0.05 positive, else neutral: VADER's cut-offs) is
compared with the annotated polarity.

Reported per outlet and overall: spans scored, accuracy (a neutral tone counts as wrong),
balanced accuracy (mean of the recall of ``neg`` and of ``pos``), and the majority-class
baseline (always the outlet's most frequent polarity, chosen on the same data, which favours
the baseline; its balanced accuracy is 0.5). A second block does the same for every span with a
target, using its sentence whether or not the target is named there.

Where the BASIL folder is absent the script says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.actors import actor_sentences
from toolkit.datasets import load_basil
from toolkit.tokens import sentence_spans

__all__ = ["main", "target_patterns", "score"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil"
_GENERIC = frozenset({"administration", "campaign", "lawmakers", "bill", "party", "house",
                      "senate", "congress", "court", "government", "democrats", "republicans",
                      "committee", "department", "supporters", "officials", "leaders"})


def target_patterns(target: str) -> list[str]:
    """Patterns naming a BASIL target: its words as a phrase, and a two-word name's surname.

    Example
    -------
    >>> target_patterns("Barack_Obama")
    ['barack obama', 'obama']
    >>> target_patterns("Obama_administration")
    ['obama administration']
    """
    words = [w for w in target.replace("_", " ").split() if w]
    patterns = [" ".join(words).lower()]
    if len(words) == 2 and all(w[:1].isupper() for w in words) \
            and words[1].lower() not in _GENERIC:
        patterns.append(words[1].lower())
    return patterns


def _sign(tone: float) -> str:
    return "neg" if tone <= -0.05 else "pos" if tone >= 0.05 else "neutral"


def score(table: pd.DataFrame) -> dict[str, float]:
    """Accuracy, balanced accuracy and the majority baseline for ``polarity`` vs ``predicted``."""
    n = len(table)
    if n == 0:
        return {"n": 0}
    correct = table["predicted"] == table["polarity"]
    recalls = [correct[table["polarity"] == label].mean()
               for label in ("neg", "pos") if (table["polarity"] == label).any()]
    majority = table["polarity"].value_counts()
    return {"n": n, "n_neg": int((table["polarity"] == "neg").sum()),
            "n_pos": int((table["polarity"] == "pos").sum()),
            "share_neutral": float((table["predicted"] == "neutral").mean()),
            "accuracy": float(correct.mean()), "balanced_accuracy": float(np.mean(recalls)),
            "majority_class": str(majority.index[0]),
            "majority_accuracy": float(majority.iloc[0] / n), "majority_balanced_accuracy": 0.5}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="BASIL folder")
    parser.add_argument("--markdown", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (args.data / "bias_spans_2010_2014.jsonl").exists():
        print(f"skipped: BASIL data not found in {args.data}")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus, spans = load_basil(args.data)
    spans = spans[spans["polarity"].isin(["pos", "neg"]) & spans["target"].notna()
                  & (spans["target"].astype(str).str.strip() != "")]
    spans = spans.drop_duplicates(["doc_id", "start", "end", "target"]).reset_index(drop=True)
    scored = corpus[corpus["doc_id"].isin(set(spans["doc_id"]))].reset_index(drop=True)
    actors = {t: target_patterns(t) for t in sorted(set(spans["target"]))}
    evidence = actor_sentences(scored, actors, lexicon={"none": []})
    index = {(r.doc_id, r.actor, r.sentence_start): r.tone for r in evidence.itertuples()}
    texts = dict(zip(scored["doc_id"], scored["text"], strict=True))
    outlets = dict(zip(scored["doc_id"], scored["outlet"], strict=True))
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    sentences = {d: sentence_spans(t) for d, t in texts.items()}
    rows = []
    for span in spans.itertuples():
        found = [(s, e) for s, e in sentences[span.doc_id] if s <= span.start < e]
        if not found:
            continue
        s, e = found[0]
        named = (span.doc_id, span.target, s) in index
        tone = index[(span.doc_id, span.target, s)] if named else \
            analyzer.polarity_scores(texts[span.doc_id][s:e])["compound"]
        rows.append({"outlet": outlets[span.doc_id], "bias": span.bias,
                     "polarity": span.polarity, "named": named, "tone": tone,
                     "predicted": _sign(tone)})
    table = pd.DataFrame(rows)
    results = []
    for subset, part in (("target named in the sentence (actor_sentences)", table[table["named"]]),
                         ("every span with a target (its sentence)", table)):
        for outlet in [*sorted(part["outlet"].unique()), "all"]:
            piece = part if outlet == "all" else part[part["outlet"] == outlet]
            results.append({"spans": subset, "outlet": outlet, **score(piece)})
    result = pd.DataFrame(results)
    print(f"BASIL 2010-2014: {len(spans)} spans with a target and a polarity; "
          f"{int(table['named'].sum())} in a sentence that names the target")
    print(result.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    if args.markdown is not None:
        lines = [f"Measured {datetime.date.today().isoformat()} with `python "
                 "benchmarks/actor_tone_validity.py` on BASIL 2010–2014 (all bias spans, "
                 "lexical and informational, with a target and a polarity).", "",
                 "| spans | outlet | n (neg/pos) | VADER-sign accuracy | majority-class accuracy "
                 "| balanced accuracy (VADER) | share neutral |", "|---|---|---|---|---|---|---|"]
        for row in results:
            lines.append(f"| {row['spans']} | {row['outlet']} | {row['n']} ({row['n_neg']}/"
                         f"{row['n_pos']}) | {row['accuracy']:.3f} | "
                         f"{row['majority_accuracy']:.3f} ({row['majority_class']}) | "
                         f"{row['balanced_accuracy']:.3f} | {row['share_neutral']:.3f} |")
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
