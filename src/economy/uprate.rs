//! Services priced in another year, uprated to the economy's price year when it is loaded:
//! the unit cost (and an allocation, which is money too) times the index's factor from the
//! service's year to the economy's, a distribution rescaled (see `uncertainty/scale.rs`).
//! What was written is kept, so a file saved again says what it said.

use crate::error::{Error, Result};
use crate::service::{FinancialYear, Service};
use crate::uprating::{PriceIndex, Uprating};
use crate::ServiceSpec;

/// A service uprated on load: the factor, the year it was priced in, and the service as
/// written.
#[derive(Debug, Clone, PartialEq)]
pub struct Uprated {
    /// The multiplier from `from` prices to the economy's.
    pub factor: f64,
    /// The price year the file gave the service.
    pub from: FinancialYear,
    pub(super) written: ServiceSpec,
}

/// `amount` at `from` prices, in `to` prices, by `index`.
///
/// # Errors
/// No index (`"none"`) for two different years; a year the index lacks between them (named,
/// with the years the index covers); an invalid table.
///
/// # Examples
/// ```
/// use caretriangle::budget::Uprating;
/// use caretriangle::economy::uprate;
/// let y = |s: &str| s.parse().unwrap();
/// // £1,000 at 2022/23 prices is £1,043.10 at 2023/24's (NHSCII pay and prices, +4.31%).
/// let index = Uprating::Named("nhscii_pay_and_prices".into());
/// let up = uprate(1000.0, y("2022/23"), y("2023/24"), &index)?;
/// assert!((up - 1043.1).abs() < 1e-9);
/// # Ok::<(), caretriangle::Error>(())
/// ```
pub fn uprate(amount: f64, from: FinancialYear, to: FinancialYear, index: &Uprating) -> Result<f64> {
    if !amount.is_finite() {
        return Err(Error::invalid("amount", amount, "a finite number"));
    }
    match index.index()? {
        _ if from == to => Ok(amount),
        Some(ix) => Ok(amount * ix.factor(from, to)?),
        None => Err(Error::Incompatible(format!(
            "uprating from {from} to {to} prices needs an index; give index = \"nhscii_pay_and_prices\" \
             or a table of annual changes"
        ))),
    }
}

/// Uprates service `at` (priced at `from`) to `to` prices by `index`.
///
/// # Errors
/// A year the index lacks (naming the service); a beta-distributed unit cost or allocation.
pub(super) fn uprate_service(
    service: &Service,
    at: &str,
    from: FinancialYear,
    to: FinancialYear,
    index: &PriceIndex,
) -> Result<(Service, Uprated)> {
    let factor = index.factor(from, to).map_err(|e| match e {
        Error::Incompatible(message) => Error::Incompatible(format!(
            "{at} (`{}`) is priced at {from}: {}, or give the unit cost at {to} prices",
            service.id(),
            message.trim_start_matches("uprating: ")
        )),
        other => other,
    })?;
    let written = service.spec().clone();
    let mut spec = written.clone();
    spec.unit_cost = spec.unit_cost.scaled(factor, &format!("{at}.unit_cost"))?;
    if let Some(m) = &spec.allocation {
        spec.allocation = Some(m.scaled(factor, &format!("{at}.allocation"))?);
    }
    spec.price_year = Some(to);
    let uprated = Service::new(spec).map_err(|e| e.within(at))?;
    Ok((uprated, Uprated { factor, from, written }))
}
