//! The table `lantern links check` prints: one line per address (what it came to, the status,
//! how long it took, since when it has failed), the final address under it when redirects
//! led elsewhere, what went wrong when something did, and a count at the end.

use std::fmt::Write;

use crate::feedback::link_checks::{Outcome, StoredLinkCheck};
use crate::input::Escaped;

/// The table for `results`, ending with a newline.
pub fn render(results: &[StoredLinkCheck]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<11}  {:>6}  {:>8}  {:<13}  ADDRESS",
        "RESULT", "STATUS", "TIME", "FAILING SINCE"
    );
    for result in results {
        let check = &result.check;
        let status = check
            .status
            .map_or_else(|| "-".to_owned(), |status| status.to_string());
        let since = result
            .first_failed_at
            .map_or_else(|| "-".to_owned(), |at| at.date().to_string());
        let _ = writeln!(
            out,
            "{:<11}  {status:>6}  {:>6} s  {since:<13}  {}",
            check.outcome.code(),
            format!("{:.2}", check.elapsed.as_secs_f64()),
            Escaped::line(&check.url)
        );
        if let Some(final_url) = check.final_url.as_deref().filter(|f| *f != check.url) {
            let _ = writeln!(out, "{:46}→ {}", "", Escaped::line(final_url));
        }
        if let Some(error) = &check.error {
            let _ = writeln!(out, "{:46}{}", "", Escaped::line(error));
        }
    }
    let count = |outcome: Outcome| {
        results
            .iter()
            .filter(|r| r.check.outcome == outcome)
            .count()
    };
    let _ = writeln!(
        out,
        "{} checked: {} work, {} broken, {} unreachable",
        results.len(),
        count(Outcome::Ok),
        count(Outcome::Broken),
        count(Outcome::Unreachable)
    );
    out
}
