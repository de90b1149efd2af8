"""Tables for slides: HTML with thousands separators, right-aligned numbers, units in the header
and the key row highlighted, the same in JupyterLab, in RISE and in the static decks.

First used in notebook 05_building_a_cnn.

>>> t = table({"layer": ["conv1", "dense"], "parameters": [320, 204928]}, key=1)
>>> "204,928" in t.data and "font-weight:bold" in t.data
True
>>> t
layer  parameters
conv1         320
dense     204,928
"""

import html as _html
import numbers

from .style import PALETTE

__all__ = ["table", "Table"]


class Table:
    """An HTML table that a notebook cell displays (``_repr_html_``); ``.data`` is the HTML and
    ``.text`` the same table in plain text (what ``repr`` shows, and what nbval compares)."""

    def __init__(self, data, text=""):
        self.data, self.text = data, text

    def _repr_html_(self):
        return self.data

    def __repr__(self):
        return self.text


def _cell(value, digits):
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return _html.escape(str(value)), "left"
    if isinstance(value, numbers.Integral):
        return f"{value:,}", "right"
    return f"{value:,.{digits}f}", "right"


def table(columns, key=None, digits=2, caption=None):
    """A slide table from ``columns`` (a dict of equal-length lists, or a pandas DataFrame).

    Numbers get thousands separators and align right; ``key`` is the index of the row to
    highlight; header names carry their units, e.g. ``"time (s)"``.
    """
    if hasattr(columns, "to_dict"):  # a DataFrame
        columns = {name: list(columns[name]) for name in columns.columns}
    names = list(columns)
    lengths = {len(columns[name]) for name in names}
    if len(lengths) != 1:
        raise ValueError(f"columns must have equal lengths, got {sorted(lengths)}")
    (rows,) = lengths
    if key is not None and not (isinstance(key, int) and 0 <= key < rows):
        raise ValueError(f"key must be a row index from 0 to {rows - 1}, got {key!r}")
    border = f"1px solid {PALETTE['grey']}"
    head = "".join(
        f"<th style='text-align:{_cell(columns[n][0], digits)[1] if rows else 'left'};"
        f"border-bottom:{border};padding:4px 14px'>{_html.escape(n)}</th>"
        for n in names
    )
    body = []
    for r in range(rows):
        style = f"font-weight:bold;background:{PALETTE['pale amber']}" if r == key else ""
        cells = []
        for n in names:
            text, align = _cell(columns[n][r], digits)
            cells.append(f"<td style='text-align:{align};padding:4px 14px'>{text}</td>")
        body.append(f"<tr style='{style}'>{''.join(cells)}</tr>")
    top = (
        f"<caption style='caption-side:bottom'>{_html.escape(caption)}</caption>" if caption else ""
    )
    grid = [[_cell(columns[n][r], digits)[0] for n in names] for r in range(rows)]
    widths = [max(len(n), *(len(row[i]) for row in grid)) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in grid]
    plain = "\n".join(lines + ([caption] if caption else []))
    return Table(
        f"<table style='border-collapse:collapse;font-size:22px;margin:0'>{top}"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        plain,
    )
