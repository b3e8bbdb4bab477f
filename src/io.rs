//! Economy files in TOML (for people) and JSON (for programs).
//!
//! Parsing goes through the plain serde structs ([`ProgrammeSpec`]), where unknown keys are
//! errors, then through [`Programme::new`], where every value is checked. Errors name the file,
//! the line and column, and the field's path. Saving writes the same structs back, through
//! [`write_atomic`] (see `save.rs`), so that a crash never leaves half a file.

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::programme::{Programme, ProgrammeSpec};
pub use crate::save::write_atomic;

thread_local! {
    static TEXTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many texts this thread has parsed or written as a file: the tests count with it that
/// a study, a budget impact or a sweep is built from the objects themselves, with no trip
/// through text inside the process.
#[doc(hidden)]
pub fn texts_on_this_thread() -> u64 {
    TEXTS.with(std::cell::Cell::get)
}

/// The largest file read (64 MiB): far above any real economy, and well short of what
/// would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, for files people write.
    Toml,
    /// JSON, for files programs write.
    Json,
}

impl Format {
    /// The format a path's extension names (`.toml` or `.json`).
    ///
    /// # Errors
    /// Any other extension.
    pub fn of_path(path: &Path) -> Result<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("toml") => Ok(Format::Toml),
            Some("json") => Ok(Format::Json),
            _ => Err(Error::Io {
                path: path.display().to_string(),
                message: "unknown file type: name the file .toml or .json".into(),
            }),
        }
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where a field's path (`services[3].unit_cost`) sits in a TOML text: the deepest part of the
/// path found.
fn locate_toml(text: &str, path: &str) -> Option<(usize, usize)> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let root = DeValue::Table(root.into_inner());
    let mut at = &root;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let Some(v) = at.get(key) else { break };
        span = v.span();
        at = v.get_ref();
        for idx in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            let Some(v) = idx.parse::<usize>().ok().and_then(|i| at.get(i)) else {
                return Some(line_column(text, span.start));
            };
            span = v.span();
            at = v.get_ref();
        }
    }
    Some(line_column(text, span.start))
}

/// A spec (an economy's, or a part of one: a service, a scenario) from text, with the errors
/// a file gets: the file, line, column and field, and a did-you-mean for an unknown key.
///
/// # Errors
/// [`Error::File`] for text that is not valid TOML or JSON, or does not fit the spec.
pub fn spec_from_str<T: DeserializeOwned>(text: &str, format: Format, file: &str) -> Result<T> {
    TEXTS.with(|n| n.set(n.get() + 1));
    // Windows tools (Notepad, Excel's "UTF-8 CSV") write a byte-order mark; the TOML parser
    // skips one and JSON's must be skipped here, or the file is refused at line 1, column 1.
    let text = match format {
        Format::Json => text.strip_prefix('\u{feff}').unwrap_or(text),
        Format::Toml => text,
    };
    let fail = |line, column, field: String, message: String| Error::File {
        file: file.into(),
        line,
        column,
        field: (!field.is_empty() && field != "." && field != "?").then(|| field.into()),
        message,
        source: None,
    };
    match format {
        Format::Toml => {
            let de = toml::Deserializer::parse(text).map_err(|e| {
                let (line, column) = e.span().map_or((None, None), |s| {
                    let (l, c) = line_column(text, s.start);
                    (Some(l), Some(c))
                });
                fail(line, column, String::new(), e.message().trim().to_string())
            })?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let field = e.path().to_string();
                let inner = e.into_inner();
                let (line, column) = inner.span().map_or((None, None), |s| {
                    let (l, c) = line_column(text, s.start);
                    (Some(l), Some(c))
                });
                fail(line, column, field, unknown_key_hint(inner.message().trim()))
            })
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let spec = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let field = e.path().to_string();
                let inner = e.into_inner();
                fail(
                    Some(inner.line()),
                    Some(inner.column()),
                    field,
                    unknown_key_hint(&strip_position(&inner.to_string())),
                )
            })?;
            de.end().map_err(|e| {
                fail(
                    Some(e.line()),
                    Some(e.column()),
                    String::new(),
                    strip_position(&e.to_string()),
                )
            })?;
            Ok(spec)
        }
    }
}

/// serde_json puts " at line L column C" at the end of its messages; the file error says
/// where already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// serde says "unknown field `unit_cots`, expected one of `id`, …"; add the nearest key, so
/// that a typo reads as one.
fn unknown_key_hint(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((given, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let hint = crate::error::suggestion(given, known.iter().copied());
    if hint.starts_with("; did you mean") {
        format!("unknown key `{given}`{hint}")
    } else {
        format!(
            "unknown key `{given}`{}",
            expected.replacen(", expected", "; expected", 1)
        )
    }
}

/// Reads a programme (an economy and the scenarios and budget impacts kept with it) from text.
///
/// `file` names the source in errors (`<string>` for text that came from no file).
///
/// # Errors
/// [`Error::File`] for bad syntax, unknown or missing keys, values of the wrong type, and
/// (with the validation error as its source) invalid values.
pub fn programme_from_str(text: &str, format: Format, file: &str) -> Result<Programme> {
    let spec = spec_from_str::<ProgrammeSpec>(text, format, file)?;
    Programme::new(spec).map_err(|e| {
        let field = e.location().cloned();
        let (line, column) = match (format, &field) {
            (Format::Toml, Some(f)) => locate_toml(text, f.as_str()).map_or((None, None), |(l, c)| (Some(l), Some(c))),
            _ => (None, None),
        };
        Error::File {
            file: file.into(),
            line,
            column,
            field,
            message: e.to_string(),
            source: Some(Box::new(e)),
        }
    })
}

/// Writes a programme (the economy and what is kept with it) as text. Reading the text
/// back gives an equal programme.
///
/// # Errors
/// None in practice: every validated economy has a text form.
pub fn programme_to_string(programme: &Programme, format: Format) -> Result<String> {
    TEXTS.with(|n| n.set(n.get() + 1));
    let spec = programme.to_spec();
    match format {
        Format::Toml => toml::to_string_pretty(&spec).map_err(|e| Error::Io {
            path: "<toml>".into(),
            message: e.to_string(),
        }),
        Format::Json => serde_json::to_string_pretty(&spec)
            .map(|s| s + "\n")
            .map_err(|e| Error::Io {
                path: "<json>".into(),
                message: e.to_string(),
            }),
    }
}

/// Reads a file as UTF-8 text, refusing files larger than [`MAX_FILE_BYTES`] and anything that
/// is not a regular file.
///
/// A FIFO would block the open until a writer came (a hang Ctrl-C cannot stop), and a device
/// such as `/dev/zero` reports size 0 and never ends; both are refused from their metadata
/// (symlinks followed) before they are opened. The read stops at one byte past the limit, so a
/// file that grows, or whose metadata lies, is still refused without reading more.
///
/// # Errors
/// A file that cannot be read, is not a regular file, is too large, or is not UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    use std::io::Read;

    let shown = path.display().to_string();
    let io = |e: std::io::Error| Error::Io {
        path: shown.clone(),
        message: e.to_string(),
    };
    let too_large = |size: u64| Error::Io {
        path: shown.clone(),
        message: format!("file is {size} bytes, over the limit of {MAX_FILE_BYTES} bytes (64 MiB)"),
    };
    let metadata = fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, device or socket)"
        };
        return Err(Error::Io {
            path: shown,
            message: format!("{kind}; give the path of an economy file"),
        });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| Error::File {
        file: shown.clone(),
        line: None,
        column: None,
        field: None,
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ),
        source: None,
    })
}

/// Reads a programme from a `.toml` or `.json` file.
///
/// # Errors
/// As [`read_text`] and [`programme_from_str`].
pub fn load_programme(path: impl AsRef<Path>) -> Result<Programme> {
    let path = path.as_ref();
    let format = Format::of_path(path)?;
    programme_from_str(&read_text(path)?, format, &path.display().to_string())
}

/// Writes a programme to a `.toml` or `.json` file, atomically.
///
/// # Errors
/// An unknown extension or a folder that cannot be written.
pub fn save_programme(programme: &Programme, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let text = programme_to_string(programme, Format::of_path(path)?)?;
    write_atomic(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }

    #[test]
    fn locates_a_nested_field() {
        let text = "name = \"x\"\n[[services]]\nid = \"a\"\n[[services]]\nid = \"b\"\nunit_cost = -5\n";
        assert_eq!(locate_toml(text, "services[1].unit_cost"), Some((6, 13)));
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let m = unknown_key_hint("unknown field `unit_cots`, expected one of `id`, `unit_cost`");
        assert_eq!(m, "unknown key `unit_cots`; did you mean `unit_cost`?");
    }
}
