//! Where a value sits in what was read: a path of segments (a key of a table, an index into a
//! list), as pydantic-core's `loc`. Errors carry one; messages show it as the path
//! `services[3].unit_cost`, and Python exceptions as the tuple `("services", 3, "unit_cost")`.

use std::fmt;

/// One step of a [`Location`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a table (`services`, `unit_cost`, an input's name).
    Key(String),
    /// An index into a list, from 0.
    Index(usize),
}

/// A path of [`Segment`]s. Built from its segments (`Location::key("services").index(3)`), or
/// read from a path's text (`"services[3].unit_cost"`); an error raised deep down gets the
/// path of what holds it put in front ([`Location::within`]), segment by segment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    // Boxed slices, not vectors: an error holds one, and errors are returned everywhere, so
    // they are kept small (clippy's `result_large_err`); a path changes only on its way up.
    segments: Box<[Segment]>,
    /// The path as text, made from the segments whenever they change: every message shows
    /// it, and `Error::field` lends it out.
    text: Box<str>,
}

impl Location {
    /// The path of one key.
    pub fn key(key: impl Into<String>) -> Location {
        Location::from_segments(vec![Segment::Key(key.into())])
    }

    /// This path, then `key`.
    #[must_use]
    pub fn then(self, key: impl Into<String>) -> Location {
        let mut segments = self.segments.into_vec();
        segments.push(Segment::Key(key.into()));
        Location::from_segments(segments)
    }

    /// This path, then index `i`.
    #[must_use]
    pub fn at(self, i: usize) -> Location {
        let mut segments = self.segments.into_vec();
        segments.push(Segment::Index(i));
        Location::from_segments(segments)
    }

    /// This path inside `outer`: `unit_cost` within `services[3]` is `services[3].unit_cost`.
    #[must_use]
    pub fn within(self, outer: Location) -> Location {
        let mut segments = outer.segments.into_vec();
        segments.extend(self.segments.into_vec());
        Location::from_segments(segments)
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The path as text (`services[3].unit_cost`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the path has no segments.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    fn from_segments(segments: Vec<Segment>) -> Location {
        use fmt::Write as _;
        let mut text = String::new();
        for (i, s) in segments.iter().enumerate() {
            // Writing to a String cannot fail.
            let _ = match s {
                Segment::Key(k) if i == 0 => write!(text, "{k}"),
                Segment::Key(k) => write!(text, ".{k}"),
                Segment::Index(n) => write!(text, "[{n}]"),
            };
        }
        Location {
            segments: segments.into_boxed_slice(),
            text: text.into_boxed_str(),
        }
    }

    /// The segments of a path's text: keys between dots, indices in brackets. Text that does
    /// not read back as itself that way (a key with brackets of its own) is one key.
    fn parse(text: &str) -> Location {
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (key, mut rest) = part.find('[').map_or((part, ""), |i| part.split_at(i));
            if !key.is_empty() {
                segments.push(Segment::Key(key.to_string()));
            }
            while let Some(inner) = rest.strip_prefix('[') {
                let Some(end) = inner.find(']') else { break };
                let Ok(n) = inner[..end].parse::<usize>() else { break };
                segments.push(Segment::Index(n));
                rest = &inner[end + 1..];
            }
        }
        let read = Location::from_segments(segments);
        if &*read.text == text {
            read
        } else {
            Location::key(text)
        }
    }
}

impl From<&str> for Location {
    fn from(text: &str) -> Location {
        Location::parse(text)
    }
}

impl From<String> for Location {
    fn from(text: String) -> Location {
        Location::parse(&text)
    }
}

impl From<&String> for Location {
    fn from(text: &String) -> Location {
        Location::parse(text)
    }
}

impl From<&Location> for Location {
    fn from(at: &Location) -> Location {
        at.clone()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A location reads as its path's text wherever text is asked for (`field.starts_with(..)`).
impl std::ops::Deref for Location {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for Location {
    fn eq(&self, other: &str) -> bool {
        &*self.text == other
    }
}

impl PartialEq<&str> for Location {
    fn eq(&self, other: &&str) -> bool {
        &*self.text == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Segment {
        Segment::Key(k.into())
    }

    #[test]
    fn a_path_is_its_segments_and_shows_as_its_text() {
        let at = Location::key("services").at(3).then("unit_cost");
        assert_eq!(at.segments(), [key("services"), Segment::Index(3), key("unit_cost")]);
        assert_eq!(at.as_str(), "services[3].unit_cost");
        assert_eq!(Location::from("services[3].unit_cost"), at);
        assert_eq!(
            Location::from("correlation[2][1]").segments(),
            [key("correlation"), Segment::Index(2), Segment::Index(1)]
        );
        assert_eq!(Location::from("[4]").segments(), [Segment::Index(4)]);
        assert!(Location::from("").is_empty());
    }

    #[test]
    fn text_that_is_not_a_path_is_one_key() {
        for text in ["a[x]", "a[1", "a..b", "a.", "budget_impacts[`x`]", "a[01]"] {
            let at = Location::from(text);
            assert_eq!(at.segments(), [key(text)], "{text}");
            assert_eq!(at.as_str(), text);
        }
    }

    #[test]
    fn within_puts_the_outer_path_in_front() {
        let inner = Location::key("unit_cost");
        let outer = Location::key("services").at(3);
        assert_eq!(inner.within(outer).as_str(), "services[3].unit_cost");
        // An index goes straight on, an empty path is the outer one.
        assert_eq!(Location::from("[2]").within(Location::key("into")).as_str(), "into[2]");
        assert_eq!(
            Location::default().within(Location::key("scenario")).as_str(),
            "scenario"
        );
    }
}
