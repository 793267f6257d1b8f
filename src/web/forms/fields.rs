//! What a form sends, read strictly: the body must be URL-encoded text, each field given at
//! most once (the states of a suggestion aside), and each text field within its length once
//! cleaned. A field's problem is kept beside the field, for the form to show it there.

use crate::web::error::{AppError, FormRefusal};
use crate::web::layout::Layout;

/// The fields of a posted form, decoded.
pub struct Posted(Vec<(String, String)>);

impl Posted {
    /// Reads a URL-encoded body. Broken percent-encoding or bytes that are not text are refused
    /// (a lenient decoder would turn them into U+FFFD and store that).
    pub fn parse(body: &[u8]) -> Result<Posted, AppError> {
        let text = std::str::from_utf8(body)
            .ok()
            .filter(|text| crate::web::guard::is_well_formed_query(text))
            .ok_or(AppError::FormRefused(FormRefusal::Malformed))?;
        Ok(Posted(
            form_urlencoded::parse(text.as_bytes())
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
        ))
    }

    /// The one value of `name` (`None` when absent); a field given twice is refused.
    pub fn one<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, AppError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(AppError::FormRefused(FormRefusal::Malformed));
        }
        Ok(first)
    }

    /// Every value of `name`, in the order sent.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What is wrong with one field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    /// Longer than `max` characters: `count` were sent.
    TooLong {
        max: usize,
        count: usize,
    },
    /// A choice the form does not offer.
    Unknown,
}

/// Text as it is kept: line breaks as `\n`, no other control characters (a tab becomes a
/// space), no spaces at either end.
pub fn clean(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Invisible marks that reverse or hide text: a reader must see what was written.
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A text field, cleaned, and checked for presence (when `required`) and length in characters.
/// The cleaned text comes back with its problem, so the form can show it again.
pub fn text(value: Option<&str>, max: usize, required: bool) -> (String, Option<FieldProblem>) {
    let text = clean(value.unwrap_or_default());
    let count = text.chars().count();
    let problem = if required && text.is_empty() {
        Some(FieldProblem::Missing)
    } else if count > max {
        Some(FieldProblem::TooLong { max, count })
    } else {
        None
    };
    (text, problem)
}

/// An optional field as stored: nothing when left empty.
pub fn optional(text: String) -> Option<String> {
    Some(text).filter(|text| !text.is_empty())
}

/// A form's problems as sent, in the order its fields appear, each as a sentence in the page's
/// language and tied to its field's id (the template shows it by the field, and in a summary
/// at the top linking there).
#[derive(Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// Notes `problem` with `field` (the id of its input), if there is one. `missing` is the
    /// field's own sentence for an empty value or a choice the form does not offer.
    pub fn note(
        &mut self,
        layout: &Layout,
        field: &'static str,
        problem: Option<FieldProblem>,
        missing: &str,
    ) {
        let Some(problem) = problem else { return };
        let sentence = match problem {
            FieldProblem::Missing | FieldProblem::Unknown => missing.to_owned(),
            FieldProblem::TooLong { max, count } => {
                layout.t2("form-error-too-long", "max", max, "count", count)
            }
        };
        self.0.push((field, sentence));
    }

    /// Notes `problem` with an optional field, which can only be too long.
    pub fn note_length(
        &mut self,
        layout: &Layout,
        field: &'static str,
        problem: Option<FieldProblem>,
    ) {
        if let Some(too_long @ FieldProblem::TooLong { .. }) = problem {
            self.note(layout, field, Some(too_long), "");
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each problem with its field's id, in the order of the form.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0
            .iter()
            .map(|(field, sentence)| (*field, sentence.as_str()))
    }

    /// The problem with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.iter()
            .find(|(id, _)| *id == field)
            .map(|(_, sentence)| sentence)
    }

    /// Whether `field` takes the focus when the form comes back: the first with a problem, so
    /// a screen reader starts on it, and hears its problem with it.
    pub fn focus(&self, field: &str) -> bool {
        self.0.first().is_some_and(|(id, _)| *id == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cleaned_of_controls_and_hidden_marks_and_counted_in_characters() {
        assert_eq!(clean("  a\r\nb\rc\u{0}\u{202e}d\te  "), "a\nb\ncd e");
        assert_eq!(text(Some("ñandú"), 5, true), ("ñandú".to_owned(), None));
        assert_eq!(
            text(Some("ñandús"), 5, true).1,
            Some(FieldProblem::TooLong { max: 5, count: 6 })
        );
        assert_eq!(
            text(Some(" \u{0} "), 5, true).1,
            Some(FieldProblem::Missing)
        );
        assert_eq!(text(None, 5, false), (String::new(), None));
    }

    #[test]
    fn a_body_must_be_text_and_each_field_given_once() {
        let posted = Posted::parse(b"a=1&b=x+y&s=TX&s=NM").unwrap();
        assert_eq!(posted.one("b").unwrap(), Some("x y"));
        assert_eq!(posted.one("c").unwrap(), None);
        assert!(posted.one("s").is_err());
        assert_eq!(posted.all("s").collect::<Vec<_>>(), ["TX", "NM"]);
        for bad in [&b"a=%FF"[..], b"a=%", b"a=\xff", b"a=%G1"] {
            assert!(Posted::parse(bad).is_err(), "{bad:?}");
        }
    }
}
