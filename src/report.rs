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
        const SHARES: [&str; 10] = [
            "share_of_envelope",
            "share_of_spend",
            "baseline_share",
            "scenario_share",
            "prob_saving",
            "prob_over_envelope",
            "prob_below_zero",
            "probability_best",
            // Outputs of a Monte Carlo run that are 0 or 1 an iteration: their mean is a
            // probability.
            "over_envelope_indicator",
            "pays_back",
        ];
        const COUNTS: [&str; 10] = [
            "activity",
            "activity_after",
            "people_before",
            "people_after",
            "people_supported",
            "units_per_budget",
            "units_per_person",
            "run",
            "people_reached",
            "extra_people",
        ];
        const NUMBERS: [&str; 8] = [
            "discount_factor",
            "S1",
            "S1_conf",
            "ST",
            "ST_conf",
            "ratio",
            "expected",
            "return_per_pound",
        ];
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
    /// Where the rows are different quantities (a summary's rows are outputs: money, people,
    /// a 0/1 indicator), which columns' figures take the kind of their row rather than of
    /// their column.
    pub row_kinds: Option<RowKinds>,
}

/// Figures whose kind is their row's: in `columns`, a row's figures are of the kind of the
/// quantity its `key` column names (by [`Kind::of_column`]: on the row `people_reached` of a
/// summary, the mean is a count, not money).
#[derive(Debug, Clone, PartialEq)]
pub struct RowKinds {
    /// The text column that names each row's quantity (`output`).
    pub key: String,
    /// The columns whose figures follow the row (`mean`, `sd`, the percentiles).
    pub columns: Vec<String>,
    /// Rows that count an outcome (`qalys`, `admissions_gain`): plain numbers, whose names
    /// the economy chooses, so that no list of names can tell them from money.
    pub counted: Vec<String>,
}

impl RowKinds {
    /// The kind of the quantity a row's key names.
    pub fn of_row(row: &str) -> Kind {
        Kind::of_column(row)
    }

    /// The kind of the quantity on the row whose key is `row`: a number on a row that counts an
    /// outcome, else as [`RowKinds::of_row`].
    pub fn of(&self, row: &str) -> Kind {
        if self.counted.iter().any(|c| c == row) {
            Kind::Number
        } else {
            RowKinds::of_row(row)
        }
    }

    /// The kind of the figures in `column` on a row whose key is `row`, if the row decides it.
    pub fn kind(&self, row: &str, column: &str) -> Option<Kind> {
        self.columns.iter().any(|c| c == column).then(|| self.of(row))
    }
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
            row_kinds: None,
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

    /// Adds a column of figures that a total row adds up where they are known (people reached:
    /// a group whose services count no one has none).
    #[must_use]
    pub fn sum_known(self, name: &str, values: Vec<Option<f64>>) -> Table {
        let mut t = self.figure(name, values);
        if let Some(c) = t.columns.last_mut() {
            c.additive = true;
        }
        t
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

    /// The same table with the figures of `columns` of the kind their row's `key` names
    /// (see [`RowKinds`]).
    #[must_use]
    pub fn kinds_by_row(mut self, key: &str, columns: &[&str]) -> Table {
        self.row_kinds = Some(RowKinds {
            key: key.into(),
            columns: columns.iter().map(|c| (*c).to_string()).collect(),
            counted: Vec::new(),
        });
        self
    }

    /// The same table with the rows keyed `rows` counting outcomes (see [`RowKinds::counted`]);
    /// after [`Table::kinds_by_row`].
    #[must_use]
    pub fn counted_rows(mut self, rows: Vec<String>) -> Table {
        if let Some(r) = self.row_kinds.as_mut() {
            r.counted = rows;
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

    #[test]
    fn a_summary_rows_figures_take_the_kind_of_its_output() {
        let t = Table::keyed("output", vec!["total".into(), "people_reached".into()])
            .figure("mean", vec![Some(1.0), Some(2.0)])
            .figure("prob_below_zero", vec![Some(0.0), Some(0.0)])
            .kinds_by_row("output", &["mean"]);
        let rows = t.row_kinds.as_ref().map(|r| {
            [
                r.kind("total", "mean"),
                r.kind("people_reached", "mean"),
                r.kind("over_envelope_indicator", "mean"),
                r.kind("people_reached", "prob_below_zero"),
            ]
        });
        // The column alone says money; the row says money, a count, a probability; a column
        // not named keeps its own kind (None: the row does not decide).
        assert_eq!(t.columns[1].kind, Kind::Money);
        assert_eq!(
            rows,
            Some([Some(Kind::Money), Some(Kind::Count), Some(Kind::Share), None])
        );
    }
}
