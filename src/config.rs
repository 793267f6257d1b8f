//! Settings from flags and the environment. Every default works from a fresh checkout:
//! `cargo run` serves http://127.0.0.1:3000 from `data/lantern.db`, filled from `seeds/`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args};

use crate::feedback::StoreLocation;
use crate::web::forms::limits::{
    DEFAULT_MIN_AGE_MS, DEFAULT_PER_CLIENT, DEFAULT_PER_HOUR, FormSettings,
};

#[derive(Debug, Clone, Args)]
pub struct SeedsSettings {
    /// Folder of catalog files (*.toml) to read.
    #[arg(
        long,
        env = "LANTERN_SEEDS",
        default_value = "seeds",
        value_name = "DIR"
    )]
    pub seeds: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// SQLite database file; it and its folder are created when missing.
    #[arg(
        long,
        env = "LANTERN_DATABASE",
        default_value = "data/lantern.db",
        value_name = "PATH"
    )]
    pub database: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct FeedbackSettings {
    /// The feedback database: what visitors report and suggest, link-check results and the
    /// secret that signs forms. A SQLite file, created with its folder when missing, or a
    /// postgres:// URL for a store several instances share. Kept apart from the catalog,
    /// which every import rebuilds.
    #[arg(
        long,
        env = "LANTERN_FEEDBACK_DATABASE",
        // A URL may carry a password: never shown in `--help`, nor echoed in an error.
        hide_env_values = true,
        default_value = "data/feedback.db",
        value_name = "PATH|URL",
        value_parser = StoreLocationParser
    )]
    pub feedback_database: StoreLocation,
}

/// Parses `--feedback-database` without repeating the value in an error: clap's own errors
/// quote the value, and a PostgreSQL URL that does not parse (a password with a `/` in it)
/// would put its password on the terminal and in the journal.
#[derive(Clone)]
struct StoreLocationParser;

impl clap::builder::TypedValueParser for StoreLocationParser {
    type Value = StoreLocation;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<StoreLocation, clap::Error> {
        let refuse = |kind, why: &str| {
            clap::Error::raw(kind, format!("--feedback-database: {why}\n")).with_cmd(command)
        };
        let text = value.to_str().ok_or_else(|| {
            refuse(
                clap::error::ErrorKind::InvalidUtf8,
                "not a path or URL in UTF-8",
            )
        })?;
        text.parse()
            .map_err(|why: String| refuse(clap::error::ErrorKind::ValueValidation, &why))
    }
}

/// Days a closed report or suggestion is kept unless the operator says otherwise.
pub const DEFAULT_FEEDBACK_RETENTION_DAYS: u32 = 90;

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event, for a person reading the log.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Requests handled at once unless the operator says otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 512;
/// Connections open at once unless the operator says otherwise. Sized for 256 MB: an open
/// connection costs about 10 KB (`benches/hostile.sh` measures it), and the bytes of
/// responses being sent are capped apart from it (`web::budget`).
pub const DEFAULT_MAX_CONNECTIONS: usize = 6144;
/// Seconds a response may make no progress before its connection is dropped.
pub const DEFAULT_WRITE_TIMEOUT_SECS: u64 = 30;
/// Seconds a stopping server keeps serving while load balancers notice `/readyz` turned 503:
/// a balancer probing every 2 seconds, failing after 2 misses, stops sending within 4.
pub const DEFAULT_DRAIN_SECONDS: u64 = 5;
/// The largest file an import reads: 64 MiB.
pub const DEFAULT_MAX_IMPORT_BYTES: u64 = crate::input::MaxBytes::DEFAULT.0;

#[derive(Debug, Clone, Args)]
pub struct ImportLimitSettings {
    /// The largest file an import reads, in bytes (seed files and HSDS package files alike).
    #[arg(long, env = "LANTERN_MAX_IMPORT_BYTES", default_value_t = DEFAULT_MAX_IMPORT_BYTES, value_name = "BYTES")]
    pub max_import_bytes: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ServeSettings {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "LANTERN_LISTEN",
        default_value = "127.0.0.1:3000",
        value_name = "ADDR"
    )]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseSettings,
    #[command(flatten)]
    pub seeds: SeedsSettings,
    /// The site is served over HTTPS by a proxy in front: send Strict-Transport-Security.
    #[arg(long, env = "LANTERN_BEHIND_TLS", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub behind_tls: bool,
    /// The site's public address, for the sitemap and feed (default: from each request's Host).
    #[arg(long, env = "LANTERN_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Render every page on every request instead of keeping catalog pages and recent API
    /// pages in memory (for measuring what the page cache saves).
    #[arg(long, env = "LANTERN_NO_PAGE_CACHE", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub no_page_cache: bool,
    /// Requests handled at once; more get a 503 with Retry-After rather than a queue without
    /// end. Pages kept in memory are answered even then.
    #[arg(long, env = "LANTERN_MAX_IN_FLIGHT", default_value_t = DEFAULT_MAX_IN_FLIGHT, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_in_flight: usize,
    /// Connections open at once; more wait in the accept backlog until one closes.
    #[arg(long, env = "LANTERN_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections: usize,
    /// Seconds a response may make no progress (the client takes none of it) before the
    /// connection is dropped.
    #[arg(long, env = "LANTERN_WRITE_TIMEOUT", default_value_t = DEFAULT_WRITE_TIMEOUT_SECS, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub write_timeout: u64,
    #[command(flatten)]
    pub import_limits: ImportLimitSettings,
    /// Seconds to keep serving after SIGTERM with `/readyz` answering 503, so a load balancer
    /// stops sending requests before the listener closes (0 stops at once).
    #[arg(long, env = "LANTERN_DRAIN_SECONDS", default_value_t = DEFAULT_DRAIN_SECONDS, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=300))]
    pub drain_seconds: u64,
    #[command(flatten)]
    pub feedback: FeedbackSettings,
    /// Days a closed report or suggestion is kept before it is deleted (open ones are kept
    /// until an operator closes them).
    #[arg(long, env = "LANTERN_FEEDBACK_RETENTION_DAYS", default_value_t = DEFAULT_FEEDBACK_RETENTION_DAYS, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub feedback_retention_days: u32,
    #[command(flatten)]
    pub forms: FormFlags,
}

/// How many reports and suggestions the forms take.
#[derive(Debug, Clone, Args)]
pub struct FormFlags {
    /// Forms one visitor may send in an hour (counted by a keyed hash of their address, kept
    /// in memory only); more get a 429 page with Retry-After.
    #[arg(long, env = "LANTERN_FORMS_PER_CLIENT", default_value_t = DEFAULT_PER_CLIENT, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub forms_per_client: u32,
    /// Forms the whole site takes in an hour, from everyone together; more get a 429 page
    /// with Retry-After.
    #[arg(long, env = "LANTERN_FORMS_PER_HOUR", default_value_t = DEFAULT_PER_HOUR, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub forms_per_hour: u32,
    /// For tests only: milliseconds after rendering before a form is taken (two seconds
    /// normally keeps out scripts). Tests set 0 rather than wait.
    #[arg(long, env = "LANTERN_FORM_MIN_AGE_MS", default_value_t = DEFAULT_MIN_AGE_MS, value_name = "MS", hide = true)]
    pub form_min_age_ms: u64,
}

impl FormFlags {
    pub fn settings(&self) -> FormSettings {
        FormSettings {
            per_client: self.forms_per_client,
            per_hour: self.forms_per_hour,
            min_age_ms: self.form_min_age_ms,
        }
    }
}

/// An http(s) address with a host and nothing after it but an optional path.
pub(crate) fn parse_public_url(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value).map_err(|e| format!("'{value}' is not an address: {e}"))?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none()
        || url.query().is_some()
    {
        return Err(format!(
            "'{value}' must be an http or https address such as https://example.org"
        ));
    }
    Ok(value.trim_end_matches('/').to_owned())
}
