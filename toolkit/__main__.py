"""Command line: ``python -m toolkit report [CORPUS] --out DIR``."""

from __future__ import annotations

import argparse
import shlex
import sys
import warnings

__all__ = ["main"]

# run_report's option names as the command line spells them, for error messages
_FLAGS = {"corpus": "CORPUS", "out": "--out", "text_col": "--text-col", "outlets": "--outlets",
          "date_from": "--from", "date_to": "--to", "lexicon": "--lexicon",
          "term_sets": "--term-sets", "kwic": "--kwic", "node": "--node",
          "stopwords": "--stopwords", "reference": "--reference", "max_outlets": "--max-outlets"}


def _interrupted(out: str) -> str:
    """The one line shown after Ctrl-C: whether ``out`` holds an unfinished report."""
    from pathlib import Path

    try:
        from toolkit.report import _read_manifest

        manifest = _read_manifest(Path(out) / "manifest.json") or {}
    except Exception:  # noqa: BLE001 - interrupted while importing: say what is sure
        manifest = {"status": "running"}
    if manifest.get("status") == "running":
        return (f"interrupted: the report in {out} is incomplete; run the same command again "
                f"to redo it")
    if manifest.get("status") == "complete" and manifest.get("generated_by"):
        return f"interrupted; the report in {out} is there as it was (complete)"
    return f"interrupted before the report started; nothing was changed in {out}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Example
    -------
    >>> main(["report", "--out", "report"])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="analyse a corpus and write a report folder")
    report.add_argument("corpus", nargs="?", default=None,
                        help="corpus file or folder (default: the bundled demo corpus)")
    report.add_argument("--out", default="report", help="output folder (default: report)")
    report.add_argument("--text-col", default="text", help="column holding the texts")
    report.add_argument("--outlets", nargs="+", default=None, metavar="OUTLET",
                        help="only these outlets")
    report.add_argument("--max-outlets", type=int, default=30, metavar="N",
                        help="without --outlets, the N outlets with the most documents when the "
                             "corpus has more (default: 30; 0: all)")
    report.add_argument("--from", dest="date_from", default=None, metavar="DATE",
                        help="only documents dated on or after DATE (YYYY-MM-DD)")
    report.add_argument("--to", dest="date_to", default=None, metavar="DATE",
                        help="only documents dated on or before DATE (YYYY-MM-DD)")
    report.add_argument("--lexicon", default="loaded_language",
                        help="lexicon name or file (default: loaded_language)")
    report.add_argument("--term-sets", default="russia_ukraine",
                        help="term-set name or file (default: russia_ukraine)")
    report.add_argument("--quiet", action="store_true", help="no progress output")
    # loading options, passed to toolkit.load_corpus (only those given differ from its defaults)
    loading = {"id_col": "doc_id", "outlet_col": "outlet", "date_col": "date",
               "date_format": None, "make_ids": False}
    report.add_argument("--id-col", default="doc_id",
                        help="column holding unique ids (replaces a doc_id column)")
    report.add_argument("--outlet-col", default="outlet", help="column holding the outlet")
    report.add_argument("--date-col", default="date", help="column holding the date")
    report.add_argument("--date-format", default=None, metavar="FORMAT",
                        help="exact date format, e.g. %%d/%%m/%%Y (day/month/year)")
    report.add_argument("--make-ids", action="store_true",
                        help="make ids from each document's content (data without usable ids)")
    # what the report looks at (default: chosen from the data)
    report.add_argument("--kwic", nargs="+", default=None, metavar="TERM",
                        help="search terms of the keyword-in-context sections "
                             "(default: the corpus's most frequent loaded words)")
    report.add_argument("--node", nargs="+", default=None, metavar="WORD",
                        help="node words of the collocation section (default: as --kwic)")
    report.add_argument("--stopwords", default="english", metavar="LIST",
                        help="stop words left out of word counts and keyness: 'english', a "
                             "file with one word a line, or 'none' (default: english)")
    report.add_argument("--reference", default=None, metavar="PATH",
                        help="reference corpus for the close reading of 1 to 3 texts: their "
                             "rates, framing choices and key words compared with it (no "
                             "default: the demo corpus is invented, not a valid reference)")
    args = parser.parse_args(argv)
    load_options = {name: getattr(args, name) for name, default in loading.items()
                    if getattr(args, name) != default}
    typed = ["python -m toolkit", *(sys.argv[1:] if argv is None else argv)]

    try:
        from toolkit.corpus import CorpusError
        from toolkit.framing import TermSetError
        from toolkit.lexicon import LexiconError
        from toolkit.report import ReportError, ReportParameterError, run_report

        try:
            with warnings.catch_warnings():
                if args.quiet:  # nothing but errors; loading warnings stay in manifest.json
                    warnings.simplefilter("ignore")
                out = run_report(args.corpus, out=args.out, text_col=args.text_col,
                                 outlets=args.outlets, date_from=args.date_from,
                                 date_to=args.date_to, lexicon=args.lexicon,
                                 term_sets=args.term_sets, load_options=load_options,
                                 progress=not args.quiet,
                                 kwic=args.kwic, node=args.node,
                                 stopwords=None if args.stopwords.lower() == "none"
                                 else args.stopwords,
                                 command=" ".join([typed[0], *map(shlex.quote, typed[1:])]),
                                 reference=args.reference, max_outlets=args.max_outlets)
        except ReportParameterError as err:
            flags = "/".join(_FLAGS.get(name, name) for name in err.parameters)
            print(f"error: argument {flags}: {err.detail}", file=sys.stderr)
            return 2
        except LexiconError as err:
            print(f"error: argument --lexicon: {err}", file=sys.stderr)
            return 2
        except TermSetError as err:
            print(f"error: argument --term-sets: {err}", file=sys.stderr)
            return 2
        except CorpusError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        except (ReportError, OSError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        # one line, no traceback; the next run into the same folder replaces this one's files
        print(_interrupted(args.out), file=sys.stderr)
        return 130
    if not args.quiet:
        print(f"report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
