//! Fuzzing of the TOML and JSON loaders: arbitrary bytes, seed documents mutated byte by byte
//! and line by line, and seed documents mutated as trees (a value replaced by a bad one, a key
//! dropped, renamed or added, an entry duplicated). Whatever the input, loading must give an
//! economy that round-trips and applies its scenarios, or a typed file error; never a panic.
//!
//! `PROPTEST_CASES` sets the number of cases (`make fuzz`); see `tests/fuzz_support`.

mod fuzz_support;

use caretriangle::io::{programme_from_str, Format};
use fuzz_support::{check_text, config, seeds, Tally};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::Value;

/// Tokens that tend to reach the edges of the validation: bad numbers, empty and spaced ids,
/// typos of keys, brackets that open tables and arrays, quotes, control characters.
const TOKENS: &[&str] = &[
    "-1",
    "-0.0",
    "0",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "1e309",
    "18446744073709551616",
    "-9223372036854775809",
    "0.5",
    "2",
    "\"\"",
    "\" x \"",
    "[]",
    "{}",
    "null",
    "true",
    "[[services]]",
    "[[localities]]",
    "[[scenarios]]",
    "[[scenarios.levers]]",
    "[budget]",
    "unit_cots",
    "{ dist = \"normal\", mean = 1, sd = -1 }",
    "{ dist = \"beta\", mean = 0.4, sd = 0.9 }",
    "{ dist = \"gamma\", mean = 0, sd = 1 }",
    "{\"dist\": \"pert\", \"low\": 2, \"mode\": 1, \"high\": 0}",
    "\"2010/11\"",
    "\"2023/25\"",
    "\u{0}",
    "\u{feff}",
    "é",
    "\n",
    "=",
    "\"",
    ",",
    "]",
    "}",
    "#",
    "'''",
];

#[derive(Debug, Clone)]
enum TextEdit {
    Insert(usize, usize),
    Replace(usize, usize, usize),
    Delete(usize, usize),
    InsertByte(usize, u8),
    DuplicateLine(usize),
    DeleteLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        3 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| TextEdit::Insert(at, t)),
        4 => (any::<usize>(), 0..12usize, 0..TOKENS.len()).prop_map(|(at, n, t)| TextEdit::Replace(at, n, t)),
        2 => (any::<usize>(), 1..40usize).prop_map(|(at, n)| TextEdit::Delete(at, n)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| TextEdit::InsertByte(at, b)),
        2 => any::<usize>().prop_map(TextEdit::DuplicateLine),
        2 => any::<usize>().prop_map(TextEdit::DeleteLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| TextEdit::SwapLines(a, b)),
        1 => any::<usize>().prop_map(TextEdit::Truncate),
    ]
}

/// Applies edits as bytes; the result is read back as UTF-8 with bad bytes replaced (the
/// loaders take text; bytes that are not UTF-8 are refused before them, by `read_text`).
fn edit_text(text: &str, edits: &[TextEdit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    for edit in edits {
        match edit {
            TextEdit::Insert(i, t) => {
                let p = at(*i, bytes.len());
                bytes.splice(p..p, TOKENS[*t].bytes());
            }
            TextEdit::Replace(i, n, t) => {
                let p = at(*i, bytes.len());
                let end = (p + n).min(bytes.len());
                bytes.splice(p..end, TOKENS[*t].bytes());
            }
            TextEdit::Delete(i, n) => {
                let p = at(*i, bytes.len());
                let end = (p + n).min(bytes.len());
                bytes.drain(p..end);
            }
            TextEdit::InsertByte(i, b) => {
                let p = at(*i, bytes.len());
                bytes.insert(p, *b);
            }
            TextEdit::Truncate(i) => {
                let p = at(*i, bytes.len());
                bytes.truncate(p);
            }
            TextEdit::DuplicateLine(_) | TextEdit::DeleteLine(_) | TextEdit::SwapLines(..) => {
                let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                match edit {
                    TextEdit::DuplicateLine(i) => {
                        let l = lines[i % n].clone();
                        lines.insert(i % n, l);
                    }
                    TextEdit::DeleteLine(i) if n > 1 => {
                        lines.remove(i % n);
                    }
                    TextEdit::SwapLines(a, b) => lines.swap(a % n, b % n),
                    _ => {}
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A bad or borderline value to put in a tree.
fn bad_value() -> impl Strategy<Value = Value> {
    use serde_json::json;
    prop_oneof![
        prop::sample::select(vec![
            json!(-1),
            json!(-0.0),
            json!(0),
            json!(0.5),
            json!(1),
            json!(1.0000001),
            json!(2),
            json!(1e308),
            json!(1e-300),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(""),
            json!(" x"),
            json!("unit_cots"),
            json!("2010/11"),
            json!("2023/24"),
            json!("2023/25"),
            json!("need"),
            json!("register"),
            json!("new"),
            json!(null),
            json!(true),
            json!([]),
            json!({}),
            json!(["a", "a"]),
        ]),
        (-1e7f64..1e7).prop_map(|x| json!(x)),
        (
            prop::sample::select(vec![
                "fixed",
                "uniform",
                "normal",
                "truncated_normal",
                "lognormal",
                "gamma",
                "beta",
                "triangular",
                "pert",
                "discrete",
                "cauchy"
            ]),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "value", "low", "high", "mean", "sd", "mode", "shape", "scale", "alpha", "beta", "meanlog",
                        "sdlog", "values", "weights", "sigma"
                    ]),
                    prop_oneof![
                        (-3.0f64..3.0).prop_map(|x| json!(x)),
                        Just(json!(0)),
                        Just(json!(1e300)),
                        Just(json!([1, 2])),
                        Just(json!([0, 0])),
                        Just(json!([]))
                    ],
                ),
                0..5
            ),
        )
            .prop_map(|(kind, params)| {
                let mut m = serde_json::Map::new();
                m.insert("dist".into(), json!(kind));
                for (k, v) in params {
                    m.insert(k.into(), v);
                }
                Value::Object(m)
            }),
    ]
}

#[derive(Debug, Clone)]
enum TreeEdit {
    /// Replace the value at node `i` (of all nodes, in order) with a bad one.
    Set(usize, Value),
    /// Drop a key of an object, or an element of an array.
    Remove(usize),
    /// Repeat an element of an array (duplicate ids), or copy a key's value to a typo of it.
    Duplicate(usize),
    /// Rename a key: drop or double one of its letters.
    Rename(usize, usize),
    /// Put an element of one array into another place in the tree.
    Graft(usize, usize),
}

fn tree_edit() -> impl Strategy<Value = TreeEdit> {
    prop_oneof![
        5 => (any::<usize>(), bad_value()).prop_map(|(i, v)| TreeEdit::Set(i, v)),
        2 => any::<usize>().prop_map(TreeEdit::Remove),
        2 => any::<usize>().prop_map(TreeEdit::Duplicate),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| TreeEdit::Rename(i, j)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| TreeEdit::Graft(i, j)),
    ]
}

/// Every node of a tree in document order, as a path of keys and indices.
fn nodes(v: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(path.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                path.push(PathStep::Key(k.clone()));
                nodes(child, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(PathStep::Index(i));
                nodes(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone, PartialEq)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(v: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

fn edit_tree(mut doc: Value, edits: &[TreeEdit]) -> Value {
    for edit in edits {
        let mut all = Vec::new();
        nodes(&doc, &mut Vec::new(), &mut all);
        let pick = |i: usize| all[i % all.len()].clone();
        match edit {
            TreeEdit::Set(i, value) => {
                if let Some(v) = at_mut(&mut doc, &pick(*i)) {
                    *v = value.clone();
                }
            }
            TreeEdit::Remove(i) | TreeEdit::Duplicate(i) | TreeEdit::Rename(i, _) => {
                let path = pick(*i);
                let Some((last, parent)) = path.split_last() else {
                    continue;
                };
                let Some(parent) = at_mut(&mut doc, parent) else {
                    continue;
                };
                match (edit, last, parent) {
                    (TreeEdit::Remove(_), PathStep::Key(k), Value::Object(m)) => {
                        m.remove(k);
                    }
                    (TreeEdit::Remove(_), PathStep::Index(j), Value::Array(a)) => {
                        a.remove(*j);
                    }
                    (TreeEdit::Duplicate(_), PathStep::Index(j), Value::Array(a)) => {
                        let copy = a[*j].clone();
                        a.push(copy);
                    }
                    (TreeEdit::Duplicate(_), PathStep::Key(k), Value::Object(m)) => {
                        let copy = m[k].clone();
                        m.insert(format!("{k}s"), copy);
                    }
                    (TreeEdit::Rename(_, j), PathStep::Key(k), Value::Object(m)) => {
                        let chars: Vec<char> = k.chars().collect();
                        if chars.is_empty() {
                            continue;
                        }
                        let c = j % chars.len();
                        let mut new: String = chars[..c].iter().collect();
                        if j % 2 == 0 {
                            new.push(chars[c]);
                        }
                        new.extend(&chars[c + 1..]);
                        new.extend(&chars[c..=c]);
                        if let Some(v) = m.remove(k) {
                            m.insert(new, v);
                        }
                    }
                    _ => {}
                }
            }
            TreeEdit::Graft(i, j) => {
                let from = pick(*i);
                let copy = at_mut(&mut doc, &from).map(|v| v.clone());
                if let (Some(copy), Some(Value::Array(a))) = (copy, at_mut(&mut doc, &pick(*j))) {
                    a.push(copy);
                }
            }
        }
    }
    doc
}

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
