"""Whose words: the outlet's own voice, quoted speech and scare quotes.

A news text mixes the outlet's words with words it reports (``“For too long,” he
continued``) and words it holds at a distance (the alleged “Russian expansion”). Counting a
senator's "radical environmentalist" or a mocked "reunification" as the outlet's own
vocabulary gives wrong conclusions, so the toolkit gives every hit a **voice**, decided here
and nowhere else:

``"outlet"``
    outside every quotation: the outlet's own words.
``"quoted"``
    inside a quotation that reports speech or writing, a title, a name or a whole clause.
``"scare_quote"``
    inside a short quotation that nobody is reported to have said: the writer's distancing
    quotation marks.

:func:`toolkit.lexicon_hits`, :func:`toolkit.kwic` and the matches behind
:func:`toolkit.term_share` report ``in_quote`` (the hit overlaps a quotation) and ``voice``
(the voice of that quotation); :func:`toolkit.lexicon_counts`, :func:`toolkit.term_share` and
:func:`toolkit.keyness` take ``voice=`` to count one voice only.

Quotations (the rule)
---------------------
* **Marks.** Double: ``“…”``, ``„…“``/``„…”``, ``«…»``, straight ``"…"``; single: ``‘…’``,
  ``‹…›``, ``‚…‘`` and straight ``'…'``. A straight mark opens when it follows a space, the
  start of a paragraph or an opening bracket/dash and precedes a non-space, and closes when it
  follows a non-space and precedes a space, punctuation or the end.
* **Apostrophes are not quotation marks.** ``’``/``'`` between two letters or digits
  (``don't``, ``Kyiv’s``, ``rock'n'roll``) and before a digit (``'90s``) are apostrophes; a
  ``’``/``'`` after a word (``the Joneses' house``) closes a quotation only when a single
  quotation is open.
* **Nesting.** A single-mark quotation may stand inside a double one and the other way round;
  nested quotations are the quoted speaker's words (``depth`` 1 and more) and take the voice
  of the outermost quotation. Opening marks nested deeper than eight are ignored.
* **Paragraphs.** A blank line ends a paragraph. A quotation still open at the end of a
  paragraph continues when the next paragraph opens with a quotation mark of the same kind (the
  news convention for a quotation of several paragraphs); otherwise it is unbalanced and
  dropped (its words stay in the outlet's voice).
* An unmatched closing mark is ignored; an unmatched opening mark is dropped at the end of its
  paragraph.

Quoted speech or scare quote (the rule, applied to each outermost quotation)
------------------------------------------------------------------------------
The first rule that applies gives the quotation's ``reason``; a quotation to which none applies
is a scare quote. Cues are looked for in the quotation's sentence only.

1. ``"several paragraphs"``, ``"long"``, ``"no words"``: it spans paragraphs, or has more than
   ``max_words`` (3) word tokens, or none;
2. ``":"``: the opening mark follows a colon (``He wrote: “Never again”``);
3. ``"whole sentence"``: nothing but punctuation before and after it in its sentence;
   ``"introduced"``: a definition follows the closing mark (``a so-called “dirty bomb”,
   meaning ...``, ``also known as``, ``which refers to``): a term explained, not held at a
   distance; ``"headline"``: it stands after ``Speaker:`` in its sentence (``Trump:
   Whistleblower “must come forward”``: one to three capitalised words, a colon, a capital)
   or after a ``|`` (a run of linked headlines);
4. **attribution**, reported as the cue as written (``"said"``, ``"called"``, ...):

   * a report verb of the bundled ``stance`` lexicon (``report_neutral``, ``report_loaded``:
     ``said``, ``told``, ``according to``, ``claimed``, ...) anywhere before it;
   * a speech verb of :data:`SPEECH_VERBS` (``continued``, ``accusing``, ``praising``,
     ``tweeted``, ...) or a naming cue of :data:`NAMING_CUES` (``called``, ``dubbed``,
     ``considered``, ...) at most ``2 * attribution_window`` (12) words before it, or a
     speech verb anywhere before it when ``that`` follows the verb (``revealed that ...``);
   * a report, speech or naming verb at most ``attribution_window`` (6) words after it
     (``“For too long,” he continued``), or one of :data:`CORE_AFTER` (``said``, ``told``,
     ``wrote``, ...) anywhere after it;
   * a mention noun of :data:`MENTION_CUES` directly before it, or before ``of`` or ``of
     a``/``an``/``the`` (``the word “attack”``, ``the law “On political parties”``, ``the
     offence of “…”``, ``the scenario of a “total shutdown”``), or a noun naming a kind of
     name directly after it (``the “hypocrisy” charge``, ``an “abuse of power”
     investigation``; ``charge``, ``law``, ``campaign``, ``podcast``, ...);
   * ``as`` or ``as a``/``an``/``the`` directly before it (``attacking Obama as an “elitist
     hypocrite”``: someone's label), or a capitalised possessive among the three words before
     it (``Putin's “special operation”``);
   * ``and``/``or``/a comma joining it to an attributed quotation just before (``said the
     charges were “absurd” and “fabricated”``);
   * a label verb of :data:`LABEL_VERBS` with ``as`` later between it and the quotation, not
     in the passive (``dismissed Obama's politics as being based in “some phony
     theology”``; ``is seen as`` names no one);
   * **a document's wording**: a noun of :data:`DOCUMENT_NOUNS` (``law``, ``suit``,
     ``order``, ``report``, ``policy``, ...) at most ``2 * attribution_window`` words before
     it, followed within two words by ``that``, ``which`` or a verb of what a text provides
     (``The law does allow voters to provide “supplemental documentation”``, ``a report
     providing “...”``), or a document's possessive (``the report's “unacceptable”``);
   * **an offence**: a word of :data:`OFFENCE_CUES` at most ``attribution_window`` words
     before it (``charges of spreading “false information”``, ``prosecution for “inciting
     hatred”``);
   * a speech verb is not a speaker after ``worth`` (``it is worth noting that``);

   but none of these apply when the word directly before the opening mark is a distancing
   modifier (``so-called``, ``alleged``, ``supposed``, ...): ``the so-called “experts”`` and
   ``the alleged “assault”`` are the writer's own distancing, unless a report verb of the
   stance lexicon stands in the sentence (``Moscow alleged that Ukraine would detonate a
   so-called “dirty bomb”``: the term is the speaker's);

   **mocking echo**: when the next sentence is the quoted words again as a bare question
   (``Moscow calls it “reunification”. Reunification? With whom?``), the quotation is a scare
   quote even after a naming cue (``calls``): the writer holds the label up to ridicule;
   **neighbouring sentence** (reported as the cue and ``"(previous sentence)"`` or ``"(next
   sentence)"``): a report or speech verb anywhere in the sentence before or after the
   quotation's (across a paragraph break), unless it follows ``be``/``been``/``to`` (``it must
   be admitted``: no speaker) or a possessive (``their say``: a noun), or the quotation
   follows a distancing modifier. News names the
   speaker of a partial quotation in the sentence around it far more often than it marks a
   word with scare quotes, so this rule trades recall for precision (see "Measured");
5. ``"series"``: one of three or more quotations separated only by commas, ``and`` or ``or``,
   or a range ``from “critical” to “serious”`` (a list of quoted items);
6. ``"clause"``: a clause, chant or fragment of a sentence: it ends with ``!``, starts with a
   capital and ends with ``.``, ``?``, ``…`` or ``,`` inside the marks (``“For too long,”``),
   starts with a personal pronoun (``“we will win”``) or a preposition or conjunction
   (``blown up 'with extreme force'``); ``"mention"``: a single function word (``a single
   “no” vote``);
7. ``"title"``: every word capitalised except short function words (the first may be a
   number: ``“60 Minutes”``), and either two words or more (``“Face the Nation”``, ``“Top
   Gun”``) or one word inside a sentence (the ``“Stirol”`` plant): a title or a name.

Known failure cases
-------------------
* Distancing by attribution is read as speech: ``what Kiev calls “liberation”`` is quoted.
* A report verb earlier in the sentence makes every later short quotation speech: ``The
  minister said talks would go on, but the “peace plan” is dead.``
* A scare quote next to a sentence with any speaker is taken for that speaker's words (``“It
  works,” he said. The “reform” is dead.``): 10 of the 35 genuine scare quotes of the tuning
  labels and 6 of the 58 held-out ones are lost this way.
* Partial quotations whose speaker is named two sentences away or more, or only by the topic
  of the article (a dossier's claims, a decree's levels, a president's speech), are taken for
  scare quotes, as are terms defined by apposition (``“de-arched,” or exited a major
  market``), slogans, names of statuses and schemes without a cue, and words talked about
  as words (``the difference between “weather” and “climate”``). These are the remaining
  false positives on unseen news: 0.27 and 0.38 precision on the last two held-out rounds
  (see :mod:`toolkit.quotes`).
* A document noun with ``that`` or a provision verb makes a later quotation its wording even
  when it is the writer's term (``a House subpoena demanding documents about the “gunwalking”
  scandal``); a report verb in the sentence makes ``so-called`` the speaker's (``officials
  claimed 20,000 applied to its so-called “foreign legion”``).
* A capitalised scare quote inside a sentence is taken for a name (``the “Kiev” junta``).
* A straight single quote used as an apostrophe after a word (``the Joneses' house``) closes an
  open single quotation early; ``rock 'n' roll`` is a quotation of ``n``.
* Quotations whose closing mark is missing are dropped, so their words count as the outlet's.
* Sentence limits are heuristic (:func:`toolkit.tokens.sentence_spans` on a window of at most
  :data:`CONTEXT_CHARS` characters either side of the quotation).

Measured (25 November 2026)
---------------------------
*Quotations* against BASIL's annotations (``../shared/data/basil/bias_spans_2010_2014.jsonl``:
749 annotated spans, of which 739 in the 296 articles with a unique ``doc_id``; 8,103 word
tokens), each token of a span predicted inside a quotation when it lies in an outermost
quotation, scored against the span's ``in_quote``: **precision 0.947, recall 0.943** (by span,
a span predicted in a quotation when most of its tokens are: precision 0.943, recall 0.949).
On all 300 articles that :func:`toolkit.load_basil` keeps (749 spans, 8,167 word tokens) the
token figures are the same to three decimals (``notebooks/06_checking_the_numbers.ipynb``).
*Scare quotes*: see :mod:`toolkit.quotes` (precision 0.77, recall 0.73 on the 423 labels of
rounds 1–5 the rules were tuned on; **precision 0.27**, recall 0.86 on the 81 labels of
held-out round 7 and **0.38**, recall 0.96 on the 96 of round 8, both drawn from the current
rules; 0.49 on round 6 for the rules one step earlier). Reproduce with ``python benchmarks/voice_eval.py``;
:data:`IN_QUOTE_PRECISION` and :data:`IN_QUOTE_RECALL` are the figures rounded down, which a
test checks whenever the data are present.

Cost
----
One pass over the quotation marks of a text (a regular expression that only finds single
characters, and a stack whose every entry is pushed and popped once), then a bounded window of
at most ``2 * CONTEXT_CHARS`` characters around each quotation that is classified (only the
quotations that are asked about: counting ``voice="outlet"`` classifies none). Time is linear
in the length of the text, and the memory beyond the text is that of the quotations, not of
its tokens: ``benchmarks/voice_bench.py`` runs :func:`toolkit.scare_quotes` on one 50 MB
document in 15–17 s with a peak resident memory of about 0.5 GB, the text and its validated
copy included (before: more than 8 minutes; 8 MB took 22 s).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from toolkit._errors import check_choice
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.matcher import PhraseMatcher
from toolkit.tokens import load_stopwords, sentence_spans, token_spans, tokenize

__all__ = [
    "Quote",
    "find_quotes",
    "quotations",
    "VOICES",
    "VOICE_OPTIONS",
    "QUOTATION_COLUMNS",
    "SPEECH_VERBS",
    "NAMING_CUES",
    "MENTION_CUES",
    "LABEL_VERBS",
    "CONTEXT_CHARS",
    "IN_QUOTE_PRECISION",
    "IN_QUOTE_RECALL",
    "CORE_AFTER",
    "DOCUMENT_NOUNS",
    "OFFENCE_CUES",
]

VOICES = ("outlet", "quoted", "scare_quote")
VOICE_OPTIONS = (*VOICES, "all")
QUOTATION_COLUMNS = ("doc_id", "outlet", "quote", "start", "end", "depth", "n_words", "voice",
                     "reason")
CONTEXT_CHARS = 400
# measured on BASIL's bias spans (see "Measured" in the module docstring), rounded down
IN_QUOTE_PRECISION = 0.94
IN_QUOTE_RECALL = 0.94

# Speech verbs besides the report verbs of the stance lexicon (which stay listed there).
SPEECH_VERBS = (
    "continued", "continues", "added", "adding", "insisted", "insists", "warned", "warns",
    "quipped", "joked", "tweeted", "tweets", "posted", "wrote", "writes", "chanted", "chant",
    "chanting", "shouted", "yelled", "screamed", "cried", "recalled", "recalls", "concluded",
    "explained", "asked", "asks", "replied", "replies", "said", "says", "told", "tells",
    "remarked", "stated", "states", "declared", "argued", "argues", "noted", "notes", "added",
    "testified", "read", "reads", "reading", "wondered", "mused", "vowed", "promised", "urged",
    "pleaded", "boasted", "admitted", "acknowledged", "conceded", "countered", "retorted",
    "responded", "answered", "suggested", "predicted", "emphasized", "emphasised", "stressed",
    "according to", "quoted", "quoting", "quote", "in a statement", "statement", "interview",
    "accus*", "prais*", "caution*", "protested", "protests", "appeal*", "threatened",
    "threatens", "threatening", "signal*", "contend*", "estimat*", "noticed", "complain*",
    "condemn*", "suggest*", "demanded", "vow*", "pledg*", "promis*", "insist*", "warn*", "urge",
    "urges", "urged", "urging", "denied", "denies", "reject*", "slam*", "blasted", "criticiz*",
    "criticis*", "describ*", "testif*", "tweet*", "reveal*", "cite", "cites", "cited",
    "citing", "confirm*", "attacked", "thank*", "blam*", "recommend*", "telling", "asking",
    "believ*", "declar*", "acknowledg*", "recount*", "complaint", "announced", "announces", "announcing",
    "reportedly", "liken*", "reports that", "report that", "charges that", "charged that",
    "maintain*", "clarif*", "assur*", "written", "in its words", "in his words",
    "in her words", "in their words", "talking about", "talked about", "talks about",
    "allegation*", "claim", "note", "noting", "announce", "proclaim*", "proclamation",
    "campaigned on", "campaigning on", "campaigns on", "the line that",
)
# report verbs that attribute a quotation anywhere later in its sentence ("“very close” to
# choosing a candidate, he told reporters"); the others only within the attribution window
CORE_AFTER = frozenset({"said", "says", "told", "tells", "according to", "wrote", "writes",
                        "added", "adds", "claimed", "claims", "stated", "insisted", "argued",
                        "noted", "explained", "reported", "tweeted", "asked"})
# Cues besides the report verbs: someone names the thing with the quoted words.
NAMING_CUES = (
    "call", "calls", "called", "calling", "dub", "dubs", "dubbed", "dubbing", "brand",
    "brands", "branded", "branding", "labelled", "labeled", "labelling", "labeling", "termed",
    "nicknamed", "named", "codenamed", "code-named", "titled", "entitled", "headlined",
    "known as", "speak of", "speaks of", "spoke of", "spoken of", "considered", "deemed", "deems",
)
# The quoted words are talked about as words: the noun stands directly before the mark.
MENTION_CUES = (
    "word", "words", "term", "terms", "phrase", "phrases", "expression", "expressions", "label",
    "labels", "slogan", "slogans", "hashtag", "headline", "motto", "euphemism", "catchphrase",
    "buzzword", "sign", "signs", "banner", "banners", "placard", "placards", "chant", "chants",
    "song", "book", "film", "movie", "show", "program", "programme", "series", "album", "play",
    "article", "column", "op-ed", "editorial", "report", "essay", "documentary", "law", "act",
    "bill", "offence", "offense", "crime", "charge", "charges", "classification", "rating",
    "status", "category", "party", "doctrine", "operation", "codename", "nickname",
    "concept", "notion", "idea", "definition", "scenario", "field",
)
# "<verb> X as (a/an/the) 'Y'" attributes the label Y to the verb's subject.
LABEL_VERBS = (
    "describe", "describes", "described", "describing", "refer", "refers", "referred",
    "referring", "dismiss", "dismisses", "dismissed", "dismissing", "characterise",
    "characterises", "characterised", "characterising", "characterize", "characterizes",
    "characterized", "characterizing", "portray", "portrays", "portrayed", "portraying",
    "denounce", "denounces", "denounced", "denouncing", "condemn", "condemns", "condemned",
    "condemning", "reject", "rejects", "rejected", "rejecting", "regard", "regards", "regarded",
    "view", "views", "viewed", "present", "presents", "presented", "presenting", "frame",
    "frames", "framed", "framing", "treat", "treats", "treated", "treating", "classify",
    "classifies", "classified", "designate", "designates", "designated", "prosecute",
    "prosecuted", "hail", "hails", "hailed", "tout", "touts", "touted", "description",
    "descriptions", "characterisation", "characterization", "portrayal", "defend", "defends",
    "defended", "defending", "mischaracterized", "mischaracterised", "praise", "praises",
    "praised", "praising", "consider", "considers", "considered", "considering", "see", "sees",
    "saw", "seen", "cast", "casts", "casting",
)
_REPORT_CATEGORIES = ("report_neutral", "report_loaded")
_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "i'm", "we're", "you're",
                       "they're", "it's", "i've", "we've", "i'll", "we'll", "let's", "don't"})
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for",
                          "with", "by", "from", "de", "la", "le", "du", "von", "vs", "is", "as"})
_ARTICLES = frozenset({"a", "an", "the"})
# before a label verb: a passive with no one named (is seen as, was regarded as)
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s"})
_DISTANCING = frozenset({"so-called", "alleged", "supposed", "purported", "self-styled",
                         "self-proclaimed", "would-be"})
_NAMING_SET = frozenset(NAMING_CUES)
# a noun directly after the closing mark that makes the quotation the name of one of its kind
# (the “hypocrisy” charge, an “abuse of power” investigation, the “Full Send” podcast)
_KIND_NOUNS = frozenset({"charge", "charges", "category", "law", "bill", "doctrine", "slogan",
                         "hashtag", "campaign", "program", "programme", "scheme",
                         "investigation", "operation", "podcast", "show", "motto",
                         "requirement", "period", "era", "rhetoric"})
# before a report verb: no speaker is named (it must be admitted, hard to believe) or the word
# is a noun (they will have their say)
_NOT_A_SPEAKER = frozenset({"be", "been", "being", "to", "their", "his", "her", "its", "our",
                            "my", "your"})
# a document whose wording a quotation gives: the noun, then (within two words) "that",
# "which" or a verb of what a text provides (the law “does allow” voters to provide “…”)
DOCUMENT_NOUNS = frozenset({
    "law", "laws", "act", "statute", "bill", "legislation", "order", "ruling", "verdict",
    "judgment", "judgement", "suit", "lawsuit", "complaint", "indictment", "resolution",
    "policy", "rule", "rules", "regulation", "regulations", "proposal", "petition", "report",
    "memo", "memorandum", "letter", "email", "e-mail", "treaty", "agreement", "accord",
    "contract", "charter", "constitution", "guidelines", "guidance", "decree", "amendment",
    "clause", "provision", "measure", "manifesto", "statement", "retraction", "document",
    "filing", "warrant", "subpoena", "directive", "code"})
_PROVISION_WORDS = frozenset({
    "that", "which", "allows", "allow", "allowed", "provides", "provide", "provided",
    "requires", "require", "required", "bars", "barred", "prohibits", "prohibited", "forbids",
    "permits", "states", "stated", "says", "said", "reads", "read", "stipulates", "mandates",
    "defines", "defined", "charges", "calls", "called", "lists", "listed", "demands", "orders",
    "grants", "does", "would", "will", "must", "can", "shall", "may", "providing", "requiring",
    "allowing", "stating", "saying", "state", "say", "demanding", "barring", "prohibiting"})
# the name of an offence: one of these a few words before the quotation (charges of
# spreading “false information”, prosecution for “inciting hatred”); within the attribution
# window
OFFENCE_CUES = frozenset({"charge", "charges", "charged", "prosecution", "prosecuted",
                          "prosecute", "convicted", "conviction", "indicted", "guilty",
                          "criminalizing", "criminalising", "criminalize", "criminalise",
                          "outlawing"})
# a term introduced and defined: one of these right after the closing mark (a so-called
# “dirty bomb”, meaning ...; “green hydrogen”, which is also known as ...)
_DEFINITION_RE = re.compile(
    r"""[\s,;:()\u2014\u2013-]*+(?:meaning|i\.e\.|that is,|also known as|which means|"""
    r"""which refers to|which is also known as|which is known as|or what is known as)\b""",
    re.IGNORECASE)
# a headline of the form "Speaker: words" (Trump: Whistleblower “must come forward”), or a run
# of linked headlines separated by "|"
_HEADLINE_SPEAKER_RE = re.compile(
    r"""(?:^|\s)[A-Z][\w.'’-]{0,30}+(?:\s[A-Z][\w.'’-]{0,30}+){0,2}+:\s++[A-Z]""")
_PREPOSITIONS = frozenset({"with", "by", "for", "in", "on", "at", "to", "from", "into", "about",
                           "against", "without", "of", "than", "over", "under", "after",
                           "before", "through", "because", "if", "that", "when", "while"})

# the marks: double and single level
_DOUBLE, _SINGLE = 0, 1
_MARKS_RE = re.compile("(\n[^\\S\n]*\n\\s*)|([\"'“”„«»‘’‚‹›])")
_MAX_DEPTH = 8  # deeper nesting is not written; opening marks beyond it are ignored
_OPENERS_AFTER = frozenset("([{—–-/\u00a0")
_CLOSE_PUNCT = frozenset(".,;:!?…)]}—–-")
_LIST_GAP_RE = re.compile(r"""[\s,;]*(?:(?:and|or)\s*)?""")
_COORDINATION_RE = re.compile(r"""[\s,;]*(?:and|or|,)?\s*""")
_STRUCTURAL = frozenset({"several paragraphs", "long", "no words", "whole sentence", "clause",
                         "title", "series", "introduced", "headline"})


class Quote(NamedTuple):
    """One quotation: ``text[start:end]`` is the text between its marks."""

    start: int
    end: int
    depth: int  # 0: outermost
    voice: str  # "quoted" or "scare_quote"
    reason: str | None  # why it is quoted speech (None: a scare quote)
    n_words: int


def _check_voice(voice: object, *, allow_all: bool = True) -> str:
    check_choice("voice", voice, VOICE_OPTIONS if allow_all else VOICES)
    return str(voice)


# --------------------------------------------------------------------------- pairing marks


def _is_space(char: str) -> bool:
    return char == "" or char.isspace()


def _pair(text: str) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Quotations as ``(start, end, depth)`` of their inner text, and paragraph starts.

    One pass over the marks with a stack of open quotations (see the module docstring).
    """
    found: list[tuple[int, int, int]] = []
    paragraphs = [0]
    stack: list[tuple[int, int, str]] = []  # (position of the opening mark, level, mark)
    open_count = [0, 0]
    at_paragraph_start = True
    carry: tuple[int, int, str] | None = None  # quotation open at the end of a paragraph

    def push(position: int, level: int, mark: str) -> None:
        if len(stack) >= _MAX_DEPTH:
            return  # so that no search of the stack is longer than _MAX_DEPTH
        if stack and stack[-1][2] == mark:
            # the same mark opened again before the last one closed: the texts of several
            # paragraphs run together ("…livid. 'I hope…"); the open quotation ends here
            opening = stack.pop()[0]
            open_count[level] -= 1
            end = position
            while end > opening + 1 and text[end - 1].isspace():
                end -= 1
            found.append((opening + 1, end, len(stack)))
        stack.append((position, level, mark))
        open_count[level] += 1

    def close(position: int, level: int, accepts) -> bool:
        """Close the innermost open quotation of ``level`` whose mark ``accepts``."""
        if not open_count[level]:
            return False
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][1] == level:
                if not accepts(stack[k][2]):
                    return False
                opening = stack[k][0]
                for _, lev, _ in stack[k:]:
                    open_count[lev] -= 1
                del stack[k:]
                found.append((opening + 1, position, len(stack)))
                return True
        return False  # pragma: no cover - open_count says there is one

    length = len(text)
    for match in _MARKS_RE.finditer(text):
        if match.group(1) is not None:  # a paragraph break, with the blank space after it
            paragraphs.append(match.end())
            carry = stack[0] if stack else None
            stack.clear()
            open_count[0] = open_count[1] = 0
            at_paragraph_start = True
            continue
        position = match.start()
        mark = match.group(2)
        before = text[position - 1] if position else ""
        after = text[position + 1] if position + 1 < length else ""
        first_in_paragraph = at_paragraph_start and (position == paragraphs[-1])
        at_paragraph_start = False
        if carry is not None:
            if first_in_paragraph and _same_kind(carry[2], mark):
                stack.append(carry)  # the quotation continues in this paragraph
                open_count[carry[1]] += 1
                carry = None
                continue
            carry = None
        left_flank = (_is_space(before) or before in _OPENERS_AFTER or before in "“„«‘‚‹\"'") \
            and not _is_space(after)
        right_flank = not _is_space(before) and (_is_space(after) or after in _CLOSE_PUNCT
                                                 or after in "”»’›\"'")
        if mark == "“":
            if open_count[_DOUBLE] and stack[-1][2] == "„" and not left_flank:
                close(position, _DOUBLE, lambda m: m == "„")
            elif open_count[_DOUBLE] and right_flank and not left_flank:
                close(position, _DOUBLE, lambda m: True)  # a “ typed for ”
            else:
                push(position, _DOUBLE, mark)
        elif mark == "”":
            close(position, _DOUBLE, lambda m: m in "“„\"")
        elif mark == "„" or mark == "«":
            push(position, _DOUBLE, mark)
        elif mark == "»":
            close(position, _DOUBLE, lambda m: m == "«")
        elif mark == "\"":
            if open_count[_DOUBLE] and not left_flank:
                close(position, _DOUBLE, lambda m: True)
            elif left_flank and not before.isalnum():
                push(position, _DOUBLE, mark)
        elif mark == "‹" or mark == "‚":
            push(position, _SINGLE, mark)
        elif mark == "›":
            close(position, _SINGLE, lambda m: m == "‹")
        else:  # ' ‘ ’: quotation marks or apostrophes
            if before.isalnum() and after.isalnum():
                continue  # don't, Kyiv’s
            if not before.isalnum() and after.isdigit():
                continue  # '90s
            if open_count[_SINGLE] and right_flank and not left_flank:
                close(position, _SINGLE, lambda m: True)
            elif left_flank and not before.isalnum() and mark != "’":
                push(position, _SINGLE, mark)
    # depth from containment among the quotations kept: a quotation whose outer one was
    # dropped as unbalanced becomes outermost itself
    found.sort(key=lambda span: (span[0], -span[1]))
    ends: list[int] = []
    result: list[tuple[int, int, int]] = []
    for start, end, _ in found:
        while ends and ends[-1] < end:
            ends.pop()
        result.append((start, end, len(ends)))
        ends.append(end)
    return result, paragraphs


def _pairs(text: str) -> tuple[list[tuple[int, int, int]], list[int]]:
    """:func:`_pair` of ``text``, by the compiled kernel where it was built (the same result,
    ``tests/test_voice.py``), else by :func:`_pair` itself."""
    from toolkit.analysis import _load_kernel

    module = _load_kernel()
    return _pair(text) if module is None else module.pair_quotes(text)


def _same_kind(opening: str, mark: str) -> bool:
    if opening in "“„\"":
        return mark in "“„\""
    if opening == "«":
        return mark == "«"
    return mark in "‘'‹‚"


# --------------------------------------------------------------------------- classifying


@lru_cache(maxsize=1)
def _cue_matcher() -> PhraseMatcher:
    from toolkit.lexicon import load_lexicon  # lexicon imports this module

    report = load_lexicon("stance").select(_REPORT_CATEGORIES)
    entries = [(e.entry, "report") for e in report.entries]
    entries += [(verb, "speech") for verb in SPEECH_VERBS]
    entries += [(cue, "naming") for cue in NAMING_CUES]
    entries += [(cue, "mention") for cue in MENTION_CUES]
    entries += [(cue, "label") for cue in LABEL_VERBS]
    return PhraseMatcher(list(dict.fromkeys(entries)))


def _count_words(inner: str, limit: int) -> int:
    """Word tokens of ``inner``, exactly up to ``limit``; any larger number means "more"."""
    head = inner[: 40 * (limit + 1)]
    n = len(tokenize(head))
    if n > limit or len(head) == len(inner):
        return n
    return len(tokenize(inner))


def _clause_or_title(inner: str, *, at_sentence_start: bool = False) -> str | None:
    stripped = inner.strip()
    words = tokenize(stripped)
    if not words:
        return None
    written = token_spans(stripped, lowercase=False)
    first = written[0][0]
    last_char = stripped[-1]
    if len(words) == 1 and words[0] in load_stopwords("english"):
        return "mention"  # a function word quoted as a word: a single “no” vote
    if words[0] in _PREPOSITIONS:
        return "clause"  # a fragment of a sentence: blown up “with extreme force”
    if last_char == "!":
        return "clause"
    if first[:1].isupper() and last_char in ".?,…":
        return "clause"
    if words[0] in _PRONOUNS and len(words) >= 2:
        return "clause"
    # a title may open with a number when a capitalised word follows (“60 Minutes”)
    capitalised = first[:1].isupper() or (
        first[:1].isdigit() and len(written) >= 2 and written[1][0][:1].isupper())
    if (len(written) >= 2 or not at_sentence_start) and capitalised and all(
            token[:1].isupper() or not token[:1].isalpha() or token.lower() in _SMALL_WORDS
            for token, _, _ in written[1:]):
        return "title"
    return None


class _Context:
    """The sentence around one quotation, tokenized in a bounded window."""

    def __init__(self, text: str, start: int, end: int, paragraph: tuple[int, int]):
        low = max(paragraph[0], start - 1 - CONTEXT_CHARS)
        high = min(paragraph[1], end + 1 + CONTEXT_CHARS)
        window = text[low:high]
        self.offset = low
        opening, closing = start - 1 - low, end + 1 - low
        sentence_start, sentence_end = 0, len(window)
        for s, e in sentence_spans(window):
            if e <= opening and s < opening:
                sentence_start = e
            if s >= closing and e > closing:
                sentence_end = min(sentence_end, s)
        # the sentence holding the opening mark starts after the last sentence ending before it
        self.window = window
        self.opening, self.closing = opening, closing
        self.sentence = (sentence_start, sentence_end)
        self.spans = token_spans(window)
        self.starts = [s for _, s, _ in self.spans]

    def before_text(self) -> str:
        return self.window[self.sentence[0]:self.opening]

    def after_text(self) -> str:
        return self.window[self.closing:self.sentence[1]]


def _attribution(context: _Context, window: int) -> str | None:
    """The cue that makes the quotation attributed speech, as written, or None."""
    spans, starts = context.spans, context.starts
    sentence_start, sentence_end = context.sentence
    first = bisect_left(starts, context.opening)  # first token inside the quote
    after = bisect_left(starts, context.closing)  # first token after it
    cues = _cue_matcher().find_in_spans(context.window, spans)
    before_words = [token for token, s, _ in spans[max(first - 2, 0):first]
                    if s >= sentence_start]
    if before_words[-1:] and before_words[-1] in _DISTANCING:
        # the so-called “experts”: the writer marks the words twice, unless a report verb in
        # the sentence names whose term it is (Moscow alleged that Ukraine would detonate a
        # so-called “dirty bomb”)
        for cue in cues:
            if cue.group == "report" and sentence_start <= cue.start < sentence_end and not (
                    cue.token_start <= first - 1 < cue.token_end):
                return context.window[cue.start:cue.end]
        return None
    labelled = before_words[-1:] == ["as"] or (
        len(before_words) == 2 and before_words[0] == "as" and before_words[1] in _ARTICLES)
    # "<label verb> X as ... “Y”": dismissed Obama's politics as being based in “some phony
    # theology” (the verb, then "as" between it and the quotation, within 2 * window words;
    # not a passive: "is seen as" names no one)
    as_at = [k for k in range(max(first - 2 * window, 0), first)
             if spans[k][0] == "as" and spans[k][1] >= sentence_start]
    nearest: tuple[int, str] | None = None
    for cue in reversed(cues):  # before the quote, nearest first
        if cue.token_end > first or cue.token_start >= first:
            continue
        if cue.start < sentence_start:
            break
        distance = first - cue.token_end
        if cue.token_start > 0 and spans[cue.token_start - 1][0] == "worth":
            continue  # it is worth noting that ...: no speaker
        reported_clause = cue.group == "speech" and "that" in (
            token for token, _, _ in spans[cue.token_end:min(cue.token_end + 3, first)])
        if (cue.group == "report"
                or (cue.group in ("speech", "naming") and distance <= 2 * window)
                or reported_clause
                or (cue.group == "mention" and (distance == 0 or (
                    distance == 1 and spans[first - 1][0] == "of") or (
                    distance == 2 and spans[first - 2][0] == "of"
                    and spans[first - 1][0] in _ARTICLES)))
                or (cue.group == "label" and (labelled or (any(
                    cue.token_end <= k for k in as_at) and not (
                    cue.token_start > 0 and spans[cue.token_start - 1][0] in _BE))))):
            nearest = (distance, context.window[cue.start:cue.end])
            break
    for cue in cues:  # after the quote, within the window, in the sentence
        if cue.token_start < after:
            continue
        distance = cue.token_start - after
        if cue.start >= sentence_end:
            break
        written = context.window[cue.start:cue.end]
        if distance >= window and not (cue.group in ("report", "speech")
                                       and written.lower() in CORE_AFTER):
            continue
        if cue.group in ("report", "speech", "naming"):
            if nearest is None or distance < nearest[0]:
                nearest = (distance, context.window[cue.start:cue.end])
            break
    if nearest is not None:
        return nearest[1]
    if after < len(spans) and spans[after][0] in _KIND_NOUNS and \
            not context.window[context.closing:spans[after][1]].strip():
        return context.window[spans[after][1]:spans[after][2]]  # the “hypocrisy” charge
    if labelled:
        return "as"  # attacking Obama as an “elitist hypocrite”: someone's label
    cue = _document_or_offence(context, first, window)
    if cue is not None:
        return cue
    for token, s, e in spans[max(first - 3, 0):first]:  # "Putin's “special operation”"
        written = context.window[s:e]
        if s >= sentence_start and token.endswith("'s") and (
                written[:1].isupper() or token[:-2] in DOCUMENT_NOUNS):
            return written  # also a document's own word: the report's “unacceptable”
    return None


def _document_or_offence(context: _Context, first: int, window: int) -> str | None:
    """A document whose wording the quotation gives (``The law does allow voters to provide
    “supplemental documentation”``: a noun of :data:`DOCUMENT_NOUNS` earlier in the sentence
    followed within two words by ``that``, ``which`` or a verb of what a text provides, at
    most ``2 * window`` words before it), or
    an offence it names (``charges of spreading “false information”``: a word of
    :data:`OFFENCE_CUES` at most ``window`` words before it), as written; or None."""
    spans, written = context.spans, context.window
    sentence_start = context.sentence[0]
    for k in range(first - 1, max(first - 1 - window, -1), -1):
        token, s, e = spans[k]
        if s < sentence_start:
            break
        if token in OFFENCE_CUES:
            return written[s:e]
    for k in range(first - 1, max(first - 1 - 2 * window, -1), -1):
        token, s, e = spans[k]
        if s < sentence_start:
            break
        if token in DOCUMENT_NOUNS and any(
                spans[j][0] in _PROVISION_WORDS for j in range(k + 1, min(k + 3, first))):
            return written[s:e]
    return None


def _introduced(context: _Context) -> bool:
    """Whether a definition follows the closing mark (``a so-called “dirty bomb”, meaning
    ...``): a term introduced and explained, not held at a distance."""
    return _DEFINITION_RE.match(context.window, context.closing,
                                min(len(context.window), context.closing + 60)) is not None


def _headline(context: _Context) -> bool:
    """Whether the quotation stands in a headline: after ``Speaker: `` in its sentence
    (``Trump: Whistleblower “must come forward”``) or in a run of headlines joined by ``|``."""
    before = context.before_text()
    if "|" in before:
        return True
    colon = before.rfind(":")
    if colon < 0 or len(before) - colon > 80:
        return False
    return _HEADLINE_SPEAKER_RE.search(before, max(0, colon - 70), colon + 3) is not None


def _after_distancing(context: _Context) -> bool:
    """Whether the word directly before the opening mark is a distancing modifier."""
    first = bisect_left(context.starts, context.opening)
    return first > 0 and context.spans[first - 1][1] >= context.sentence[0] and \
        context.spans[first - 1][0] in _DISTANCING


def _neighbours(text: str, start: int, end: int
                ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The sentences before and after the one holding the quotation ``text[start:end]``, as
    absolute offsets, found in a window of :data:`CONTEXT_CHARS` characters either side
    (across paragraph breaks: the speaker of a partial quotation is often named in the
    paragraph before). A neighbour cut by the window is kept as far as it is seen."""
    low = max(0, start - 1 - CONTEXT_CHARS)
    high = min(len(text), end + 1 + CONTEXT_CHARS)
    spans = sentence_spans(text[low:high])
    starts = [s for s, _ in spans]
    opening, closing = start - 1 - low, end + 1 - low
    k = bisect_right(starts, opening) - 1  # the sentence holding the opening mark
    j = bisect_left(starts, closing)  # the first sentence after the closing mark
    previous = (spans[k - 1][0] + low, spans[k - 1][1] + low) if k >= 1 else None
    following = (spans[j][0] + low, spans[j][1] + low) if j < len(spans) else None
    return previous, following


def _speech_cue(text: str, sentence: tuple[int, int] | None) -> str | None:
    """The first report or speech verb of ``text[sentence[0]:sentence[1]]`` as written,
    leaving out a verb after ``be``/``been``/``to`` (``it must be admitted``, ``hard to
    believe``: no speaker is named) and a word after a possessive (``their say``: a noun)."""
    if sentence is None:
        return None
    piece = text[sentence[0]:sentence[1]]
    spans = token_spans(piece)
    for cue in _cue_matcher().find_in_spans(piece, spans):
        if cue.group in ("report", "speech") and not (
                cue.token_start > 0 and spans[cue.token_start - 1][0] in _NOT_A_SPEAKER):
            return piece[cue.start:cue.end]
    return None


def _mocking_echo(text: str, start: int, end: int, sentence: tuple[int, int] | None) -> bool:
    """Whether the next sentence is the quoted words again as a bare question
    (``“reunification”. Reunification?``): the writer holds the word up to ridicule."""
    if sentence is None:
        return False
    words = tokenize(text[start:end])
    piece = text[sentence[0]:sentence[1]]
    return bool(words) and piece.rstrip().endswith("?") and tokenize(piece) == words


def _classify(text: str, start: int, end: int, paragraph: tuple[int, int], n_words: int, *,
              max_words: int, window: int, previous: tuple[int, str | None] | None,
              in_series: bool = False) -> str | None:
    """Why the outermost quotation ``text[start:end]`` is speech, or None for a scare quote."""
    if start < paragraph[0] or end > paragraph[1]:
        return "several paragraphs"
    if n_words > max_words:
        return "long"
    if n_words == 0:
        return "no words"
    context = _Context(text, start, end, paragraph)
    before = context.window[:context.opening].rstrip()
    if before.endswith(":"):
        return ":"
    if not tokenize(context.before_text()) and not tokenize(context.after_text()):
        return "whole sentence"
    if _introduced(context):
        return "introduced"  # a so-called “dirty bomb”, meaning ...: a term explained
    if _headline(context):
        return "headline"  # Trump: Whistleblower “must come forward”
    cue = _attribution(context, window)
    if cue is not None and cue.lower() not in _NAMING_SET:
        return cue
    previous_sentence, next_sentence = _neighbours(text, start, end)
    if _mocking_echo(text, start, end, next_sentence):
        return None  # “reunification”. Reunification? With whom?: the writer mocks the word
    if cue is not None:
        return cue
    if not _after_distancing(context):
        for where, sentence in (("next", next_sentence), ("previous", previous_sentence)):
            written = _speech_cue(text, sentence)
            if written is not None:
                return f"{written} ({where} sentence)"  # a speaker's words: “minimal,” ...
    if in_series:
        return "series"  # a list of quoted items: “campaign travel,” “toy drives,” ...
    if previous is not None and previous[1] is not None and previous[0] < start - 1 and \
            start - 1 - previous[0] < 40 and \
            _COORDINATION_RE.fullmatch(text, previous[0] + 1, start - 1):
        return previous[1]  # “absurd” and “fabricated”: one attribution for both
    return _clause_or_title(text[start:end], at_sentence_start=not tokenize(context.before_text()))


def _paragraph_of(paragraphs: list[int], text_length: int, position: int) -> tuple[int, int]:
    k = bisect_right(paragraphs, position) - 1
    end = paragraphs[k + 1] if k + 1 < len(paragraphs) else text_length
    return paragraphs[max(k, 0)], end


class _Voices:
    """The quotations of one text, classified on demand (only those that are asked about)."""

    def __init__(self, text: str, *, max_words: int = 3, attribution_window: int = 6):
        self.text = text
        self.max_words = max_words
        self.window = attribution_window
        pairs, self.paragraphs = _pairs(text) if _has_marks(text) else ([], [0])
        self.all = pairs
        self.outer = [(s, e) for s, e, d in pairs if d == 0]
        self.outer_starts = [s for s, _ in self.outer]
        self.outer_ends = [e for _, e in self.outer]
        self._reasons: dict[int, str | None] = {}
        self._words: dict[int, int] = {}

    def n_words(self, k: int) -> int:
        if k not in self._words:
            s, e = self.outer[k]
            self._words[k] = _count_words(self.text[s:e], self.max_words)
        return self._words[k]

    def _adjacent(self, k: int) -> bool:
        """Whether quotation ``k`` follows quotation ``k - 1`` with only a comma, ``and`` or
        ``or`` between the marks (a list of quoted items)."""
        if not 0 < k < len(self.outer):
            return False
        gap_start, gap_end = self.outer[k - 1][1] + 1, self.outer[k][0] - 1
        return 0 <= gap_end - gap_start < 12 and \
            _LIST_GAP_RE.fullmatch(self.text, gap_start, gap_end) is not None

    def _in_series(self, k: int) -> bool:
        """Whether quotation ``k`` belongs to a list of three or more adjacent quotations or
        to a range (``from “critical” to “serious”``)."""
        first = last = k
        while first > 0 and self._adjacent(first) and k - first < 2:
            first -= 1
        while last + 1 < len(self.outer) and self._adjacent(last + 1) and last - k < 2:
            last += 1
        if last - first >= 2:
            return True
        # a range: from “critical” to “serious”
        for j in (k, k + 1):
            if 0 < j < len(self.outer):
                gap = self.text[self.outer[j - 1][1] + 1:self.outer[j][0] - 1]
                before = self.text[max(0, self.outer[j - 1][0] - 7):self.outer[j - 1][0] - 1]
                if gap.strip(" ,") == "to" and before.rstrip().lower().endswith("from"):
                    return True
        return False

    def _close_to_previous(self, k: int) -> bool:
        return k > 0 and self.outer[k][0] - 1 - self.outer[k - 1][1] < 40

    def reason(self, k: int) -> str | None:
        if k in self._reasons:
            return self._reasons[k]
        first = k  # a close previous quotation's cue may carry over: classify the run in order
        while first > 0 and (first - 1) not in self._reasons and self._close_to_previous(first):
            first -= 1
        for j in range(first, k + 1):
            s, e = self.outer[j]
            previous = None
            if self._close_to_previous(j):
                cue = self._reasons[j - 1]
                previous = (self.outer[j - 1][1], None if cue in _STRUCTURAL else cue)
            self._reasons[j] = _classify(
                self.text, s, e, _paragraph_of(self.paragraphs, len(self.text), s - 1),
                self.n_words(j), max_words=self.max_words, window=self.window,
                previous=previous, in_series=self._in_series(j))
        return self._reasons[k]

    def voice_of(self, k: int) -> str:
        return "quoted" if self.reason(k) is not None else "scare_quote"

    def outer_index(self, start: int, end: int) -> int | None:
        """The outermost quotation overlapping ``text[start:end]``, or None."""
        k = bisect_right(self.outer_ends, start)  # first quotation ending after start
        if k < len(self.outer) and self.outer_starts[k] < max(end, start + 1):
            return k
        return None

    def at(self, start: int, end: int) -> tuple[bool, str]:
        """``(in_quote, voice)`` of the text span ``[start, end)``."""
        k = self.outer_index(start, end)
        return (False, "outlet") if k is None else (True, self.voice_of(k))

    def token_mask(self, starts: np.ndarray, voice: str) -> np.ndarray:
        """Which tokens (by start offset) are in ``voice``."""
        inside = np.zeros(len(starts), dtype=bool)
        wanted = np.zeros(len(starts), dtype=bool)
        if self.outer:
            lo = np.searchsorted(starts, np.asarray(self.outer_starts), side="left")
            hi = np.searchsorted(starts, np.asarray(self.outer_ends), side="left")
            for k, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
                if a == b:
                    continue
                inside[a:b] = True
                if voice != "outlet" and self.voice_of(k) == voice:
                    wanted[a:b] = True
        return ~inside if voice == "outlet" else wanted


def _has_marks(text: str) -> bool:
    return any(mark in text for mark in "\"'“”„«»‘’‚‹›")


def find_quotes(text: str, *, max_words: int = 3, attribution_window: int = 6) -> list[Quote]:
    """The quotations of one text, each with its voice (see the module docstring).

    Parameters
    ----------
    text : str
        The text.
    max_words : int, default 3
        Longest quotation that can be a scare quote, in word tokens.
    attribution_window : int, default 6
        How many words after a quotation a report verb, and how many words before or after it
        a naming cue, may stand to make it attributed speech.

    Returns
    -------
    list of Quote
        ``(start, end, depth, voice, reason, n_words)`` per quotation, sorted by ``start``:
        ``text[start:end]`` is the text between the marks; ``depth`` 0 for an outermost
        quotation; ``voice`` ``"quoted"`` or ``"scare_quote"`` (a nested quotation takes the
        voice of the outermost one); ``reason`` why it is quoted (``"said"``, ``":"``,
        ``"title"``, ``"inside a quotation"``, ...; None for a scare quote); ``n_words`` its
        word tokens (for a long quotation, any number above ``max_words``).

    Example
    -------
    >>> [(q.start, q.end, q.voice, q.reason) for q in find_quotes(
    ...     "“For too long,” he continued, “the so-called ‘experts’ ruled.”")]
    [(1, 14, 'quoted', 'continued'), (31, 61, 'quoted', 'long'), \
(46, 53, 'quoted', 'inside a quotation')]
    """
    voices = _Voices(text, max_words=max_words, attribution_window=attribution_window)
    quotes: list[Quote] = []
    for start, end, depth in voices.all:
        if depth == 0:
            k = bisect_left(voices.outer_starts, start)
            quotes.append(Quote(start, end, 0, voices.voice_of(k), voices.reason(k),
                                voices.n_words(k)))
        else:
            k = voices.outer_index(start, end)
            voice = "quoted" if k is None else voices.voice_of(k)
            quotes.append(Quote(start, end, depth, voice, "inside a quotation",
                                _count_words(text[start:end], max_words)))
    return quotes


def quotations(corpus: pd.DataFrame, *, max_words: int = 3, attribution_window: int = 6,
               progress: bool | None = None) -> pd.DataFrame:
    """Every quotation of a corpus with its voice: the audit trail of the voice model.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    max_words, attribution_window : int
        As in :func:`find_quotes`.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per quotation, in corpus order then by ``start``: ``doc_id``, ``outlet``,
        ``quote`` (the text between the marks), ``start``, ``end`` (its offsets:
        ``text[start:end] == quote``), ``depth``, ``n_words``, ``voice`` and ``reason``
        (see :func:`find_quotes`).

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1"],
    ...                        "text": ["A “sham” vote. Nobody came. “He lied,” she said."]})
    >>> quotations(corpus)[["quote", "voice", "reason"]].values.tolist()
    [['sham', 'scare_quote', nan], ['He lied,', 'quoted', 'said']]
    """
    corpus = validate_corpus(corpus)
    records: list[tuple] = []
    texts = corpus["text"].tolist()
    for row, text in enumerate(progress_bar(texts, total=len(texts), desc="finding quotes",
                                            progress=progress)):
        for q in find_quotes(text, max_words=max_words, attribution_window=attribution_window):
            records.append((row, text[q.start:q.end], q.start, q.end, q.depth, q.n_words,
                            q.voice, q.reason))
    rows = np.asarray([r[0] for r in records], dtype=np.int64)
    return pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].take(rows).reset_index(drop=True),
            "outlet": corpus["outlet"].take(rows).reset_index(drop=True),
            "quote": pd.array([r[1] for r in records], dtype="str"),
            "start": np.asarray([r[2] for r in records], dtype=np.int64),
            "end": np.asarray([r[3] for r in records], dtype=np.int64),
            "depth": np.asarray([r[4] for r in records], dtype=np.int64),
            "n_words": np.asarray([r[5] for r in records], dtype=np.int64),
            "voice": pd.array([r[6] for r in records], dtype="str"),
            "reason": pd.array([r[7] for r in records], dtype="str"),
        },
        columns=list(QUOTATION_COLUMNS),
    )


def _in_voice(voices: _Voices, start: int, end: int, voice: str) -> bool:
    """Whether the text span ``[start, end)`` is in ``voice`` (one of :data:`VOICE_OPTIONS`)."""
    if voice == "all":
        return True
    k = voices.outer_index(start, end)
    if voice == "outlet":
        return k is None
    return k is not None and voices.voice_of(k) == voice


def _voice_text(text: str, voice: str) -> str:
    """The parts of ``text`` in ``voice``, joined by blank lines (so that no n-gram or phrase
    spans two parts): what :func:`toolkit.keyness` counts with ``voice=``."""
    if voice == "all":
        return text
    voices = _Voices(text)
    if voice == "outlet":
        pieces, position = [], 0
        for start, end in voices.outer:
            pieces.append(text[position:start - 1])
            position = end + 1
        pieces.append(text[position:])
    else:
        pieces = [text[start:end] for k, (start, end) in enumerate(voices.outer)
                  if voices.voice_of(k) == voice]
    return "\n\n".join(pieces)
