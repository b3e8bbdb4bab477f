//! Report tables: columns of text or numbers, keyed by their first column. The Python
//! bindings turn a [`Table`] into a pandas DataFrame; the command line prints it.

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Labels and ids.
    Text(Vec<String>),
    /// Numbers; `None` where a figure is not known (people reached without units per person).
    Number(Vec<Option<f64>>),
}

/// What a column holds, so that every front end (the command line, notebooks, workbooks)
/// shows it alike: £ to the penny, a percentage, a count, a plain number or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pounds.
    Money,
    /// A share of something, or a probability (0.25 is 25%).
    Share,
    /// People, units of activity, iterations.
    Count,
    /// Any other figure (indices, factors, EVPI in people per £).
    Number,
    /// Labels and ids.
    Text,
}

impl Kind {
    /// The kind's name, as front ends read it (`money`, `share`, `count`, `number`, `text`).
    pub fn id(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Share => "share",
            Kind::Count => "count",
            Kind::Number => "number",
            Kind::Text => "text",
        }
    }

    /// The kind of a column the reports name so: the one list of which columns are money,
    /// shares and counts. A table whose column means something else where it is made says
    /// so there ([`Table::shown_as`]).
    pub fn of_column(name: &str) -> Kind {
        const SHARES: [&str; 8] = [
            "share_of_envelope",
            "share_of_spend",
            "baseline_share",
            "scenario_share",
            "prob_saving",
            "prob_over_envelope",
            "prob_below_zero",
            "probability_best",
        ];
        const COUNTS: [&str; 8] = [
            "activity",
            "activity_after",
            "people_before",
            "people_after",
            "people_supported",
            "units_per_budget",
            "units_per_person",
            "run",
        ];
        const NUMBERS: [&str; 7] = ["discount_factor", "S1", "S1_conf", "ST", "ST_conf", "ratio", "expected"];
        if SHARES.contains(&name) {
            Kind::Share
        } else if COUNTS.contains(&name) {
            Kind::Count
        } else if NUMBERS.contains(&name) {
            Kind::Number
        } else {
            // Spend, costs, savings, flows and their summaries (`mean`, `p2_5`), and the years
            // of the NICE layout (`2025/26`, `total`): a report's figures are money unless
            // listed above.
            Kind::Money
        }
    }
}

/// One named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name, snake_case (`spend`, `share_of_envelope`).
    pub name: String,
    /// Its values, one per row.
    pub values: Values,
    /// Whether a total row adds this column up (money does; unit costs and ratios do not).
    pub additive: bool,
    /// What it holds, for the front ends.
    pub kind: Kind,
}

/// A report: rows keyed by the first column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns, key first.
    pub columns: Vec<Column>,
}

impl Table {
    /// A table whose key column is `key` with the given row keys.
    pub fn keyed(key: &str, keys: Vec<String>) -> Table {
        Table {
            columns: vec![Column {
                name: key.to_string(),
                values: Values::Text(keys),
                additive: false,
                kind: Kind::Text,
            }],
        }
    }

    /// Adds a text column.
    #[must_use]
    pub fn text(mut self, name: &str, values: Vec<String>) -> Table {
        self.columns.push(Column {
            name: name.into(),
            values: Values::Text(values),
            additive: false,
            kind: Kind::Text,
        });
        self
    }

    /// Adds a column of money or counts that a total row adds up.
    #[must_use]
    pub fn sum(mut self, name: &str, values: Vec<f64>) -> Table {
        self.columns.push(Column {
            name: name.into(),
            values: Values::Number(values.into_iter().map(Some).collect()),
            additive: true,
            kind: Kind::of_column(name),
        });
        self
    }

    /// Adds a column of figures that do not add up (unit costs, ratios).
    #[must_use]
    pub fn figure(mut self, name: &str, values: Vec<Option<f64>>) -> Table {
        self.columns.push(Column {
            name: name.into(),
            values: Values::Number(values),
            additive: false,
            kind: Kind::of_column(name),
        });
        self
    }

    /// The same table with its last column shown as `kind` (where a column's name alone does
    /// not say: EVPI is £ when the criterion is cost, people per £ otherwise).
    #[must_use]
    pub fn shown_as(mut self, kind: Kind) -> Table {
        if let Some(c) = self.columns.last_mut() {
            c.kind = kind;
        }
        self
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self.columns.first().map(|c| &c.values) {
            Some(Values::Text(v)) => v.len(),
            Some(Values::Number(v)) => v.len(),
            None => 0,
        }
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row keys.
    pub fn keys(&self) -> &[String] {
        match self.columns.first().map(|c| &c.values) {
            Some(Values::Text(v)) => v,
            _ => &[],
        }
    }

    /// A numeric column by name.
    pub fn numbers(&self, name: &str) -> Option<&[Option<f64>]> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| match &c.values {
                Values::Number(v) => Some(v.as_slice()),
                Values::Text(_) => None,
            })
    }

    /// The figure in column `name` on the row keyed `key`.
    pub fn get(&self, key: &str, name: &str) -> Option<f64> {
        let row = self.keys().iter().position(|k| k == key)?;
        self.numbers(name)?.get(row).copied().flatten()
    }

    /// The table with a last row `Total` that adds up the additive columns; other columns are
    /// left blank there, as in a board paper.
    #[must_use]
    pub fn with_total(mut self) -> Table {
        for (i, col) in self.columns.iter_mut().enumerate() {
            match &mut col.values {
                Values::Text(v) => v.push(if i == 0 { "Total".into() } else { String::new() }),
                Values::Number(v) => {
                    let total = col.additive.then(|| crate::sum::total(v.iter().flatten().copied()));
                    v.push(total);
                }
            }
        }
        self
    }
}

/// £ to the penny with thousands separators, as in a board paper: `£1,400,000.00`,
/// `-£23.50`.
pub fn money(v: f64) -> String {
    let pennies = (v.abs() * 100.0).round();
    let pounds = (pennies / 100.0).trunc() as u64;
    let p = (pennies - pounds as f64 * 100.0) as u64;
    let digits = pounds.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && pennies > 0.0 { "-" } else { "" };
    format!("{sign}£{grouped}.{p:02}")
}

/// Adds `values[i]` into `groups[group_of[i]]`, exactly (see `sum.rs`).
pub(crate) fn sum_by_group(values: &[f64], group_of: &[usize], groups: usize) -> Vec<f64> {
    let mut out = vec![0.0; groups];
    let mut carry = vec![0.0; groups];
    for (v, g) in values.iter().zip(group_of) {
        crate::sum::add(&mut out[*g], &mut carry[*g], *v);
    }
    for (o, c) in out.iter_mut().zip(carry) {
        *o += c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_to_the_penny_with_separators() {
        assert_eq!(money(1_400_000.0), "£1,400,000.00");
        assert_eq!(money(-23.5), "-£23.50");
        assert_eq!(money(0.004), "£0.00");
        assert_eq!(money(-0.001), "£0.00");
        assert_eq!(money(999.995), "£1,000.00");
    }

    #[test]
    fn total_row_adds_only_money() {
        let t = Table::keyed("corner", vec!["a".into(), "b".into()])
            .sum("spend", vec![1.5, 2.25])
            .figure("unit_cost", vec![Some(3.0), None])
            .with_total();
        assert_eq!(t.len(), 3);
        assert_eq!(t.get("Total", "spend"), Some(3.75));
        assert_eq!(t.get("Total", "unit_cost"), None);
    }
}
