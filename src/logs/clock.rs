//! The time at the start of each log line, `2026-12-07T19:31:44.544605Z` (UTC, microseconds),
//! as tracing-subscriber's `SystemTime` writes it, with the date and time of day worked out
//! once a second per thread rather than on every line: every request writes a line.

use std::cell::RefCell;
use std::fmt::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// The clock for tracing-subscriber's formatter.
pub struct CachedSecondClock;

thread_local! {
    /// The whole second last written, and its text up to and including the `.`.
    static LAST_SECOND: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
}

impl FormatTime for CachedSecondClock {
    fn format_time(&self, writer: &mut Writer<'_>) -> fmt::Result {
        write_now(writer)
    }
}

/// Writes the time now, for the formatter and for the access log alike.
pub(super) fn write_now(out: &mut impl Write) -> fmt::Result {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = since_epoch.as_secs();
    LAST_SECOND.with_borrow_mut(|(cached, prefix)| {
        if *cached != seconds {
            prefix.clear();
            write_second(prefix, seconds)?;
            *cached = seconds;
        }
        out.write_str(prefix)?;
        write!(out, "{:06}Z", since_epoch.subsec_micros())
    })
}

/// `YYYY-MM-DDTHH:MM:SS.` for seconds since 1970 (UTC), by Howard Hinnant's `civil_from_days`.
fn write_second(out: &mut String, seconds: u64) -> fmt::Result {
    let days = (seconds / 86_400) as i64;
    let of_day = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.",
        of_day / 3_600,
        of_day / 60 % 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::fmt::time::SystemTime as DefaultClock;

    fn second(seconds: u64) -> String {
        let mut out = String::new();
        write_second(&mut out, seconds).unwrap();
        out
    }

    #[test]
    fn dates_match_the_calendar() {
        assert_eq!(second(0), "1970-01-01T00:00:00.");
        // A leap day, the day after it, and the last second of a leap year.
        assert_eq!(second(951_782_400), "2000-02-29T00:00:00.");
        assert_eq!(second(951_868_800), "2000-03-01T00:00:00.");
        assert_eq!(second(1_798_761_599), "2026-12-31T23:59:59.");
        assert_eq!(second(1_796_671_904), "2026-12-07T19:31:44.");
        // 2100 is not a leap year.
        assert_eq!(second(4_107_542_400), "2100-03-01T00:00:00.");
    }

    #[test]
    fn the_clock_writes_what_the_default_clock_writes() {
        // Both read the clock; they agree to the second unless a second ends between the two
        // reads, so try until one pair falls in the same second.
        for _ in 0..100 {
            let (mut ours, mut theirs) = (String::new(), String::new());
            CachedSecondClock
                .format_time(&mut Writer::new(&mut ours))
                .unwrap();
            DefaultClock
                .format_time(&mut Writer::new(&mut theirs))
                .unwrap();
            assert_eq!(ours.len(), theirs.len(), "{ours} / {theirs}");
            if ours[..20] == theirs[..20] {
                assert!(ours.ends_with('Z'));
                return;
            }
        }
        panic!("the two clocks never agreed on the second");
    }
}
