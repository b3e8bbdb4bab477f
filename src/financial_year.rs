//! The NHS financial year (April to March) in which prices and budget lines are dated.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// An NHS financial year, April to March, written `2023/24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FinancialYear {
    start: u16,
}

impl FinancialYear {
    /// The financial year that starts in April of `start` (2023 gives 2023/24).
    ///
    /// # Errors
    /// A year before the NHS began (1948) or after 2200.
    pub fn new(start: u16) -> Result<Self> {
        if (1948..=2200).contains(&start) {
            Ok(FinancialYear { start })
        } else {
            Err(Error::invalid("price_year", start, "a year from 1948 to 2200"))
        }
    }

    /// The calendar year in which this financial year starts.
    pub fn start(self) -> u16 {
        self.start
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.start, (self.start + 1) % 100)
    }
}

impl FromStr for FinancialYear {
    type Err = Error;

    /// Reads `2023/24` (or `2023/2024`).
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::invalid("price_year", format!("{s:?}"), "a financial year such as \"2023/24\"");
        let (a, b) = s.trim().split_once('/').ok_or_else(bad)?;
        let start: u16 = a.parse().map_err(|_| bad())?;
        let end: u16 = b.parse().map_err(|_| bad())?;
        let follows = match b.len() {
            2 => end == (start + 1) % 100,
            4 => end == start + 1,
            _ => false,
        };
        if !follows {
            return Err(bad());
        }
        FinancialYear::new(start)
    }
}

impl Serialize for FinancialYear {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FinancialYear {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
