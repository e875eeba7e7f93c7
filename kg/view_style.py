"""How a view draws the classes: a colour and a shape per contract class, and the legend's swatches.

Colour tells the classes apart at a glance, shape tells them apart for readers who do not see
every colour (and in print); no two classes share both. A subclass (SpaceAgency) is drawn as
its contract class (Agency).
"""
from __future__ import annotations

from dataclasses import dataclass

from .entities import ENTITY_CLASSES


@dataclass(frozen=True)
class ClassStyle:
    colour: str
    shape: str  # a vis-network shape that draws its label below it


STYLES = {
    "Country": ClassStyle("#4e79a7", "dot"),
    "Agency": ClassStyle("#f28e2b", "square"),
    "Organization": ClassStyle("#59a14f", "triangle"),
    "Person": ClassStyle("#e15759", "diamond"),
    "SpaceSystem": ClassStyle("#76b7b2", "star"),
    "Program": ClassStyle("#edc948", "triangleDown"),
    "Agreement": ClassStyle("#b07aa1", "hexagon"),
    "Law": ClassStyle("#9c755f", "square"),
    "Policy": ClassStyle("#ff9da7", "diamond"),
    "Budget": ClassStyle("#bab0ac", "dot"),
    "Event": ClassStyle("#d37295", "triangle"),
}
UNKNOWN = ClassStyle("#888888", "dot")  # a class outside the contract: still drawn, never dropped
assert set(STYLES) == set(ENTITY_CLASSES), "every contract class needs a style"
assert len({(s.colour, s.shape) for s in STYLES.values()}) == len(STYLES)

# the swatch of each shape, as SVG drawn in a 16×16 box
_SVG_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
}


def style(top: str) -> ClassStyle:
    return STYLES.get(top, UNKNOWN)


def swatch(top: str) -> str:
    """An inline SVG of the class's shape in its colour (no text inside: nothing to escape)."""
    s = style(top)
    return (f'<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
            f'fill="{s.colour}" stroke="#444" stroke-width="0.8">{_SVG_SHAPES[s.shape]}</svg>')
