//! What visitors tell the operators, and what the operators' tools find: reports about an
//! entry, suggested resources, link-check results, and the secret that signs the forms.
//!
//! It lives in a database of its own (`--feedback-database`), apart from the catalog: the
//! catalog is rebuilt from the seeds by every import and is read-only to the site, while
//! nothing here can be rebuilt, so an import, a migration of the catalog or a restart never
//! touches it.
//!
//! Privacy is decided here, once: a [`Submission`] holds what the person wrote and nothing
//! about them, and the store adds only the hour it arrived.

pub mod link_checks;
mod location;
pub mod review;
mod store;
mod submission;
mod time;

pub use location::{PostgresUrl, StoreLocation};
pub use store::{FeedbackError, FeedbackStore, Which};
pub use submission::{Closed, Feedback, FeedbackId, FormSecret, Problem, Submission, limits};
pub use time::UtcTime;
