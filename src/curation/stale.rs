//! `lantern stale`: the records whose last verification is older than a limit, oldest first,
//! each with the seed file and line to open and the source to check it against.

use std::fmt;

use super::records::{CheckedSeeds, SeedRecord};
use crate::catalog::{Age, Date};
use crate::input::Escaped;

/// What `lantern stale` found on one day.
#[derive(Debug)]
pub struct Stale<'a> {
    /// The records due, oldest verification first (then in seed order).
    pub due: Vec<&'a SeedRecord>,
    /// How many records carry a verification date at all.
    pub records: usize,
    pub older_than: Age,
    /// The earliest verification that is recent enough.
    pub cutoff: Date,
}

/// The records in `seeds` verified more than `older_than` before `today`.
pub fn stale(seeds: &CheckedSeeds, older_than: Age, today: Date) -> Stale<'_> {
    let mut due: Vec<&SeedRecord> = seeds
        .records
        .iter()
        .filter(|record| older_than.has_passed(record.last_verified, today))
        .collect();
    // Stable: records verified on the same day stay in seed order.
    due.sort_by_key(|record| record.last_verified.last_day());
    Stale {
        due,
        records: seeds.records.len(),
        older_than,
        cutoff: older_than.cutoff(today),
    }
}

impl Stale<'_> {
    /// One sentence: how many records are due, or that none is.
    pub fn summary(&self) -> String {
        match self.due.len() {
            0 => format!(
                "No record was last verified more than {} ago (before {}): none is due.",
                self.older_than, self.cutoff
            ),
            due => format!(
                "{due} of {} record{} {} last verified more than {} ago (before {}): check \
                 each against its source, correct its seed file, then run `lantern verify SLUG`.",
                self.records,
                if self.records == 1 { "" } else { "s" },
                if due == 1 { "was" } else { "were" },
                self.older_than,
                self.cutoff
            ),
        }
    }
}

/// The table of records due, a line each: last verified, where, what and its source; or,
/// when none is due, the sentence that says so.
impl fmt::Display for Stale<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.due.is_empty() {
            return writeln!(f, "{}", self.summary());
        }
        let places: Vec<String> = self
            .due
            .iter()
            .map(|record| {
                format!(
                    "{}:{}",
                    Escaped::line(&record.file.display().to_string()),
                    record.line
                )
            })
            .collect();
        let place_width = places.iter().map(String::len).max().unwrap_or(0);
        let slug_width = self
            .due
            .iter()
            .map(|record| record.slug.as_str().len())
            .max()
            .unwrap_or(0);
        for (record, place) in self.due.iter().zip(&places) {
            writeln!(
                f,
                "{:<10}  {place:<place_width$}  {:<12}  {:<slug_width$}  source {}",
                record.last_verified.to_string(),
                record.kind.as_str(),
                record.slug.as_str(),
                record.source.as_str()
            )?;
        }
        Ok(())
    }
}
