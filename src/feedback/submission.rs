//! What a person sends through a form, as stored and as operators read it back, and the
//! secret that signs the forms.

use std::fmt;
use std::str::FromStr;

use crate::catalog::{Slug, StateCode};

/// The longest each field may be, in characters. The forms say so and refuse longer.
pub mod limits {
    /// A report's message, and a suggestion's "what it does".
    pub const MESSAGE: usize = 2000;
    /// A suggested resource's name.
    pub const NAME: usize = 200;
    /// A suggested resource's web address or phone number.
    pub const REACH: usize = 300;
    /// Where the person learned of a suggested resource.
    pub const LEARNED_FROM: usize = 500;
    /// How to reply, when the person gives it.
    pub const CONTACT: usize = 200;
    /// A closing note an operator writes.
    pub const CLOSE_NOTE: usize = 2000;
}

/// What is wrong with an entry, as the report form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    PhoneWrong,
    LinkBroken,
    ClosedOrMoved,
    OutOfDate,
    Other,
}

impl Problem {
    /// In the order the form lists them.
    pub const ALL: [Problem; 5] = [
        Problem::PhoneWrong,
        Problem::LinkBroken,
        Problem::ClosedOrMoved,
        Problem::OutOfDate,
        Problem::Other,
    ];

    /// The form's value and the stored one.
    pub fn code(self) -> &'static str {
        match self {
            Problem::PhoneWrong => "phone-wrong",
            Problem::LinkBroken => "link-broken",
            Problem::ClosedOrMoved => "closed-or-moved",
            Problem::OutOfDate => "out-of-date",
            Problem::Other => "other",
        }
    }
}

impl FromStr for Problem {
    type Err = String;

    fn from_str(code: &str) -> Result<Problem, String> {
        Problem::ALL
            .into_iter()
            .find(|problem| problem.code() == code)
            .ok_or_else(|| format!("'{code}' is not a kind of problem"))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a person sent through one of the forms: exactly what is stored, besides the hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// Something is wrong with an entry.
    Report {
        slug: Slug,
        problem: Problem,
        message: String,
        contact: Option<String>,
    },
    /// A resource the catalog does not have.
    Suggestion {
        name: String,
        what: String,
        /// A web address or a phone number, as the person wrote it.
        reach: String,
        states: Vec<StateCode>,
        learned_from: String,
        contact: Option<String>,
    },
}

/// A suggestion's states as they are stored and shown: two-letter codes, space-separated.
pub fn states_text(states: &[StateCode]) -> String {
    states
        .iter()
        .map(StateCode::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Submission {
    pub fn contact(&self) -> Option<&str> {
        match self {
            Submission::Report { contact, .. } | Submission::Suggestion { contact, .. } => {
                contact.as_deref()
            }
        }
    }

    /// The first field longer than its limit, if any: the store refuses such a submission
    /// whatever let it through.
    pub fn too_long(&self) -> Option<&'static str> {
        let over = |text: &str, limit: usize| text.chars().count() > limit;
        let contact = self.contact().is_some_and(|c| over(c, limits::CONTACT));
        match self {
            Submission::Report { message, .. } => [
                ("message", over(message, limits::MESSAGE)),
                ("contact", contact),
            ]
            .into_iter()
            .find_map(|(field, over)| over.then_some(field)),
            Submission::Suggestion {
                name,
                what,
                reach,
                learned_from,
                ..
            } => [
                ("name", over(name, limits::NAME)),
                ("what", over(what, limits::MESSAGE)),
                ("reach", over(reach, limits::REACH)),
                ("learned_from", over(learned_from, limits::LEARNED_FROM)),
                ("contact", contact),
            ]
            .into_iter()
            .find_map(|(field, over)| over.then_some(field)),
        }
    }
}

/// A submission's number in the store, as operators type it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeedbackId(pub(super) i64);

impl FeedbackId {
    pub fn get(self) -> i64 {
        self.0
    }
}

impl FromStr for FeedbackId {
    type Err = String;

    fn from_str(written: &str) -> Result<FeedbackId, String> {
        match written.parse::<i64>() {
            Ok(id) if id > 0 && !written.starts_with('+') => Ok(FeedbackId(id)),
            _ => Err(format!(
                "'{written}' is not a feedback number: `lantern feedback list --all` shows them"
            )),
        }
    }
}

impl fmt::Display for FeedbackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub id: FeedbackId,
    /// The hour it arrived, RFC 3339 ("2026-12-07T14:00:00Z").
    pub received_hour: String,
    pub submission: Submission,
    pub closed: Option<Closed>,
}

/// How an operator closed a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// RFC 3339, to the second.
    pub at: String,
    pub note: String,
}

/// The key that signs the time in every form, so a form cannot be forged or replayed for
/// long. Made once, at random, and kept in the store, so it survives restarts.
#[derive(Clone)]
pub struct FormSecret(pub(super) [u8; 32]);

impl FormSecret {
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for FormSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never printed, even in a debug dump.
        f.write_str("FormSecret(…)")
    }
}
