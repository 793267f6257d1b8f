//! Moments in UTC as the feedback store writes them: RFC 3339 text, which sorts as time does.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::catalog::Date;

/// A moment, to the second, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcTime {
    seconds_since_epoch: i64,
}

impl UtcTime {
    pub fn now() -> UtcTime {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs() as i64);
        UtcTime::from_seconds(seconds)
    }

    pub fn from_seconds(seconds_since_epoch: i64) -> UtcTime {
        UtcTime {
            seconds_since_epoch,
        }
    }

    pub fn seconds_since_epoch(self) -> i64 {
        self.seconds_since_epoch
    }

    /// This moment less `days` whole days.
    pub fn days_before(self, days: u32) -> UtcTime {
        UtcTime::from_seconds(self.seconds_since_epoch - i64::from(days) * 86_400)
    }

    pub fn date(self) -> Date {
        Date::from_days_since_epoch(self.seconds_since_epoch.div_euclid(86_400))
    }

    /// "2026-12-07T14:05:09Z".
    pub fn rfc3339(self) -> String {
        let second_of_day = self.seconds_since_epoch.rem_euclid(86_400);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60
        )
    }

    /// The hour this moment falls in: "2026-12-07T14:00:00Z". Submissions are stamped no
    /// finer, so a stored time cannot be matched to one visit in a proxy's log.
    pub fn hour_rfc3339(self) -> String {
        UtcTime::from_seconds(self.seconds_since_epoch - self.seconds_since_epoch.rem_euclid(3600))
            .rfc3339()
    }

    /// A time as [`UtcTime::rfc3339`] writes it ("2026-12-07T14:05:09Z"); `None` for any
    /// other text.
    pub fn parse_rfc3339(text: &str) -> Option<UtcTime> {
        let date: Date = text.get(..10)?.parse().ok()?;
        date.day()?;
        let time = text.get(10..)?.strip_prefix('T')?.strip_suffix('Z')?;
        let mut parts = time.split(':').map(|part| {
            (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i64>().ok())
                .flatten()
        });
        let (Some(Some(hours)), Some(Some(minutes)), Some(Some(seconds)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        if hours > 23 || minutes > 59 || seconds > 59 {
            return None;
        }
        Some(UtcTime::from_seconds(
            date.days_since_epoch() * 86_400 + hours * 3600 + minutes * 60 + seconds,
        ))
    }

    /// The date part of an RFC 3339 time this module wrote.
    pub fn date_of(rfc3339: &str) -> Option<Date> {
        rfc3339.get(..10)?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_utc_to_the_second_and_the_hour() {
        // 2026-12-07 14:05:09 UTC.
        let moment = UtcTime::from_seconds(1_796_652_309);
        assert_eq!(moment.rfc3339(), "2026-12-07T14:05:09Z");
        assert_eq!(moment.hour_rfc3339(), "2026-12-07T14:00:00Z");
        assert_eq!(moment.days_before(7).rfc3339(), "2026-11-30T14:05:09Z");
        assert_eq!(UtcTime::parse_rfc3339(&moment.rfc3339()), Some(moment));
        assert_eq!(UtcTime::parse_rfc3339("2026-12-07T24:05:09Z"), None);
        assert_eq!(UtcTime::parse_rfc3339("2026-12-07 14:05:09"), None);
        assert_eq!(UtcTime::parse_rfc3339("2026-12T14:05:09Z"), None);
        assert_eq!(
            UtcTime::date_of(&moment.rfc3339()),
            Some("2026-12-07".parse().unwrap())
        );
    }
}
