//! Today's date, for what a page says about it: a resource's "verified more than a year ago"
//! notice, the day a pocket card was printed, and the day a kept page was rendered on. The
//! system clock in production; tests set the day.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::catalog::Date;

#[derive(Clone, Default)]
pub enum Clock {
    /// The system's clock, in UTC.
    #[default]
    System,
    /// A day a test sets and moves, in days since 1970-01-01.
    Set(Arc<AtomicI64>),
}

impl Clock {
    /// A clock standing on `day` until moved.
    pub fn set_to(day: Date) -> Clock {
        Clock::Set(Arc::new(AtomicI64::new(day.days_since_epoch())))
    }

    /// Moves a set clock by `days` (the system clock moves by itself).
    pub fn advance(&self, days: i64) {
        if let Clock::Set(day) = self {
            day.fetch_add(days, Ordering::Relaxed);
        }
    }

    /// Days since 1970-01-01: what tells a page rendered today from one rendered yesterday.
    pub fn day(&self) -> i64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| (since.as_secs() / 86_400) as i64),
            Clock::Set(day) => day.load(Ordering::Relaxed),
        }
    }

    pub fn today(&self) -> Date {
        Date::from_days_since_epoch(self.day())
    }
}
