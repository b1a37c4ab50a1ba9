"""discourse-toolkit: measure how news outlets talk.

Every public function takes a table (a pandas DataFrame) and returns a new one.
The names below are resolved lazily on first access (PEP 562), so ``import toolkit``
does no work beyond defining this mapping.

Example
-------
>>> import toolkit
>>> corpus = toolkit.demo_corpus()
>>> table = toolkit.term_frequency(corpus, by="outlet")
"""

import sys
import types
from importlib import import_module

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # corpus
    "CorpusError": "corpus",
    "load_corpus": "corpus",
    "validate_corpus": "corpus",
    "demo_corpus": "corpus",
    "demo_corpus_path": "corpus",
    "CorpusWarning": "corpus",
    "subset_corpus": "corpus",
    "describe_corpus": "corpus",
    "save_result": "report",
    "show_table": "report",
    "show_note": "report",
    "annotate_text": "report",
    "load_or_compute": "report",
    "evidence_anchor": "report",
    "load_basil": "datasets",
    # bringing corpora in: web pages, public datasets, duplicates, date coverage
    "load_html": "webpages",
    "fetch_dataset": "datasets",
    "dataset_files": "datasets",
    "find_duplicates": "duplicates",
    "drop_duplicates": "duplicates",
    "duplicate_summary": "duplicates",
    "find_boilerplate": "boilerplate",
    "strip_boilerplate": "boilerplate",
    "date_coverage": "coverage",
    "coverage_summary": "coverage",
    # tokens
    "tokenize": "tokens",
    "token_spans": "tokens",
    "sentences": "tokens",
    "ngrams": "tokens",
    "load_stopwords": "tokens",
    # matching of words, phrases and globs against text
    "PhraseMatcher": "matcher",
    # frequency
    "document_term_matrix": "frequency",
    "DocumentTermMatrix": "frequency",
    "term_frequency": "frequency",
    # one spelling per word before counting (issue 12)
    "Normalizer": "normalize",
    "make_normalizer": "normalize",
    "resolve_normalizer": "normalize",
    "self_name_terms": "normalize",
    # comparison
    "keyness": "keyness",
    "collocations": "collocations",
    "kwic": "concordance",
    "term_share": "framing",
    "term_hits": "framing",
    "load_term_sets": "framing",
    "TermSetError": "framing",
    # loaded language
    "Lexicon": "lexicon",
    "LexiconError": "lexicon",
    "load_lexicon": "lexicon",
    "lexicon_counts": "lexicon",
    "lexicon_hits": "lexicon",
    "scare_quotes": "quotes",
    # whose words: the voice model
    "find_quotes": "voice",
    "quotations": "voice",
    # readability
    "readability": "readability",
    "readability_by": "readability",
    "MEASURES": "readability",
    # validation against human annotation
    "evaluate_lexicon": "validation",
    "evaluation_errors": "validation",
    "vader_lexicon": "validation",
    "suggest_entries": "validation",
    # how outlets talk about actors
    "actor_context": "actors",
    "actor_sentences": "actors",
    "load_actors": "actors",
    "plot_actor_tone": "plots_actors",
    # scale
    "analyze": "analysis",
    "analyze_dask": "analysis",
    "AnalysisResult": "analysis",
    "scan": "scan",
    "Scan": "scan",
    "clear_cache": "scan",
    # plots
    "plot_term_share": "plots",
    "plot_term_share_over_time": "plots",
    "plot_term_rates": "plots",
    "plot_keyness": "plots",
    "plot_loaded_language": "plots",
    "plot_readability": "plots",
    "plot_dispersion": "plots",
    "plot_framing_fingerprint": "plots",
    "plot_share_small_multiples": "plots",
    "plot_dispersion_by_outlet": "plots",
    "palette": "plots",
    "OKABE_ITO": "plots",
    "TOL_MUTED": "plots",
    "rate_summary": "summary",
    # report
    "run_report": "report",
    # interactive panel (issue 17)
    "explore": "explore",
    "Explorer": "explore",
    # one text against a reference corpus (issue 18)
    "rates_against_reference": "reference",
    "shares_against_reference": "reference",
    "keyness_against_reference": "reference",
}

__all__ = sorted([*_EXPORTS, "__version__"])


class _Package(types.ModuleType):
    """The package module; importing a submodule must not hide a function of the same name.

    Python sets ``toolkit.readability`` to the submodule when ``toolkit.readability`` is first
    imported, which would replace the function ``toolkit.readability``; such assignments are
    skipped, so the name keeps resolving (through ``__getattr__``) to the function.
    """

    def __setattr__(self, name, value):
        if (isinstance(value, types.ModuleType) and name in _EXPORTS
                and value.__name__ == f"{__name__}.{name}"):
            return
        super().__setattr__(name, value)

    def __reduce__(self):
        # pickled by name, as plain modules are (Dask sends functions that refer to `toolkit`)
        return import_module, (self.__name__,)


sys.modules[__name__].__class__ = _Package


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(import_module(f"toolkit.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
