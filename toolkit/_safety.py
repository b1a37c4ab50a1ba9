"""Output safety: strings from a corpus, lexicon or term set written into HTML, CSV or charts.

A corpus is untrusted data (see ``SECURITY.md``). Wherever its strings leave the toolkit in a
format that can carry instructions, they are made inert here, in one place:

* :func:`escape_html` -- text for HTML (``<``, ``>``, ``&`` and both quotes become entities);
* :func:`active_markup` -- what in an HTML fragment could run or load something (a last check
  of report pages, and of tests);
* :func:`neutralize_cell` / :func:`neutralize_table` -- CSV cells that a spreadsheet would read
  as a formula (OWASP's rule: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return gets a leading ``'``);
* :func:`literal_text` -- text for matplotlib, drawn as written (no mathtext, no TeX).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pandas as pd

__all__ = ["escape_html", "active_markup", "neutralize_cell", "neutralize_table",
           "literal_text", "FORMULA_PREFIXES"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# a cell that is only a number (e.g. "-1.5", "+3e-4") is read as that number, never run
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                 "%": r"\%", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
_TEX_RE = re.compile("[" + re.escape("".join(_TEX_SPECIALS)) + "]")
# elements that run code, load a document or send a form, whatever their attributes
_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet",
                          "base", "form", "meta", "link", "svg", "math", "img", "video", "audio",
                          "source", "input", "button", "textarea", "select", "template"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data",
                             "srcset", "poster", "background"})


def escape_html(value: object) -> str:
    """``str(value)`` with ``& < > " '`` as HTML entities: shown as text, never parsed as markup.

    Example
    -------
    >>> escape_html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(str(value), quote=True)


class _MarkupScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE_TAGS:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name} attribute on <{tag}>")
            elif name in _URL_ATTRIBUTES and value is not None:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"{name}={value[:30]!r} on <{tag}>")
            elif name == "style" and value and ("url(" in value.lower()
                                                 or "expression(" in value.lower()):
                self.found.append(f"style with url()/expression() on <{tag}>")

    handle_startendtag = handle_starttag


def active_markup(fragment: str) -> list[str]:
    """What in an HTML fragment could run code, load a resource or send data.

    Tables and text as pandas writes them give ``[]``; ``<script>``, ``<img>``, ``<svg>``,
    ``<iframe>`` and similar elements, any ``on...`` event attribute and ``javascript:`` /
    ``data:`` URLs are listed. Used as a last check on the HTML outputs put into a report page
    (an output that fails it is shown as plain text) and by the tests.

    Example
    -------
    >>> active_markup('<td>&lt;script&gt;</td>')
    []
    >>> active_markup('<td><img src=x onerror=alert(1)></td>')
    ['<img> element', 'onerror attribute on <img>']
    """
    scanner = _MarkupScanner()
    scanner.feed(fragment)
    scanner.close()
    return scanner.found


def neutralize_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made inert with a leading ``'``.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets ``'``
    in front (OWASP's rule for CSV injection), unless it is a plain number such as ``-1.5``.
    Anything that is not a ``str`` (numbers, dates, missing values) is returned unchanged.

    Example
    -------
    >>> neutralize_cell('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> neutralize_cell("-1.5"), neutralize_cell(-1.5), neutralize_cell("Kyiv")
    ('-1.5', -1.5, 'Kyiv')
    """
    if (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
            and _PLAIN_NUMBER_RE.fullmatch(value) is None):
        return "'" + value
    return value


def neutralize_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with :func:`neutralize_cell` applied to every text cell and name.

    Numeric, boolean and date columns are untouched (``-1.5`` stays a number); column names
    and the text categories of categorical columns are neutralised too. ``table`` is not
    modified.

    Example
    -------
    >>> neutralize_table(pd.DataFrame({"term": ["@risk", "ok"], "z": [-1.5, 2.0]}))
         term    z
    0  '@risk -1.5
    1      ok  2.0
    """
    out = table.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if categories.dtype == object or pd.api.types.is_string_dtype(categories.dtype):
                renamed = [neutralize_cell(c) for c in categories]
                if renamed != list(categories):
                    column = column.cat.rename_categories(renamed)
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            flagged = column.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES))
            if flagged.any():
                column = column.astype(object).map(neutralize_cell)
        else:
            continue
        out.isetitem(position, column)
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = out.columns.map(lambda key: tuple(neutralize_cell(k) for k in key))
    else:
        out.columns = [neutralize_cell(name) for name in out.columns]
    return out


def literal_text(value: object) -> str:
    """``str(value)`` made to draw as written in matplotlib under the current settings.

    matplotlib reads text between two ``$`` as mathematics (and with ``text.usetex`` every
    label is LaTeX), so an outlet named ``"$x^2$ News"`` would be typeset, and one with
    an unbalanced ``$\\frac{`` makes every chart fail. With mathtext on (the default) each
    ``$`` is escaped as ``\\$``; with ``text.usetex`` LaTeX's special characters are escaped;
    with ``text.parse_math`` off nothing needs escaping. Global settings are only read.

    Example
    -------
    >>> literal_text("$5 billion")
    '\\\\$5 billion'
    """
    import matplotlib as mpl

    text = str(value)
    if mpl.rcParams["text.usetex"]:
        return _TEX_RE.sub(lambda m: _TEX_SPECIALS[m.group()], text)
    if mpl.rcParams["text.parse_math"]:
        return text.replace("$", r"\$")
    return text
