//! The time, for what depends on it: a resource's "verified more than a year ago" notice, the
//! day a pocket card was printed, the day a kept page was rendered on, and how old a form is
//! when it comes back (`forms`). The system clock in production; tests set it and move it,
//! so nothing waits for real time to pass.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::catalog::Date;

const MS_PER_DAY: i64 = 86_400_000;

#[derive(Clone, Default)]
pub enum Clock {
    /// The system's clock, in UTC.
    #[default]
    System,
    /// A time a test sets and moves, in milliseconds since 1970-01-01.
    Set(Arc<AtomicI64>),
}

impl Clock {
    /// A clock standing at midnight (UTC) of `day` until moved.
    pub fn set_to(day: Date) -> Clock {
        Clock::Set(Arc::new(AtomicI64::new(
            day.days_since_epoch() * MS_PER_DAY,
        )))
    }

    /// Moves a set clock by `days` (the system clock moves by itself).
    pub fn advance(&self, days: i64) {
        if let Clock::Set(now) = self {
            now.fetch_add(days * MS_PER_DAY, Ordering::Relaxed);
        }
    }

    /// Moves a set clock by `by` (the system clock moves by itself).
    pub fn advance_by(&self, by: Duration) {
        if let Clock::Set(now) = self {
            let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            now.fetch_add(ms, Ordering::Relaxed);
        }
    }

    /// Milliseconds since 1970-01-01 (UTC).
    pub fn now_ms(&self) -> i64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| {
                    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
                }),
            Clock::Set(now) => now.load(Ordering::Relaxed),
        }
    }

    /// Days since 1970-01-01: what tells a page rendered today from one rendered yesterday.
    pub fn day(&self) -> i64 {
        self.now_ms().div_euclid(MS_PER_DAY)
    }

    pub fn today(&self) -> Date {
        Date::from_days_since_epoch(self.day())
    }
}
