//! Where the feedback store is, as `--feedback-database` says: a path to a SQLite file, or a
//! `postgres://` / `postgresql://` URL for a store several instances share.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    Postgres(PostgresUrl),
}

/// A PostgreSQL URL. It is shown (in errors, logs and `Debug`) without its password.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(url::Url);

impl PostgresUrl {
    /// The URL to connect with, password and all: for the driver only.
    pub fn with_password(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        if shown.password().is_some() {
            let _ = shown.set_password(Some("…"));
        }
        // A password can also ride in the query string (`?password=`).
        if shown.query_pairs().any(|(key, _)| key == "password") {
            let kept: Vec<(String, String)> = shown
                .query_pairs()
                .map(|(key, value)| {
                    let value = if key == "password" {
                        "…".into()
                    } else {
                        value
                    };
                    (key.into_owned(), value.into_owned())
                })
                .collect();
            shown.query_pairs_mut().clear().extend_pairs(kept);
        }
        f.write_str(shown.as_str())
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({self})")
    }
}

impl FromStr for StoreLocation {
    type Err = String;

    fn from_str(written: &str) -> Result<StoreLocation, String> {
        if written.starts_with("postgres://") || written.starts_with("postgresql://") {
            let url = url::Url::parse(written)
                .map_err(|error| format!("not a PostgreSQL URL ({error})"))?;
            return Ok(StoreLocation::Postgres(PostgresUrl(url)));
        }
        if written.contains("://") {
            return Err(format!(
                "'{}' is neither a file path nor a postgres:// URL",
                written.split("://").next().unwrap_or_default()
            ));
        }
        if written.is_empty() {
            return Err("give a file path or a postgres:// URL".to_owned());
        }
        Ok(StoreLocation::Sqlite(PathBuf::from(written)))
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => path.display().fmt(f),
            StoreLocation::Postgres(url) => url.fmt(f),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_never_shown_with_its_password() {
        let location: StoreLocation = "postgres://lantern:s3cret@db.internal:5432/lantern"
            .parse()
            .unwrap();
        assert_eq!(
            location.to_string(),
            "postgres://lantern:%E2%80%A6@db.internal:5432/lantern"
        );
        assert!(!format!("{location:?}").contains("s3cret"));
        let in_query: StoreLocation = "postgresql://db/lantern?user=l&password=s3cret"
            .parse()
            .unwrap();
        assert!(!in_query.to_string().contains("s3cret"), "{in_query}");
        let StoreLocation::Postgres(url) = location else {
            panic!("a URL")
        };
        assert!(url.with_password().contains("s3cret"));
    }

    #[test]
    fn a_path_is_sqlite_and_other_urls_are_refused() {
        assert_eq!(
            "data/feedback.db".parse::<StoreLocation>().unwrap(),
            StoreLocation::Sqlite("data/feedback.db".into())
        );
        assert!("mysql://db/x".parse::<StoreLocation>().is_err());
        assert!("".parse::<StoreLocation>().is_err());
    }
}
