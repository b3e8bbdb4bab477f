"""Example economies shipped inside the package, so they work after a plain ``pip install``.

The files themselves are in the repository's ``examples/`` folder, with every figure's
source and price year; the extension module carries a copy of their text.
"""

from __future__ import annotations

from caretriangle import _core


def north_of_tyne() -> _core.Economy:
    """The illustrative North of Tyne diabetes economy: three localities, the Year of Care
    dietitian and health-trainer rates, care planning, and a £1.4m reinvestment.

    >>> econ = north_of_tyne()
    >>> [loc["id"] for loc in econ.localities]
    ['north_tyneside', 'northumberland', 'newcastle_gateshead']
    """
    return _core.Economy.from_toml(north_of_tyne_toml(), file="north_of_tyne.toml")


def north_of_tyne_toml() -> str:
    """The text of ``examples/north_of_tyne.toml``."""
    return _core._example_text("north_of_tyne")


def structured_education() -> _core.Economy:
    """DESMOND structured education for people newly diagnosed with type 2 diabetes, at its
    published real-world cost (£82 a person over a lifetime) and QALY gain (0.0392 a person;
    Gillett et al., BMJ 2010;341:c4093), with an illustrative envelope and activity: the
    example of outcomes and cost-effectiveness.

    >>> res = structured_education().apply("offer to 1,000 more")
    >>> round(res.icer("qalys").icer)      # 82 / 0.0392 = 2,091.84
    2092
    """
    return _core.Economy.from_toml(
        _core._example_text("structured_education"), file="structured_education.toml"
    )


def tower_hamlets() -> _core.Economy:
    """An illustrative Tower Hamlets economy of 8 clusters of practices (issue 13's case): care
    planning for 76% of a register of 20,000, 30% of dietitian referrals moved to health
    trainers person for person, all the money released reinvested in care planning by cluster
    register, an integrated community team commissioned for 80% of the top 7% at risk with 10%
    fewer admissions among those supported, and a five-year budget impact with £150,000 of
    training for 1,000 staff.

    >>> res = tower_hamlets().apply("clusters and risk")
    >>> round(res.reinvested, 2)     # 10,770 (skill mix) + 17,629.92 (fewer admissions)
    28399.92
    >>> round(res.change)            # the team: 1,120 people x 4 h x £57
    255360
    """
    return _core.Economy.from_toml(_core._example_text("tower_hamlets"), file="tower_hamlets.toml")


__all__ = ["north_of_tyne", "north_of_tyne_toml", "structured_education", "tower_hamlets"]
