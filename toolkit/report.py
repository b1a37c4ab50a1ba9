"""Write an analysis report folder for a corpus."""

from __future__ import annotations

from pathlib import Path

from toolkit.corpus import demo_corpus_path, load_corpus

__all__ = ["run_report"]


def run_report(corpus: str | Path | None = None, *, out: str | Path = "report",
               text_col: str = "text", progress: bool = True) -> Path:
    """Analyse ``corpus`` (a path; None for the demo corpus) and write results into ``out``.

    Returns
    -------
    pathlib.Path
        The output folder, holding ``term_frequency.csv`` and ``top_terms.png``.

    Example
    -------
    >>> run_report(None, out="report")  # doctest: +SKIP
    """
    from matplotlib.figure import Figure

    from toolkit.frequency import term_frequency

    path = Path(corpus) if corpus is not None else demo_corpus_path()
    table = load_corpus(path, text_col=text_col)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    frequencies = term_frequency(table, by="outlet", stopwords="english", progress=progress)
    frequencies.to_csv(out / "term_frequency.csv", index=False)
    top = frequencies[frequencies["rank"] <= 10]
    figure = Figure(figsize=(10, 6), layout="constrained")
    outlets = list(dict.fromkeys(top["outlet"]))
    axes = figure.subplots(1, len(outlets), squeeze=False)[0]
    for ax, outlet in zip(axes, outlets, strict=True):
        rows = top[top["outlet"] == outlet].iloc[::-1]
        ax.barh(rows["term"], rows["per_10k"], color="#0072B2")
        ax.set_title(str(outlet), fontsize=9)
        ax.set_xlabel("per 10,000 words")
    figure.suptitle("Most frequent words per outlet (stopwords removed)")
    figure.savefig(out / "top_terms.png", dpi=120)
    return out
