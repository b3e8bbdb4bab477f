//! Ids that people type: checked once, kept in one Unicode form, compared as a reader would.
//!
//! Two ids that look the same on screen must not name two things, and an id must mean the
//! same whichever way a keyboard or a copy from a PDF encoded it:
//! - ids (of services, localities and clusters) are kept in Unicode's composed form, NFC, and
//!   references are looked up in it, so `"cafe\u{301}"` (e + combining accent, as macOS and
//!   some PDFs write it) and `"café"` are one id;
//! - characters that show nothing (zero-width spaces and joiners, direction marks, soft
//!   hyphens: Unicode's default-ignorable code points), control characters and spaces other
//!   than the ordinary one are refused in an id;
//! - two ids of one kind that differ only by case are refused as duplicates (`Health_Trainer`
//!   beside `health_trainer` is a slip, never two services).

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::error::{Error, Location, Result};

/// `value` in NFC; borrowed, at no cost, when it already is (as nearly every id is).
pub fn normal(value: &str) -> Cow<'_, str> {
    match is_nfc_quick(value.chars()) {
        IsNormalized::Yes => Cow::Borrowed(value),
        _ => Cow::Owned(value.nfc().collect()),
    }
}

/// Puts `id` in NFC, in place.
pub(crate) fn normalise(id: &mut String) {
    if let Cow::Owned(n) = normal(id) {
        *id = n;
    }
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1): code
/// points that render as nothing.
fn ignorable(c: char) -> bool {
    matches!(u32::from(c),
        0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Checks that an id is usable: not empty, no surrounding spaces, nothing invisible in it.
///
/// # Errors
/// [`Error::InvalidValue`] on `field`, showing the id escaped (`"health\u{200b}trainer"`).
pub(crate) fn check(field: impl Into<Location>, value: &str) -> Result<()> {
    if value.trim().is_empty() || value.trim() != value {
        return Err(Error::invalid(
            field,
            format!("{value:?}"),
            "a non-empty id without surrounding spaces",
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() || ignorable(c) || (c.is_whitespace() && c != ' '))
    {
        return Err(Error::invalid(
            field,
            format!("\"{}\"", shown(value, c)),
            format!(
                "an id without invisible characters (it holds U+{:04X}, which shows as nothing or as a plain space; \
                 retype the id)",
                u32::from(c)
            ),
        ));
    }
    Ok(())
}

/// Ids of one kind seen so far, refusing an exact repeat or one that differs only by case.
#[derive(Default)]
pub(crate) struct Seen {
    /// Lower-cased NFC form → the id as first given.
    first: HashMap<String, String>,
}

impl Seen {
    /// Adds `id` (already in NFC).
    ///
    /// # Errors
    /// [`Error::DuplicateId`] on `field`, saying which id it repeats when only the case differs.
    pub(crate) fn insert(&mut self, field: impl Into<Location>, kind: &'static str, id: &str) -> Result<()> {
        match self.first.entry(id.to_lowercase()) {
            Entry::Vacant(slot) => {
                slot.insert(id.to_string());
                Ok(())
            }
            Entry::Occupied(first) => Err(Error::DuplicateId {
                field: field.into(),
                kind,
                id: id.into(),
                hint: if first.get() == id {
                    String::new()
                } else {
                    format!(" (the same as `{}` but for case)", first.get())
                },
            }),
        }
    }
}

/// `value` with every `c` written as its escape (`\u{200b}`), so the message shows it.
fn shown(value: &str, c: char) -> String {
    value
        .chars()
        .map(|x| {
            if x == c {
                x.escape_unicode().to_string()
            } else {
                x.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_and_decomposed_forms_are_one_id() {
        assert_eq!(normal("cafe\u{301}"), "café");
        assert!(matches!(normal("health_trainer"), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_characters_are_refused_by_code_point() {
        for c in ['\u{200b}', '\u{200d}', '\u{ad}', '\u{feff}', '\u{202e}', '\u{a0}', '\t'] {
            let id = format!("health{c}trainer");
            let e = check("services[0].id", &id).unwrap_err();
            let code = format!("U+{:04X}", u32::from(c));
            assert!(e.to_string().contains(&code), "{e}");
        }
        assert!(check("id", "health trainer (north)").is_ok());
        assert!(check("id", "café").is_ok());
    }

    #[test]
    fn ids_differing_only_by_case_are_duplicates() {
        let mut seen = Seen::default();
        seen.insert("services[0].id", "service", "health_trainer").unwrap();
        let e = seen.insert("services[1].id", "service", "Health_Trainer").unwrap_err();
        assert_eq!(
            e.to_string(),
            "services[1].id: duplicate service id `Health_Trainer` (the same as `health_trainer` but for case)"
        );
        let e = seen.insert("services[2].id", "service", "health_trainer").unwrap_err();
        assert_eq!(e.to_string(), "services[2].id: duplicate service id `health_trainer`");
    }
}
