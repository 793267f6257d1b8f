//! How many forms are taken, from whom: a per-client limit and a cap for everyone, both over
//! the last hour, and the settings that size them. Clients are told apart by a keyed hash of
//! their address (std's SipHash with keys drawn at random when the server starts): the
//! address itself is never kept, and the key lives in this process's memory only, so nothing
//! written anywhere can be turned back into an address. Everything here is forgotten on
//! restart.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Forms one client may send in an hour unless the operator says otherwise.
pub const DEFAULT_PER_CLIENT: u32 = 5;
/// Forms the whole site takes in an hour unless the operator says otherwise: far more than a
/// directory of this size receives from people, few enough that a flood cannot fill the
/// store or the operator's review queue.
pub const DEFAULT_PER_HOUR: u32 = 100;
/// How long after rendering a form may come back, in milliseconds: people take longer to read
/// and fill it in; scripts do not.
pub const DEFAULT_MIN_AGE_MS: u64 = 2_000;
/// How long a form stays good: a day, so that a tab left open overnight is refused with a
/// fresh form rather than kept forever.
pub const MAX_AGE_MS: i64 = 24 * 3_600_000;

const HOUR_MS: i64 = 3_600_000;
/// Clients remembered at once. A flood from many addresses prunes what is older than an hour;
/// past that it meets the cap for everyone, never unbounded memory.
const MAX_CLIENTS: usize = 100_000;

/// What the operator decides about the forms.
#[derive(Debug, Clone, Copy)]
pub struct FormSettings {
    pub per_client: u32,
    pub per_hour: u32,
    pub min_age_ms: u64,
}

impl Default for FormSettings {
    fn default() -> Self {
        FormSettings {
            per_client: DEFAULT_PER_CLIENT,
            per_hour: DEFAULT_PER_HOUR,
            min_age_ms: DEFAULT_MIN_AGE_MS,
        }
    }
}

/// A client as the limits know it: a keyed hash of its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(u64);

/// Refused for now: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TryLater {
    pub seconds: u64,
    /// The whole site's cap was reached, not this client's.
    pub everyone: bool,
}

/// The settings and what the last hour took. Shared by every request.
#[derive(Clone)]
pub struct FormLimits(Arc<Inner>);

struct Inner {
    settings: FormSettings,
    key: RandomState,
    taken: Mutex<Taken>,
}

#[derive(Default)]
struct Taken {
    /// When each client's forms of the last hour were taken, oldest first.
    clients: HashMap<ClientKey, VecDeque<i64>>,
    /// When every form of the last hour was taken, oldest first.
    everyone: VecDeque<i64>,
}

impl FormLimits {
    pub fn new(settings: FormSettings) -> FormLimits {
        FormLimits(Arc::new(Inner {
            settings,
            key: RandomState::new(),
            taken: Mutex::default(),
        }))
    }

    pub fn settings(&self) -> FormSettings {
        self.0.settings
    }

    /// The key for a client at `address` (none when the request came without one, as through
    /// a test's router: those share one key).
    pub fn client(&self, address: Option<IpAddr>) -> ClientKey {
        ClientKey(self.0.key.hash_one(address))
    }

    /// Takes one form from `client` at `now_ms`, or says when to try again.
    pub fn take(&self, client: ClientKey, now_ms: i64) -> Result<(), TryLater> {
        let settings = self.0.settings;
        let since = now_ms - HOUR_MS;
        let mut taken = self.0.taken.lock().expect("form limits lock");
        let Taken { clients, everyone } = &mut *taken;
        forget_before(everyone, since);
        if everyone.len() >= settings.per_hour as usize {
            return Err(try_after(everyone, now_ms, true));
        }
        if clients.len() >= MAX_CLIENTS && !clients.contains_key(&client) {
            clients.retain(|_, times| times.back().is_some_and(|&last| last > since));
            if clients.len() >= MAX_CLIENTS {
                return Err(TryLater {
                    seconds: 60,
                    everyone: true,
                });
            }
        }
        let times = clients.entry(client).or_default();
        forget_before(times, since);
        if times.len() >= settings.per_client as usize {
            return Err(try_after(times, now_ms, false));
        }
        times.push_back(now_ms);
        everyone.push_back(now_ms);
        Ok(())
    }
}

fn forget_before(times: &mut VecDeque<i64>, since: i64) {
    while times.front().is_some_and(|&t| t <= since) {
        times.pop_front();
    }
}

/// When the oldest of `times` leaves the hour: then there is room again.
fn try_after(times: &VecDeque<i64>, now_ms: i64, everyone: bool) -> TryLater {
    let oldest = times.front().copied().unwrap_or(now_ms);
    let wait_ms = (oldest + HOUR_MS - now_ms).max(1_000);
    TryLater {
        seconds: u64::try_from((wait_ms + 999) / 1_000).unwrap_or(3_600),
        everyone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_client: u32, per_hour: u32) -> FormLimits {
        FormLimits::new(FormSettings {
            per_client,
            per_hour,
            min_age_ms: 0,
        })
    }

    #[test]
    fn a_client_gets_its_hourly_share_then_waits_for_the_oldest_to_expire() {
        let limits = limits(2, 100);
        let one = limits.client(Some("192.0.2.1".parse().unwrap()));
        let other = limits.client(Some("192.0.2.2".parse().unwrap()));
        assert_ne!(one, other);
        assert_eq!(limits.take(one, 0), Ok(()));
        assert_eq!(limits.take(one, 600_000), Ok(()));
        let refused = limits.take(one, 1_200_000).unwrap_err();
        assert_eq!(
            refused,
            TryLater {
                seconds: 2_400,
                everyone: false
            }
        );
        // Others are not held back by it.
        assert_eq!(limits.take(other, 1_200_000), Ok(()));
        // An hour after the first, there is room for one more.
        assert_eq!(limits.take(one, HOUR_MS + 1), Ok(()));
        assert!(limits.take(one, HOUR_MS + 2).is_err());
    }

    #[test]
    fn the_site_wide_cap_holds_whoever_asks() {
        let limits = limits(100, 3);
        for n in 0..3 {
            let client = limits.client(Some(IpAddr::from([192, 0, 2, n])));
            assert_eq!(limits.take(client, 1_000), Ok(()));
        }
        let newcomer = limits.client(Some("198.51.100.7".parse().unwrap()));
        let refused = limits.take(newcomer, 2_000).unwrap_err();
        assert!(refused.everyone);
        assert_eq!(refused.seconds, 3_599);
    }

    #[test]
    fn the_key_is_not_the_address_and_differs_between_servers() {
        let address = Some("203.0.113.9".parse().unwrap());
        let first = limits(5, 100).client(address);
        let second = limits(5, 100).client(address);
        assert_ne!(first, second, "each server draws its own key");
    }
}
