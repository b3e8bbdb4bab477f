//! Edits of a seed document's text, as bytes: tokens inserted or put in place of bytes, bytes
//! and lines deleted, repeated, swapped or cut off. Unlike the tree edits, they can break the
//! syntax itself (a half-open table, a stray quote, a byte that is not UTF-8).

use proptest::prelude::*;

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
pub enum TextEdit {
    Insert(usize, usize),
    Replace(usize, usize, usize),
    Delete(usize, usize),
    InsertByte(usize, u8),
    DuplicateLine(usize),
    DeleteLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

pub fn text_edit() -> impl Strategy<Value = TextEdit> {
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
pub fn edit_text(text: &str, edits: &[TextEdit]) -> String {
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
