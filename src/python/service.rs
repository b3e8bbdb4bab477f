//! `Service`, `UnitCostComparison` and `compare_unit_costs` for Python.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::args;
use super::convert::{from_json_text, spec_from_dict};
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::tables::frame;
use crate::compare::{self, CompareOptions, UnitCostComparison};
use crate::report::money;
use crate::service::{Service, ServiceSpec};

/// A service: unit, unit cost and activity, in one corner of the triangle.
///
/// Services usually come with an economy (`economy.service(id)`); one made on its own
/// serves unit-cost comparisons.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> trainer = ct.Service("health_trainer", corner="community_self_management",
/// ...                      provider="third_sector", unit="hour", unit_cost=11.45,
/// ...                      activity=2000, price_year="2010/11")
/// >>> trainer.spend
/// 22900.0
#[pyclass(name = "Service", module = "caretriangle", frozen)]
pub struct PyService {
    pub(crate) inner: Service,
}

impl From<Service> for PyService {
    fn from(inner: Service) -> Self {
        PyService { inner }
    }
}

#[apply(guarded!)]
#[pymethods]
impl PyService {
    /// A service outside any economy, for unit-cost comparisons.
    #[new]
    #[pyo3(signature = (id, *, corner, provider, unit, unit_cost, activity = None, allocation = None, name = None,
        commissioner = None, price_year = None, units_per_person = None, capacity = None, locality = None,
        cluster = None, source = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        #[pyo3(from_py_with = args::id)] id: String,
        #[pyo3(from_py_with = args::corner)] corner: String,
        #[pyo3(from_py_with = args::provider)] provider: String,
        #[pyo3(from_py_with = args::unit)] unit: String,
        #[pyo3(from_py_with = args::unit_cost)] unit_cost: f64,
        #[pyo3(from_py_with = args::activity)] activity: Option<f64>,
        #[pyo3(from_py_with = args::allocation)] allocation: Option<f64>,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
        #[pyo3(from_py_with = args::commissioner)] commissioner: Option<String>,
        #[pyo3(from_py_with = args::price_year)] price_year: Option<String>,
        #[pyo3(from_py_with = args::units_per_person)] units_per_person: Option<f64>,
        #[pyo3(from_py_with = args::capacity)] capacity: Option<f64>,
        #[pyo3(from_py_with = args::locality)] locality: Option<String>,
        #[pyo3(from_py_with = args::cluster)] cluster: Option<String>,
        source: Option<String>,
    ) -> PyResult<Self> {
        let spec = ServiceSpec {
            id,
            name,
            corner: Some(corner.parse().py_err()?),
            provider: Some(provider.parse().py_err()?),
            commissioner,
            unit,
            unit_cost: unit_cost.into(),
            price_year: price_year.as_deref().map(str::parse).transpose().py_err()?,
            // A comparison needs no activity; 0 keeps the constructor's either/or check simple.
            activity: if activity.is_none() && allocation.is_none() {
                Some(0.0)
            } else {
                activity
            }
            .map(Into::into),
            allocation: allocation.map(Into::into),
            units_per_person: units_per_person.map(Into::into),
            capacity,
            locality,
            cluster,
            source,
            // A service made alone serves no named condition and counts no outcome; an
            // economy's file names them.
            ..Default::default()
        };
        Service::new(spec).py_err().map(PyService::from)
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }
    #[getter]
    fn corner(&self) -> &'static str {
        self.inner.corner().id()
    }
    #[getter]
    fn provider(&self) -> &'static str {
        self.inner.provider().id()
    }
    #[getter]
    fn commissioner(&self) -> Option<&str> {
        self.inner.commissioner()
    }
    #[getter]
    fn unit(&self) -> &str {
        self.inner.unit()
    }
    #[getter]
    fn unit_cost(&self) -> f64 {
        self.inner.unit_cost()
    }
    #[getter]
    fn price_year(&self) -> Option<String> {
        self.inner.price_year().map(|y| y.to_string())
    }
    #[getter]
    fn activity(&self) -> f64 {
        self.inner.activity()
    }
    #[getter]
    fn spend(&self) -> f64 {
        self.inner.spend()
    }
    #[getter]
    fn units_per_person(&self) -> Option<f64> {
        self.inner.units_per_person()
    }
    #[getter]
    fn people_reached(&self) -> Option<f64> {
        self.inner.people_reached()
    }
    #[getter]
    fn capacity(&self) -> Option<f64> {
        self.inner.capacity()
    }
    #[getter]
    fn locality(&self) -> Option<&str> {
        self.inner.locality()
    }
    #[getter]
    fn cluster(&self) -> Option<&str> {
        self.inner.cluster()
    }
    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.spec().source.as_deref()
    }

    /// The same service at another unit cost and price year, as after uprating by hand.
    #[pyo3(signature = (unit_cost, *, price_year = None))]
    fn repriced(
        &self,
        #[pyo3(from_py_with = args::unit_cost)] unit_cost: f64,
        #[pyo3(from_py_with = args::price_year)] price_year: Option<String>,
    ) -> PyResult<PyService> {
        let year = price_year.as_deref().map(str::parse).transpose().py_err()?;
        self.inner.repriced(unit_cost, year).py_err().map(PyService::from)
    }

    /// The service as a dict laid out as in a file.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json_text(py, &serde_json::to_string(self.inner.spec()).unwrap_or_default())
    }

    /// A service from a dict laid out as in a file.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let spec: ServiceSpec = spec_from_dict(data)?;
        Service::new(spec).py_err().map(PyService::from)
    }

    /// Pickles through the dict form.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_dict = py.get_type::<PyService>().getattr("from_dict")?;
        PyTuple::new(py, [from_dict, PyTuple::new(py, [self.to_dict(py)?])?.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyService>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Service {:?} ({}): {} per {}, {:.1} a year, {}>",
            self.inner.id(),
            self.inner.corner(),
            money(self.inner.unit_cost()),
            self.inner.unit(),
            self.inner.activity(),
            money(self.inner.spend())
        )
    }
}

/// Two unit costs side by side, from `compare_unit_costs`.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> cmp = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"))
/// >>> [round(c, 2) for c in cmp.cost_per_unit], round(cmp.ratio, 4)
/// ([21.25, 11.45], 0.5388)
#[pyclass(name = "UnitCostComparison", module = "caretriangle", frozen)]
pub struct PyUnitCostComparison {
    inner: UnitCostComparison,
    /// What it was made from, so that a pickle holds only these and remakes the rest.
    services: [Service; 2],
    options: CompareOptions,
}

#[apply(guarded!)]
#[pymethods]
impl PyUnitCostComparison {
    /// Ids of the two services (from, to).
    #[getter]
    fn services(&self) -> (String, String) {
        let [a, b] = self.inner.services.clone();
        (a, b)
    }
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }
    #[getter]
    fn price_year(&self) -> Option<&str> {
        self.inner.price_year.as_deref()
    }
    /// £ per unit of each.
    #[getter]
    fn cost_per_unit(&self) -> (f64, f64) {
        (self.inner.cost_per_unit[0], self.inner.cost_per_unit[1])
    }
    /// The second's unit cost as a share of the first's; None when the first costs £0.
    #[getter]
    fn ratio(&self) -> Option<f64> {
        self.inner.ratio
    }
    /// The first's unit cost less the second's.
    #[getter]
    fn difference(&self) -> f64 {
        self.inner.difference
    }
    #[getter]
    fn units(&self) -> f64 {
        self.inner.units
    }
    /// What moving `units` from the first to the second saves.
    #[getter]
    fn saving(&self) -> f64 {
        self.inner.saving
    }
    #[getter]
    fn budget(&self) -> f64 {
        self.inner.budget
    }
    /// Units of each bought for `budget`.
    #[getter]
    fn units_per_budget(&self) -> (f64, f64) {
        (self.inner.units_per_budget[0], self.inner.units_per_budget[1])
    }
    /// £ per person reached for each (None where units per person is unknown).
    #[getter]
    fn cost_per_person(&self) -> (Option<f64>, Option<f64>) {
        (self.inner.cost_per_person[0], self.inner.cost_per_person[1])
    }
    /// Extra people the second reaches for the money the moved units cost at the first.
    #[getter]
    fn extra_people(&self) -> Option<f64> {
        self.inner.extra_people
    }
    /// One row per service.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.table())
    }
    /// Remakes a comparison from its services and options (for unpickling).
    #[staticmethod]
    fn _from_state(
        a: &PyService,
        b: &PyService,
        units: f64,
        budget: f64,
        units_per_person: Option<f64>,
    ) -> PyResult<Self> {
        compare_unit_costs(a, b, units, budget, units_per_person)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let make = py.get_type::<PyUnitCostComparison>().getattr("_from_state")?;
        let [a, b] = self.services.clone();
        let o = self.options;
        let args = (
            PyService::from(a),
            PyService::from(b),
            o.units,
            o.budget,
            o.units_per_person,
        );
        PyTuple::new(py, [make, args.into_pyobject(py)?.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyUnitCostComparison>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    /// £ per unit, £ per person and units per budget side by side (see
    /// `caretriangle.plotting.unit_costs`).
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        super::display::call(slf.as_any(), "plotting", "unit_costs", kwargs)
    }
    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        let [a, b] = &self.inner.services;
        format!(
            "<UnitCostComparison {a} {} vs {b} {} per {}: ratio {}, saving {} on {} units>",
            money(self.inner.cost_per_unit[0]),
            money(self.inner.cost_per_unit[1]),
            self.inner.unit,
            self.inner
                .ratio
                .map_or("undefined (a costs £0)".to_string(), |r| format!("{r:.4}")),
            money(self.inner.saving),
            self.inner.units
        )
    }
}

/// Compares the unit costs of two services of the same unit and price year.
///
/// Parameters
/// ----------
/// a, b : Service
///     The service money moves from, and the one it moves to.
/// units : float
///     Units moved from `a` to `b`, for `saving`.
/// budget : float
///     £ for `units_per_budget` (£1,000 by default).
/// units_per_person : float, optional
///     Used for both services where they carry none of their own.
///
/// Raises
/// ------
/// IncompatibleError
///     When the units or price years differ: such costs must not be compared directly.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> cmp = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"),
/// ...                             units=500)
/// >>> round(cmp.saving, 2)    # 500 x (21.25 - 11.45)
/// 4900.0
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (a, b, *, units = 0.0, budget = 1000.0, units_per_person = None))]
pub fn compare_unit_costs(
    a: &PyService,
    b: &PyService,
    #[pyo3(from_py_with = args::units)] units: f64,
    #[pyo3(from_py_with = args::budget)] budget: f64,
    #[pyo3(from_py_with = args::units_per_person)] units_per_person: Option<f64>,
) -> PyResult<PyUnitCostComparison> {
    let options = CompareOptions {
        units,
        budget,
        units_per_person,
    };
    compare::compare_unit_costs(&a.inner, &b.inner, options)
        .py_err()
        .map(|inner| PyUnitCostComparison {
            inner,
            services: [a.inner.clone(), b.inner.clone()],
            options,
        })
}
