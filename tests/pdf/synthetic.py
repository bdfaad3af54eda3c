"""A small PDF of our own, written with matplotlib: two pages set in two columns, with a
running header, page numbers, a ligature, a word broken at a line end and a footnote."""

from __future__ import annotations

from pathlib import Path

HEADER = "Journal of Synthetic Studies 12 (2024)"
LEFT = [
    "Smart cities are the subject of this short paper,",
    "which is set in two columns so that a reader must",
    "take the left column before the right one. We say",
    "that the significant questions are of urban gov-",  # ligature added below
    "ernance and of who decides for the smart cities.1",
    "The left column ends here with a full stop.",
]
RIGHT = [
    "The right column starts here and goes on with",
    "the argument of the paper: technocracy is a way",
    "of governing by experts and by their measures,",
    "and it has a long history in planning practice.",
]
NOTE = "1 A note about cities, set small at the foot."
PAGE_TWO = [
    "The second page continues the argument with a",
    "paragraph of its own about data and dashboards.",
]


def write_pdf(path: Path) -> Path:
    """Write the PDF to ``path`` and return it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    plt.rcParams["pdf.fonttype"] = 42  # TrueType with a ToUnicode map: text a reader can get
    left = [line.replace("significant", "signi\ufb01cant") for line in LEFT]
    with PdfPages(path) as pdf:
        for number, columns in ((1, (left, RIGHT)), (2, (PAGE_TWO, []))):
            figure = plt.figure(figsize=(8.27, 11.69))
            figure.text(0.5, 0.96, HEADER, ha="center", fontsize=9, family="DejaVu Serif")
            for x, lines in zip((0.07, 0.53), columns, strict=True):
                for k, line in enumerate(lines):
                    figure.text(x, 0.90 - k * 0.018, line, fontsize=10, family="DejaVu Serif")
            if number == 1:
                figure.text(0.07, 0.095, NOTE, fontsize=7.5, family="DejaVu Serif")
            figure.text(0.5, 0.04, str(40 + number), ha="center", fontsize=9, family="DejaVu Serif")
            pdf.savefig(figure)
            plt.close(figure)
    return path
