//! Fuzzing of the TOML and JSON loaders: arbitrary bytes, seed documents mutated byte by byte
//! and line by line, and seed documents mutated as trees (a value replaced by a bad one, a key
//! dropped, renamed or added, an entry duplicated). Whatever the input, loading must give an
//! economy that round-trips and applies its scenarios, or a typed file error; never a panic.
//!
//! `PROPTEST_CASES` sets the number of cases (`make fuzz`); see `tests/fuzz_support`.

#[path = "../fuzz_support/mod.rs"]
mod fuzz_support;
mod text_edits;
mod tree_edits;

use caretriangle::io::{programme_from_str, Format};
use fuzz_support::{check_text, config, seeds, Tally};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::Value;
use text_edits::{edit_text, text_edit};
use tree_edits::{edit_tree, tree_edit};

/// The seeds as JSON trees (TOML seeds through the loader and back out as JSON).
fn seed_trees() -> Vec<Value> {
    seeds()
        .iter()
        .filter_map(|s| programme_from_str(&s.text, s.format, &s.name).ok())
        .map(|e| {
            let text = caretriangle::io::programme_to_string(&e, Format::Json).unwrap();
            serde_json::from_str(&text).unwrap()
        })
        .collect()
}

/// Fails the test with proptest's report (the shrunk input) when a case failed.
fn finish(result: Result<(), proptest::test_runner::TestError<impl std::fmt::Debug>>) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let tally = Tally::new("arbitrary bytes");
    let mut runner = TestRunner::new(config(512, "tests/fuzz_corpus/regressions/arbitrary_bytes.txt"));
    let result = runner.run(
        &(prop::collection::vec(any::<u8>(), 0..512), any::<bool>()),
        |(bytes, json)| {
            let text = String::from_utf8_lossy(&bytes);
            let format = if json { Format::Json } else { Format::Toml };
            let loaded = check_text(&text, format).map_err(TestCaseError::fail)?;
            tally.count(loaded);
            Ok(())
        },
    );
    finish(result);
}

#[test]
fn mutated_documents_never_panic() {
    let seeds = seeds();
    let tally = Tally::new("mutated text");
    let mut runner = TestRunner::new(config(256, "tests/fuzz_corpus/regressions/mutated_text.txt"));
    let result = runner.run(
        &(0..seeds.len(), prop::collection::vec(text_edit(), 1..6)),
        |(seed, edits)| {
            let seed = &seeds[seed];
            let text = edit_text(&seed.text, &edits);
            let loaded = check_text(&text, seed.format)
                .map_err(|e| TestCaseError::fail(format!("{} after {edits:?}: {e}", seed.name)))?;
            tally.count(loaded);
            Ok(())
        },
    );
    finish(result);
}

#[test]
fn mutated_trees_never_panic() {
    let trees = seed_trees();
    let tally = Tally::new("mutated trees");
    let mut runner = TestRunner::new(config(128, "tests/fuzz_corpus/regressions/mutated_trees.txt"));
    let result = runner.run(
        &(0..trees.len(), prop::collection::vec(tree_edit(), 1..4)),
        |(seed, edits)| {
            let doc = edit_tree(trees[seed].clone(), &edits);
            let json = serde_json::to_string_pretty(&doc).unwrap();
            let loaded = check_text(&json, Format::Json).map_err(|e| TestCaseError::fail(format!("JSON: {e}")))?;
            tally.count(loaded);
            // TOML has no null; a tree with one has no TOML form and is tried as JSON only.
            if let Ok(toml) = toml::to_string(&doc) {
                let loaded_toml =
                    check_text(&toml, Format::Toml).map_err(|e| TestCaseError::fail(format!("TOML: {e}")))?;
                tally.count(loaded_toml);
            }
            Ok(())
        },
    );
    finish(result);
}

/// The mutators must reach past the parser into validation and on into valid economies, or
/// the runs above say little: with the default case count, a good share of mutated trees must
/// still load.
#[test]
fn mutated_trees_reach_valid_economies() {
    let trees = seed_trees();
    assert!(trees.len() >= 3, "seeds that load: {}", trees.len());
    let mut runner = TestRunner::deterministic();
    let strategy = (0..trees.len(), prop::collection::vec(tree_edit(), 1..3));
    let (mut loaded, mut tried) = (0, 0);
    for _ in 0..200 {
        let (seed, edits) = strategy.new_tree(&mut runner).unwrap().current();
        let json = serde_json::to_string(&edit_tree(trees[seed].clone(), &edits)).unwrap();
        tried += 1;
        loaded += usize::from(check_text(&json, Format::Json).unwrap());
    }
    assert!(loaded * 10 >= tried, "{loaded} of {tried} mutated trees loaded");
    assert!(loaded < tried, "every mutated tree loaded: the mutations do nothing");
}

/// Found by `mutated_trees_never_panic`: serde_json's default float parser read
/// `929529.6777298473` one ulp away from the nearest float (which TOML and Rust's `parse` give),
/// so an economy did not round-trip exactly through JSON. Fixed with serde_json's
/// `float_roundtrip` feature.
#[test]
fn json_reads_floats_exactly() {
    let text =
        fuzz_support::corpus_file("minimal.json").replace("\"unit_cost\": 100", "\"unit_cost\": 929529.6777298473");
    let economy = programme_from_str(&text, Format::Json, "<test>").unwrap();
    let exact: f64 = "929529.6777298473".parse().unwrap();
    assert_eq!(economy.economy().services()[0].unit_cost().to_bits(), exact.to_bits());
}

/// Every example and every seed loads, round-trips exactly through TOML and JSON, and applies
/// its scenarios with money conserved (the seeds that are meant to be refused apart).
#[test]
fn every_seed_round_trips() {
    let mut loaded = 0;
    for seed in seeds() {
        let economy =
            programme_from_str(&seed.text, seed.format, &seed.name).unwrap_or_else(|e| panic!("{}: {e}", seed.name));
        fuzz_support::check_economy(&economy).unwrap_or_else(|e| panic!("{}: {e}", seed.name));
        loaded += 1;
    }
    assert!(loaded >= 6, "{loaded} seeds");
}
