//! One check of one web address, done politely: HEAD first (no body to send), GET when a
//! server refuses HEAD; redirects followed by hand, at most [`MAX_REDIRECTS`], so each hop
//! waits its turn on its own host and the final address is known; a time limit on every
//! request; and a `User-Agent` that says who is asking and where to find them.

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{LOCATION, USER_AGENT};
use reqwest::{Method, StatusCode};
use tokio::sync::Semaphore;
use url::Url;

use super::public::{self, PublicResolver, Refused};
use super::targets::Address;
use crate::feedback::UtcTime;
use crate::feedback::link_checks::{LinkCheck, Outcome};
use crate::logged::Logged;

/// Redirects followed before an address counts as broken.
pub const MAX_REDIRECTS: usize = 5;

/// Statuses some servers give HEAD alone: the address is asked again with GET.
const HEAD_REFUSED: [StatusCode; 3] = [
    StatusCode::METHOD_NOT_ALLOWED,
    StatusCode::FORBIDDEN,
    StatusCode::NOT_IMPLEMENTED,
];

/// Which hosts a check may ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destinations {
    /// Public addresses only (see `public`): what every real run asks.
    PublicOnly,
    /// Local and private addresses too: only for tests, whose stand-in web is on 127.0.0.1.
    IncludingLocal,
}

/// Checks addresses: at most `concurrency` requests at once, one at a time per host.
pub struct Prober {
    client: reqwest::Client,
    user_agent: String,
    timeout: Duration,
    destinations: Destinations,
    requests: Semaphore,
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Prober {
    /// `public_url` is the operator's site, named in the `User-Agent` so that the people who
    /// run a checked site know whom to ask about these requests.
    pub fn new(
        concurrency: usize,
        timeout: Duration,
        public_url: Option<&str>,
        destinations: Destinations,
    ) -> Result<Prober, reqwest::Error> {
        // reqwest is built without a crypto provider of its own (see Cargo.toml): ring is
        // installed as the process's. A second call finds it installed, which is as good.
        // rustls deprecates ring's provider for lacking post-quantum key exchange, which
        // protects secrets against later decryption: a check sends none and reads only a
        // status, and ring builds without aws-lc's C toolchain.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut client = reqwest::Client::builder()
            // Followed by hand (`check`), so each hop takes its host's turn and is looked at
            // before it is asked.
            .redirect(reqwest::redirect::Policy::none())
            // Never through a proxy named in the environment (HTTP_PROXY and its kin): the
            // proxy would look each name up itself, past the resolver below that refuses
            // local and private addresses. The checker connects to the sites directly.
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(timeout);
        if destinations == Destinations::PublicOnly {
            client = client.dns_resolver(std::sync::Arc::new(PublicResolver));
        }
        let client = client.build()?;
        let user_agent = match public_url {
            Some(url) => format!("Lantern link checker (+{url})"),
            None => "Lantern link checker".to_owned(),
        };
        Ok(Prober {
            client,
            user_agent,
            timeout,
            destinations,
            requests: Semaphore::new(concurrency.max(1)),
            hosts: Mutex::default(),
        })
    }

    /// Checks `address`, following its redirects.
    pub async fn check(&self, address: &Address) -> LinkCheck {
        let checked_at = UtcTime::now();
        let mut elapsed = Duration::ZERO;
        let result = self.follow(&address.url, &mut elapsed).await;
        let (status, final_url, outcome, error) = match result {
            Ok(Answer { status, at }) if status.is_success() => {
                (Some(status), Some(at), Outcome::Ok, None)
            }
            Ok(Answer { status, at }) => (
                Some(status),
                Some(at),
                Outcome::Broken,
                Some(describe_status(status)),
            ),
            Err(Failure::Redirects { status, at, why }) => {
                (Some(status), Some(at), Outcome::Broken, Some(why))
            }
            Err(Failure::NoAnswer(why)) => (None, None, Outcome::Unreachable, Some(why)),
        };
        LinkCheck {
            url: address.written.clone(),
            checked_at,
            status: status.map(|status| status.as_u16()),
            final_url: final_url.map(String::from),
            outcome,
            error,
            elapsed,
        }
    }

    /// The last answer on the way from `url`, redirects followed; adds the time the requests
    /// took (not the time spent waiting for a turn) to `elapsed`.
    async fn follow(&self, url: &Url, elapsed: &mut Duration) -> Result<Answer, Failure> {
        let mut at = url.clone();
        let mut visited = vec![at.clone()];
        loop {
            // An address written out is refused here; a name, by the resolver.
            if self.destinations == Destinations::PublicOnly
                && let Some(why) = public::refusal(&at)
            {
                return Err(Failure::NoAnswer(why.to_owned()));
            }
            let response = self.ask(&at, elapsed).await?;
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                return Ok(Answer { status, at });
            }
            let redirect = |why: String| Failure::Redirects {
                status,
                at: at.clone(),
                why,
            };
            let location = response
                .headers()
                .get(LOCATION)
                .ok_or_else(|| redirect(format!("a {status} redirect without a Location")))?;
            let next = location
                .to_str()
                .ok()
                .and_then(|location| at.join(location).ok())
                .filter(|next| matches!(next.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    redirect(format!(
                        "a {status} redirect to '{}', which is not a web address",
                        Logged(String::from_utf8_lossy(location.as_bytes()))
                    ))
                })?;
            // An https address sent on to http is followed: a check sends no secret and no
            // cookie, only asks for a status, and a visitor's browser follows the same hop;
            // what keeps a hop off local and private hosts is the address check above, for
            // either scheme.
            if visited.contains(&next) {
                return Err(redirect(format!(
                    "redirects in a loop (back to {})",
                    Logged(&next)
                )));
            }
            if visited.len() > MAX_REDIRECTS {
                return Err(redirect(format!("more than {MAX_REDIRECTS} redirects")));
            }
            visited.push(next.clone());
            at = next;
        }
    }

    /// One request for `url` (HEAD, then GET if HEAD is refused), in turn with every other
    /// request to its host.
    async fn ask(&self, url: &Url, elapsed: &mut Duration) -> Result<reqwest::Response, Failure> {
        let host = self.host_turn(url);
        let _turn = host.lock().await;
        let _permit = self
            .requests
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let started = Instant::now();
        let mut response = self.send(Method::HEAD, url).await;
        if response
            .as_ref()
            .is_ok_and(|response| HEAD_REFUSED.contains(&response.status()))
        {
            // The body is not read: its headers say all a check needs.
            response = self.send(Method::GET, url).await;
        }
        *elapsed += started.elapsed();
        response
    }

    async fn send(&self, method: Method, url: &Url) -> Result<reqwest::Response, Failure> {
        self.client
            .request(method, url.clone())
            .header(USER_AGENT, &self.user_agent)
            .send()
            .await
            .map_err(|error| Failure::NoAnswer(self.describe_error(&error)))
    }

    /// The lock that keeps requests to `url`'s host one at a time.
    fn host_turn(&self, url: &Url) -> Arc<tokio::sync::Mutex<()>> {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        self.hosts
            .lock()
            .expect("host locks")
            .entry(host)
            .or_default()
            .clone()
    }

    /// Why no answer came, in words an operator can act on.
    fn describe_error(&self, error: &reqwest::Error) -> String {
        if error.is_timeout() {
            return format!("no answer within {} s", self.timeout.as_secs());
        }
        let mut source = error.source();
        let mut innermost = None;
        while let Some(cause) = source {
            if cause.downcast_ref::<Refused>().is_some() {
                return public::REFUSED.to_owned();
            }
            if let Some(tls) = tls_error(cause) {
                return format!("TLS handshake failed: {}", Logged(tls));
            }
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => return "connection refused".into(),
                    std::io::ErrorKind::TimedOut => {
                        return format!("no answer within {} s", self.timeout.as_secs());
                    }
                    _ => {}
                }
            }
            innermost = Some(cause);
            source = cause.source();
        }
        match innermost {
            Some(cause) if error.is_connect() => format!("cannot connect: {}", Logged(cause)),
            Some(cause) => format!("{}", Logged(cause)),
            None => format!("{}", Logged(error)),
        }
    }
}

/// The TLS error `cause` is or wraps. tokio-rustls hands it on inside an io::Error, itself
/// inside another, and an io::Error's `source` skips what it wraps: unwrapped by hand.
fn tls_error<'e>(mut cause: &'e (dyn std::error::Error + 'static)) -> Option<&'e rustls::Error> {
    loop {
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        cause = cause.downcast_ref::<std::io::Error>()?.get_ref()?;
    }
}

/// A response that is not a redirect to follow.
struct Answer {
    status: StatusCode,
    /// The address that gave it.
    at: Url,
}

enum Failure {
    /// Redirects that cannot be followed to an end.
    Redirects {
        status: StatusCode,
        at: Url,
        why: String,
    },
    /// No response at all.
    NoAnswer(String),
}

/// An error status in words: "404 Not Found".
fn describe_status(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_real_run_refuses_local_hosts_by_address_and_by_name_without_connecting() {
        // Something listening, counting who connects: a refused check must never get here.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        let listening = tokio::spawn(async move {
            while listener.accept().await.is_ok() {
                counted.fetch_add(1, Ordering::SeqCst);
            }
        });
        let prober =
            Prober::new(2, Duration::from_secs(2), None, Destinations::PublicOnly).unwrap();
        for written in [
            // Refused before the request: the address is written out.
            format!("http://127.0.0.1:{port}/ok"),
            format!("http://[::ffff:127.0.0.1]:{port}/ok"),
            // Refused by the resolver: `localhost` (from the hosts file) is only local.
            format!("http://localhost:{port}/ok"),
        ] {
            let address = Address {
                url: Url::parse(&written).unwrap(),
                written: written.clone(),
            };
            let check = prober.check(&address).await;
            assert_eq!(check.outcome, Outcome::Unreachable, "{written}: {check:?}");
            assert_eq!(check.error.as_deref(), Some(public::REFUSED), "{written}");
            assert_eq!(check.status, None);
        }
        assert_eq!(connections.load(Ordering::SeqCst), 0);
        listening.abort();
    }
}
