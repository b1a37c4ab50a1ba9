"""Issue 12 point 5: the bundled term sets count phrases about Russia and Ukraine, not generic
words. Hand-written texts for the v1 mistakes; the off-topic BASIL articles (US politics,
2010-2019) for every set."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit

SETS = toolkit.load_term_sets("russia_ukraine")

#: Documented ceiling (datasheet): matches per 10,000 words of off-topic US-politics news.
MAX_OFF_TOPIC_PER_10K = 0.5


def _counts(text: str) -> dict[tuple[str, str], int]:
    corpus = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "text": [text]})
    table = toolkit.term_share(corpus, SETS, by=None, voice="all")
    return {(r.set, r.label): r.count for r in table.itertuples() if r.count}


@pytest.mark.parametrize("text", [
    "The Senate overrode the veto of the Justice Against Sponsors of Terrorism Act.",
    "The war on drugs and the Cold War shaped his career; the conflict in the caucus grew.",
    "Protesters occupied the building and the party held its annual retreat.",
    "New sanctions on Iran and North Korea; white nationalists and militants marched.",
    "His political allies backed the referendum; mercenaries from Blackwater were hired.",
    "The invasion of Iraq, the liberation of Paris and the annexation of the West Bank.",
])
def test_v1_generic_words_no_longer_count(text):
    # each of these sentences counted under v1 (sponsors -> collective west, war, conflict,
    # occupied, retreat, sanctions, nationalists, allies, referendum, mercenaries, invasion,
    # liberated, annexation); v2 counts none of them
    assert _counts(text) == {}


def test_phrases_still_count_the_war_vocabulary():
    text = ("Russia's war against Ukraine entered its second year after the full-scale "
            "invasion. Kyiv's allies imposed sanctions on Russia, while Moscow's 'collective "
            "West' and 'Western sponsors' talk continued. Russian forces retreated from Kherson; "
            "Moscow called it a regrouping of forces. The annexation of Crimea was illegal.")
    assert _counts(text) == {
        ("capital", "Kyiv"): 1,
        ("the_war", "war"): 1,  # "russia's war"; "war against ukraine" overlaps it: one match
        ("the_war", "invasion"): 1,
        ("the_west", "allies"): 1,
        ("the_west", "collective west"): 2,
        ("sanctions", "sanctions"): 1,
        ("retreat", "retreat"): 1,
        ("retreat", "regrouping"): 1,
        ("annexation", "annexation"): 1,
    }


def test_version_and_datasheet_agree():
    assert SETS.version == 2
    datasheet = (toolkit.__path__[0] + "/data/term_sets/README.md")
    with open(datasheet, encoding="utf-8") as handle:
        text = handle.read()
    assert "Version 2" in text and str(MAX_OFF_TOPIC_PER_10K) in text


def test_no_set_fires_on_off_topic_basil_articles(basil_articles):
    table = toolkit.term_share(basil_articles, SETS, by=None)
    words = int(table["n_words"].iloc[0])
    per_set = table.groupby("set", sort=False)["count"].sum()
    rates = per_set / words * 10_000
    too_many = rates[rates > MAX_OFF_TOPIC_PER_10K]
    assert too_many.empty, too_many.to_dict()
    # measured 2026-11-25 on 296 articles: 2 matches in 189,741 words (v1: 142, "war" alone 68);
    # with all 300 articles (load_basil keeps the four "empty"-id ones): 3 in 191,274 words
    assert int(per_set.sum()) <= 5
