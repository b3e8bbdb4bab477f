"""caretriangle: commissioning cost and scenario modelling on the Year of Care triangle.

An :class:`Economy` is an envelope, localities and services with unit costs and activity,
each in one corner of the triangle (traditional clinical care, self-management support in
the NHS, self-management support in the community). A :class:`Scenario` is a named list of
levers; ``economy.apply(scenario)`` gives a :class:`Comparison` that shows where the money
went, by corner, commissioner, locality and provider, and along each side of the triangle.

>>> import caretriangle as ct
>>> econ = ct.examples.north_of_tyne()
>>> cmp = ct.compare_unit_costs(econ.service("specialist_dietitian"),
...                             econ.service("health_trainer"), units=500)
>>> round(cmp.saving, 2)
4900.0
"""

# The methods that take a Dask client are written in Python and put on the classes there.
from caretriangle import distributed as _distributed  # noqa: F401
from caretriangle import examples
from caretriangle._core import (
    BudgetImpact,
    BudgetMonteCarlo,
    BudgetMonteCarloResult,
    Comparison,
    CostEffectiveness,
    Economy,
    Evpi,
    MonteCarlo,
    MonteCarloPartial,
    MonteCarloResult,
    Optimum,
    OptimumDraws,
    Options,
    PlanUncertainty,
    Scenario,
    Service,
    SobolIndices,
    Tornado,
    UnitCostComparison,
    __version__,
    compare_unit_costs,
    load_economy,
    optimise,
    saltelli_sample,
    sobol_analyze,
    uprate,
)
from caretriangle._explore import explore
from caretriangle._incremental import incremental
from caretriangle._optimise_draws import optimise_draws
from caretriangle.errors import (
    CareTriangleError,
    CareTriangleIOError,
    DuplicateIdError,
    EnvelopeExceededError,
    FileFormatError,
    IncompatibleError,
    InfeasibleError,
    InsufficientMoneyError,
    InternalError,
    InvalidValueError,
    OptimiseError,
    UnboundedError,
    UnknownIdError,
    WorkbookError,
)
from caretriangle.excel import read_excel
from caretriangle.sweeps import grid_points, sweep
from caretriangle.value import evpi, evppi

__all__ = [
    "BudgetImpact",
    "BudgetMonteCarlo",
    "BudgetMonteCarloResult",
    "CareTriangleError",
    "CareTriangleIOError",
    "Comparison",
    "CostEffectiveness",
    "DuplicateIdError",
    "Economy",
    "EnvelopeExceededError",
    "Evpi",
    "FileFormatError",
    "IncompatibleError",
    "InfeasibleError",
    "InsufficientMoneyError",
    "InternalError",
    "InvalidValueError",
    "MonteCarlo",
    "MonteCarloPartial",
    "MonteCarloResult",
    "OptimiseError",
    "Optimum",
    "OptimumDraws",
    "Options",
    "PlanUncertainty",
    "Scenario",
    "Service",
    "SobolIndices",
    "Tornado",
    "UnboundedError",
    "UnitCostComparison",
    "UnknownIdError",
    "WorkbookError",
    "__version__",
    "compare_unit_costs",
    "evpi",
    "evppi",
    "examples",
    "explore",
    "grid_points",
    "incremental",
    "load_economy",
    "optimise",
    "optimise_draws",
    "read_excel",
    "saltelli_sample",
    "sobol_analyze",
    "sweep",
    "uprate",
]
