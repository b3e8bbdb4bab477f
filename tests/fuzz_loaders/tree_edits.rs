//! Edits of a seed document as a JSON tree: a value replaced by a bad one, a key dropped,
//! renamed or added, an entry repeated or grafted elsewhere. The tree is written out again, so
//! its syntax is always sound: these edits are aimed at the validation behind the parsers.

use proptest::prelude::*;
use serde_json::Value;

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
pub enum TreeEdit {
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

pub fn tree_edit() -> impl Strategy<Value = TreeEdit> {
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

pub fn edit_tree(mut doc: Value, edits: &[TreeEdit]) -> Value {
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
