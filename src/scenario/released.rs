//! Reinvesting what was released: a reinvestment's amount given as the released money still
//! unspent (`amount = "released"`) or a share of it (`share_of_released = 0.8`), optionally of
//! the money named levers released (`from_levers = [0, 2]`). The sum follows each run's own
//! releases, so a Monte Carlo draw that releases less reinvests less.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Lever, LeverRef, MoneySource, ReinvestBy};
use crate::error::{Error, Result};
use crate::uncertainty::UncertainValue;

/// What a reinvestment spends: a sum in £ (a number or a distribution), or `"released"`,
/// all the released money earlier levers left unspent.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// A sum in £.
    Pounds(UncertainValue),
    /// All the released money still unspent when the lever is reached.
    Released,
}

impl From<f64> for Amount {
    fn from(v: f64) -> Self {
        Amount::Pounds(v.into())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Amount::Pounds(v) => v.serialize(s),
            Amount::Released => s.serialize_str("released"),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct AmountVisitor;
        impl<'de> Visitor<'de> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a distribution table, or \"released\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Amount, E> {
                if v == "released" {
                    Ok(Amount::Released)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Amount, E> {
                Ok(v.into())
            }
            #[allow(clippy::cast_precision_loss)] // as UncertainValue reads whole numbers
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Amount, E> {
                Ok((v as f64).into())
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Amount, E> {
                Ok((v as f64).into())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Amount, A::Error> {
                UncertainValue::deserialize(de::value::MapAccessDeserializer::new(map)).map(Amount::Pounds)
            }
        }
        d.deserialize_any(AmountVisitor)
    }
}

impl Lever {
    /// Reinvest released money as it is released: `share` of the released money earlier
    /// levers left unspent (all of it when `None`, written `amount = "released"`), or, with
    /// `from_levers`, of the money those levers (by index in the scenario) released, as far
    /// as it is still unspent.
    ///
    /// # Errors
    /// A share outside 0..1, a lever index named twice, no service to reinvest into, a service
    /// named twice, or a negative weight.
    pub fn reinvest_released(
        share: Option<f64>,
        from_levers: &[usize],
        into: &[&str],
        by: ReinvestBy,
    ) -> Result<Lever> {
        let into = into.iter().map(|s| (*s).to_string()).collect();
        let amount = share.is_none().then_some(Amount::Released);
        let from_levers = from_levers.iter().map(|j| (*j).into()).collect();
        Lever::reinvest_with(amount, share, from_levers, into, by, MoneySource::Released)
    }

    /// A reinvestment with every field given, as a file gives it: an `amount` (£ or
    /// [`Amount::Released`]) or a `share_of_released`, with the levers it draws on (by index
    /// or name, resolved when the scenario is compiled).
    ///
    /// # Errors
    /// As [`Lever::reinvest_released`]; and both or neither of `amount` and `share`, released
    /// money with `source` new, or `from_levers` with an amount in £.
    pub fn reinvest_with(
        amount: Option<Amount>,
        share: Option<f64>,
        from_levers: Vec<LeverRef>,
        into: Vec<String>,
        by: ReinvestBy,
        source: MoneySource,
    ) -> Result<Lever> {
        Lever::Reinvest {
            amount,
            into,
            by,
            source,
            share_of_released: share.map(Into::into),
            from_levers,
            condition: None,
        }
        .checked()
    }
}

/// Checks a reinvestment's amount: a sum, or released money (all, or a share), never both,
/// and released money only from released money.
pub(super) fn check_amount(
    amount: Option<&Amount>,
    share_of_released: Option<&UncertainValue>,
    from_levers: &[LeverRef],
    source: MoneySource,
) -> Result<()> {
    let of_released = match (amount, share_of_released) {
        (Some(Amount::Pounds(v)), None) => {
            crate::param::check("amount", v, crate::param::Range::NonNegative)?;
            false
        }
        (Some(Amount::Released), None) => true,
        (None, Some(share)) => {
            crate::param::check("share_of_released", share, crate::param::Range::Share)?;
            true
        }
        (Some(_), Some(share)) => {
            return Err(Error::invalid(
                "share_of_released",
                share.base(),
                "either `amount` or `share_of_released`, not both",
            ))
        }
        (None, None) => {
            return Err(Error::invalid(
                "amount",
                "nothing",
                "an amount in £, \"released\", or a share_of_released",
            ))
        }
    };
    if of_released && source == MoneySource::New {
        return Err(Error::invalid(
            "source",
            "\"new\"",
            "source = \"released\" to reinvest released money (give an amount in £ for new money)",
        ));
    }
    if !of_released && !from_levers.is_empty() {
        return Err(Error::invalid(
            "from_levers",
            format!(
                "[{}]",
                from_levers
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "from_levers only with amount = \"released\" or a share_of_released",
        ));
    }
    for (k, j) in from_levers.iter().enumerate() {
        if from_levers[..k].contains(j) {
            return Err(Error::invalid(format!("from_levers[{k}]"), j, "each lever named once"));
        }
    }
    Ok(())
}
