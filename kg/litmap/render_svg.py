"""Static pictures of a map, SVG or PNG, drawn with matplotlib: nodes coloured by community
and sized by weighted degree, edges as thick as their weight, labels on a pale box so
they stay readable over edges (and stay text in SVG); optionally publication years along the x axis.

Large maps label only their strongest nodes (``max_labels``), so that labels stay legible.
"""

from __future__ import annotations

import io

import networkx as nx

from kg.litmap.layout import style

__all__ = ["render"]


def _spread(g: nx.Graph, looks, years: bool) -> dict[str, tuple[float, float]]:
    """With a year axis, each node gets a row of its own (clusters as bands, earliest first
    within a band), so that no two labels share a line."""
    pos = {n: (look.x, look.y) for n, look in looks.items()}
    if not years:
        return pos
    order = sorted(
        g.nodes,
        key=lambda n: (g.nodes[n].get("community", 0), pos[n][0], str(g.nodes[n].get("label"))),
    )
    return {node: (pos[node][0], float(len(order) - i)) for i, node in enumerate(order)}


def _untangle(fig, texts, *, rounds: int = 60) -> None:
    """Nudge overlapping labels apart vertically until none overlap (or ``rounds`` pass)."""
    renderer = fig.canvas.get_renderer()
    for _ in range(rounds):
        boxes = [t.get_window_extent(renderer).expanded(1.02, 1.1) for t in texts]
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                if not boxes[i].overlaps(boxes[j]):
                    continue
                upper, lower = (i, j) if boxes[i].y0 >= boxes[j].y0 else (j, i)
                overlap = min(boxes[i].y1, boxes[j].y1) - max(boxes[i].y0, boxes[j].y0)
                step = overlap / 2 * 72 / fig.dpi + 0.5
                for k, sign in ((upper, 1), (lower, -1)):
                    x, y = texts[k].xyann
                    texts[k].xyann = (x, y + sign * step)
                boxes[upper] = texts[upper].get_window_extent(renderer)
                boxes[lower] = texts[lower].get_window_extent(renderer)
                moved = True
        if not moved:
            return


def render(
    g: nx.Graph,
    *,
    fmt: str = "svg",
    title: str = "",
    years: bool = False,
    max_labels: int = 60,
) -> bytes:
    """The map as SVG or PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, crisp
    looks = style(g, years=years)
    pos = _spread(g, looks, years)
    n = len(g)
    side = min(24.0, max(9.0, 0.55 * n**0.5 * 3, 0.28 * n if years else 0))
    fig, ax = plt.subplots(figsize=(side * 1.33, side), dpi=110)
    top_weight = max((w for *_, w in g.edges(data="weight")), default=1) or 1
    for a, b, w in g.edges(data="weight"):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#9aa5b1",
            linewidth=0.6 + 3.4 * (w / top_weight),
            alpha=0.35 + 0.4 * (w / top_weight),
            zorder=1,
            solid_capstyle="round",
        )
    xs = [pos[v][0] for v in g]
    ys = [pos[v][1] for v in g]
    sizes = [(looks[v].size * 2.2) ** 2 / 4 for v in g]
    ax.scatter(
        xs, ys, s=sizes, c=[looks[v].color for v in g], edgecolors="white", linewidths=1.2, zorder=2
    )
    ranked = sorted(g.nodes, key=lambda v: -(g.nodes[v].get("strength") or 0))
    labelled = set(ranked[:max_labels])
    top = max((g.nodes[v].get("strength") or 1 for v in g), default=1)
    halo = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
    texts = []
    for v in g:
        if v not in labelled:
            continue
        share = ((g.nodes[v].get("strength") or 1) / top) ** 0.5
        label = ax.annotate(
            str(g.nodes[v].get("label", v)),
            pos[v],
            xytext=(looks[v].size * 0.55 + 3, 0),
            textcoords="offset points",
            va="center",
            fontsize=9 + 5 * share,
            color="#1f2933",
            bbox=halo,
            zorder=3,
            arrowprops={
                "arrowstyle": "-",
                "color": "#cbd2d9",
                "linewidth": 0.6,
                "shrinkA": 0,
                "shrinkB": looks[v].size * 0.5,
            },
        )
        texts.append(label)
    if years:
        known = sorted({g.nodes[v]["year"] for v in g if g.nodes[v].get("year")})
        ax.set_xlabel("year of publication", fontsize=12)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.set_yticks([])
        ax.grid(axis="x", color="#e4e7eb", zorder=0)
        ax.tick_params(axis="x", labelsize=11)
        if known:
            step = max(1, (known[-1] - known[0]) // 12 or 1)
            ax.set_xticks(list(range(known[0], known[-1] + 1, step)))
    else:
        ax.set_axis_off()
    ax.margins(x=0.12, y=0.06)
    if title:
        ax.set_title(title, fontsize=15, loc="left", color="#1f2933")
    fig.tight_layout()
    fig.canvas.draw()
    _untangle(fig, texts)
    out = io.BytesIO()
    fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return out.getvalue()
