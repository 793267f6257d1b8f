//! How long ago a record may have been verified before it is due again: a year on record
//! pages and `/about`, whatever the operator asks of `lantern stale --older-than` (`12m`,
//! `90d`, `2y`). One rule for both, so the command and the site never disagree about a record.

use std::fmt;
use std::str::FromStr;

use super::types::Date;

/// A span of calendar time, counted back from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Days(u32),
    Months(u32),
    Years(u32),
}

/// The longest span accepted, in each unit: a century, beyond any record's history.
const MAX_DAYS: u32 = 36_525;
const MAX_MONTHS: u32 = 1_200;
const MAX_YEARS: u32 = 100;

impl Age {
    /// When a record is due for verification on the site: twelve months after its last one.
    pub const YEAR: Age = Age::Months(12);

    /// The earliest verification date that is not yet older than this on `today`: the same
    /// day so many months (or years) before, or so many days before.
    pub fn cutoff(self, today: Date) -> Date {
        let today = today.last_day();
        match self {
            Age::Days(days) => {
                Date::from_days_since_epoch(today.days_since_epoch() - i64::from(days))
            }
            Age::Months(months) => today.months_before(months),
            Age::Years(years) => today.months_before(years * 12),
        }
    }

    /// Whether a record last verified on `verified` is older than this on `today`. A
    /// month-only date counts from the month's last day, so it is never due early.
    pub fn has_passed(self, verified: Date, today: Date) -> bool {
        verified.last_day() < self.cutoff(today)
    }
}

impl FromStr for Age {
    type Err = String;

    /// `12m`, `90d`, `2y`: a whole number from 1 and a unit.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            format!(
                "'{s}' is not an age: write a whole number and a unit, such as 12m (months), \
                 90d (days) or 2y (years)"
            )
        };
        let unit_at = s.len().checked_sub(1).ok_or_else(invalid)?;
        let (number, unit) = s.split_at_checked(unit_at).ok_or_else(invalid)?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let (make, max): (fn(u32) -> Age, u32) = match unit {
            "d" => (Age::Days, MAX_DAYS),
            "m" => (Age::Months, MAX_MONTHS),
            "y" => (Age::Years, MAX_YEARS),
            _ => return Err(invalid()),
        };
        match number.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(make(n)),
            _ => Err(format!("'{s}' is out of range: from 1 to {max}{unit}")),
        }
    }
}

/// "12 months", "1 year", "90 days", as a sentence says it.
impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Age::Days(n) => (n, "day"),
            Age::Months(n) => (n, "month"),
            Age::Years(n) => (n, "year"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn ages_are_read_with_their_unit() {
        assert_eq!("12m".parse(), Ok(Age::Months(12)));
        assert_eq!("90d".parse(), Ok(Age::Days(90)));
        assert_eq!("2y".parse(), Ok(Age::Years(2)));
        assert_eq!("100y".parse(), Ok(Age::Years(100)));
        for bad in [
            "",
            "m",
            "12",
            "12M",
            "12 m",
            " 12m",
            "-1m",
            "+1m",
            "1.5y",
            "12mo",
            "twelve",
            "0m",
            "0d",
            "101y",
            "1201m",
            "99999999999d",
            "1é",
            "é",
        ] {
            assert!(bad.parse::<Age>().is_err(), "{bad:?} accepted");
        }
        assert!(
            "12x"
                .parse::<Age>()
                .unwrap_err()
                .contains("such as 12m (months)")
        );
        assert!("0m".parse::<Age>().unwrap_err().contains("from 1 to 1200m"));
    }

    #[test]
    fn ages_read_as_a_sentence_says_them() {
        assert_eq!(Age::Months(12).to_string(), "12 months");
        assert_eq!(Age::Years(1).to_string(), "1 year");
        assert_eq!(Age::Days(1).to_string(), "1 day");
    }

    #[test]
    fn a_year_has_passed_the_day_after_the_anniversary() {
        let today = date("2026-11-22");
        assert!(Age::YEAR.has_passed(date("2020-12"), today));
        assert!(Age::YEAR.has_passed(date("2025-11-21"), today));
        assert!(!Age::YEAR.has_passed(date("2025-11-22"), today));
        assert!(!Age::YEAR.has_passed(date("2026-11-22"), today));
        // A month-only date is due only once its last day is a year old.
        assert!(!Age::YEAR.has_passed(date("2025-11"), date("2026-11-30")));
        assert!(Age::YEAR.has_passed(date("2025-11"), date("2026-12-01")));
        assert_eq!(Age::Years(1).cutoff(today), Age::YEAR.cutoff(today));
    }

    #[test]
    fn days_count_back_across_months_and_years() {
        let today = date("2026-01-10");
        assert_eq!(Age::Days(10).cutoff(today), date("2025-12-31"));
        assert!(Age::Days(10).has_passed(date("2025-12-30"), today));
        assert!(!Age::Days(10).has_passed(date("2025-12-31"), today));
        assert_eq!(
            Age::Months(1).cutoff(date("2026-03-31")),
            date("2026-02-28")
        );
    }
}
