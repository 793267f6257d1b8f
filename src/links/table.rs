//! The table `lantern links check` prints: one line per address (what it came to, the status,
//! how long it took, since when it has failed), the final address under it when redirects
//! led elsewhere, what went wrong when something did, and a count at the end. A 401, 403 or
//! 429 is listed as inconclusive.

use std::fmt::Write;

use crate::feedback::link_checks::{LinkCheck, Outcome, StoredLinkCheck, Verdict};
use crate::input::Escaped;

/// The table for `results`, ending with a newline.
pub fn render(results: &[StoredLinkCheck]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12}  {:>6}  {:>8}  {:<13}  ADDRESS",
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
            "{:<12}  {status:>6}  {:>6} s  {since:<13}  {}",
            result_word(check),
            format!("{:.2}", check.elapsed.as_secs_f64()),
            Escaped::line(&check.url)
        );
        if let Some(final_url) = check.final_url.as_deref().filter(|f| *f != check.url) {
            let _ = writeln!(out, "{:47}→ {}", "", Escaped::line(final_url));
        }
        if let Some(error) = &check.error {
            let _ = writeln!(out, "{:47}{}", "", Escaped::line(error));
        }
    }
    let count = |word: &str| {
        results
            .iter()
            .filter(|r| result_word(&r.check) == word)
            .count()
    };
    let _ = writeln!(
        out,
        "{} checked: {} work, {} broken, {} unreachable, {} inconclusive",
        results.len(),
        count(Outcome::Ok.code()),
        count(Outcome::Broken.code()),
        count(Outcome::Unreachable.code()),
        count(Verdict::Inconclusive.code()),
    );
    out
}

/// What a check came to, in the table's first column: its outcome, or "inconclusive" for a
/// 401, 403 or 429, which is stored as broken but says nothing either way.
fn result_word(check: &LinkCheck) -> &'static str {
    match check.verdict() {
        Verdict::Inconclusive => Verdict::Inconclusive.code(),
        Verdict::Works | Verdict::Fails => check.outcome.code(),
    }
}
