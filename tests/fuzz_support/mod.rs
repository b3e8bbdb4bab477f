//! Shared parts of the fuzz tests (`tests/fuzz_loaders/`, `tests/fuzz_apply.rs`): the seed
//! corpus, the case count, and the checks every loaded economy must pass.
//!
//! The fuzz tests are proptest runs. `make test` runs a few hundred cases of each (a few
//! seconds); `make fuzz` sets `PROPTEST_CASES` high for a long run. A failure proptest finds
//! is kept, as a seed, in `tests/fuzz_corpus/regressions/` and replayed first on every run;
//! once shrunk and fixed, its input also goes into `tests/fuzz_corpus/` as a seed file.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::time::Instant;

use caretriangle::io::{programme_from_str, programme_to_string, Format};
use caretriangle::{ApplyOptions, Economy, Error, Programme};
use proptest::test_runner::{Config, FileFailurePersistence};

/// Cases per run: `PROPTEST_CASES` when set (`make fuzz`), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A proptest configuration whose failures persist in `regressions` (a path under
/// `tests/fuzz_corpus/regressions/`, relative to the crate root where cargo runs tests).
pub fn config(default_cases: u32, regressions: &'static str) -> Config {
    Config {
        cases: cases(default_cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        // Inputs are whole documents: a generous shrink budget, but bounded.
        max_shrink_iters: 2048,
        ..Config::default()
    }
}

/// One seed document.
#[derive(Debug, Clone)]
pub struct Seed {
    /// File name, for messages.
    pub name: String,
    /// Its text.
    pub text: String,
    /// TOML or JSON, from the extension.
    pub format: Format,
}

/// The seed corpus: every example economy and every file in `tests/fuzz_corpus/`, sorted by
/// name so that a seed's index is stable.
pub fn seeds() -> Vec<Seed> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fuzz_corpus"] {
        let mut paths: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let Ok(format) = Format::of_path(&path) else { continue };
            out.push(Seed {
                name: path.display().to_string(),
                text: fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
                format,
            });
        }
    }
    assert!(out.len() >= 4, "the seed corpus is missing: {out:?}");
    out
}

/// Counts cases and prints the count and time at the end, for `make fuzz`'s record.
pub struct Tally {
    name: &'static str,
    start: Instant,
    /// Documents (or scenarios) tried.
    pub tried: std::cell::Cell<u64>,
    /// Of those, the ones that loaded (or applied).
    pub accepted: std::cell::Cell<u64>,
}

impl Tally {
    /// Starts the clock.
    pub fn new(name: &'static str) -> Tally {
        Tally {
            name,
            start: Instant::now(),
            tried: 0.into(),
            accepted: 0.into(),
        }
    }
    /// One more tried; `accepted` when it loaded or applied.
    pub fn count(&self, accepted: bool) {
        self.tried.set(self.tried.get() + 1);
        self.accepted.set(self.accepted.get() + u64::from(accepted));
    }
}

impl Drop for Tally {
    fn drop(&mut self) {
        eprintln!(
            "fuzz {}: {} executions, {} accepted, {:.1} s",
            self.name,
            self.tried.get(),
            self.accepted.get(),
            self.start.elapsed().as_secs_f64()
        );
    }
}

/// Loads `text` and checks what came back: a typed file error, or an economy that passes
/// [`check_economy`]. Returns whether it loaded.
pub fn check_text(text: &str, format: Format) -> Result<bool, String> {
    match programme_from_str(text, format, "<fuzz>") {
        Ok(economy) => check_economy(&economy).map(|()| true),
        Err(Error::File { message, .. }) if !message.is_empty() => Ok(false),
        Err(other) => Err(format!("loading gave an error that is not a file error: {other:?}")),
    }
}

/// What every valid economy must do: round-trip exactly through TOML and JSON (the same
/// economy, and the same text when written again), and apply each scenario it keeps without
/// a panic, either to a comparison whose money adds up or to a typed refusal.
pub fn check_economy(economy: &Programme) -> Result<(), String> {
    for format in [Format::Toml, Format::Json] {
        let text = programme_to_string(economy, format).map_err(|e| format!("{format:?} write: {e}"))?;
        let again = programme_from_str(&text, format, "<round trip>")
            .map_err(|e| format!("{format:?} round trip does not load: {e}\n{text}"))?;
        if &again != economy {
            return Err(format!("{format:?} round trip changed the economy:\n{text}"));
        }
        let text2 = programme_to_string(&again, format).map_err(|e| e.to_string())?;
        if text2 != text {
            return Err(format!(
                "{format:?} text changed on a second write:\n{text}\n---\n{text2}"
            ));
        }
    }
    for scenario in economy.scenarios() {
        check_apply(economy.economy(), scenario)?;
    }
    Ok(())
}

/// Applies `scenario`, without and with `strict`: a comparison whose figures are finite and
/// whose money adds up (after − before = new + reinvested − released), or a typed refusal.
/// Returns nothing on a refusal, so that callers may count.
pub fn check_apply(economy: &Economy, scenario: &caretriangle::Scenario) -> Result<(), String> {
    apply_checked(economy, scenario).map(|_| ())
}

/// As [`check_apply`]; `Ok(true)` when the scenario applied.
pub fn apply_checked(economy: &Economy, scenario: &caretriangle::Scenario) -> Result<bool, String> {
    let before = economy.clone();
    let loose = economy.apply(scenario, ApplyOptions { strict: false });
    let strict = economy.apply(scenario, ApplyOptions { strict: true });
    if economy != &before {
        return Err("apply changed the baseline".into());
    }
    match (&loose, &strict) {
        (Ok(c), Ok(_) | Err(Error::OverEnvelope { .. })) => {
            let figures = [
                c.total_before(),
                c.total_after(),
                c.released(),
                c.reinvested(),
                c.new_money(),
                c.change(),
            ];
            if figures.iter().any(|x| !x.is_finite()) {
                return Err(format!("a figure is not finite: {figures:?}"));
            }
            let ledger = c.new_money() + c.reinvested() - c.released();
            // A penny per £10m of money in play: sums of many services round in the last bits.
            let scale = c.total_before().abs().max(c.total_after().abs()).max(1.0);
            if (c.change() - ledger).abs() > 0.01 * (scale / 1e7).max(1.0) {
                return Err(format!(
                    "money not conserved: change {} but new {} + reinvested {} − released {}",
                    c.change(),
                    c.new_money(),
                    c.reinvested(),
                    c.released()
                ));
            }
            if c.activity_after().iter().any(|a| !a.is_finite() || *a < 0.0) {
                return Err(format!("activity after is {:?}", c.activity_after()));
            }
            Ok(true)
        }
        (Err(a), Err(b)) if a == b => match a {
            Error::InvalidValue { .. } | Error::Insufficient { .. } | Error::UnknownId { .. } => Ok(false),
            other => Err(format!("apply refused with an unexpected kind: {other:?}")),
        },
        other => Err(format!("strict and loose disagree: {other:?}")),
    }
}

/// Reads a file of the corpus by name.
pub fn corpus_file(name: &str) -> String {
    fs::read_to_string(Path::new("tests/fuzz_corpus").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}
