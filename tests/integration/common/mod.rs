//! Helpers shared by the integration tests: temporary databases and seed folders.

use std::path::{Path, PathBuf};

use lantern::AppState;
use sqlx::SqlitePool;
use tempfile::TempDir;

/// The project's own seeds.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `../shared` beside the checkout (CI always has it), or `LANTERN_SHARED` when set.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANTERN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

/// A temporary folder that holds a database path (not yet created) and is removed on drop.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn database(&self) -> PathBuf {
        self.dir.path().join("db").join("lantern.db")
    }

    /// The feedback store beside the database, so no test writes the default one.
    pub fn feedback_database(&self) -> PathBuf {
        self.database().with_file_name("feedback.db")
    }

    /// A copy of the project's seeds that a test may break.
    pub fn copy_of_seeds(&self) -> PathBuf {
        let to = self.dir.path().join("seeds");
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(seeds_dir()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
        to
    }
}

/// Imports the project's seeds into a fresh database and opens it read-only, as `serve` does.
pub async fn imported() -> (Scratch, AppState) {
    let scratch = Scratch::new();
    lantern::cli::import(
        &seeds_dir(),
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .expect("the project's seeds import");
    let db = lantern::db::open_for_reading(&scratch.database(), false)
        .await
        .expect("open read-only");
    (scratch, AppState::new(db))
}

pub async fn count(pool: &SqlitePool, table: &str) -> i64 {
    // Table names come from the tests themselves, never from input.
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Replaces the first `from` in a seed file with `to`; panics when `from` is not there, so a
/// test cannot silently stop breaking what it means to break.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Fails unless one of `problems` contains `expected`, listing them all.
pub fn assert_reported(problems: &[String], expected: &str) {
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "no problem contains {expected:?}:\n{}",
        problems.join("\n")
    );
}

/// The real binary serving a fresh database on a free port; killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub addr: String,
    /// Every line the server logged, gathered on a thread so the pipe never fills.
    pub log: std::sync::Arc<Logged>,
}

/// A server's log lines as they arrive, and a signal for each.
#[derive(Default)]
pub struct Logged {
    lines: std::sync::Mutex<Vec<String>>,
    arrived: std::sync::Condvar,
}

impl Server {
    pub fn start(database: &Path, extra: &[&str]) -> Server {
        Server::start_with_seeds(database, &seeds_dir(), extra)
    }

    /// The real binary serving a fresh database filled from `seeds`.
    pub fn start_with_seeds(database: &Path, seeds: &Path, extra: &[&str]) -> Server {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lantern"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database"])
            .arg(database)
            .arg("--seeds")
            .arg(seeds)
            .args(feedback_beside(database, extra))
            .args(extra)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let log = std::sync::Arc::new(Logged::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if let Some(at) = line.find("serving http://") {
                    let _ = tx.send(line[at + "serving http://".len()..].trim().to_owned());
                }
                lines.lines.lock().unwrap().push(line);
                lines.arrived.notify_all();
            }
        });
        // The server says where it listens once it is ready: wait for that, not for a timer.
        let addr = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!(
                    "the server did not start:\n{}",
                    log.lines.lock().unwrap().join("\n")
                )
            });
        Server { child, addr, log }
    }

    pub fn log(&self) -> String {
        self.log.lines.lock().unwrap().join("\n")
    }

    /// Everything logged up to now: the log once the line of one more request, sent after
    /// everything before it, has arrived (lines are written in order, a few milliseconds late).
    pub async fn log_so_far(&self) -> String {
        const MARK: &str = "route=\"/readyz\"";
        let marks = |log: &[String]| log.iter().filter(|line| line.contains(MARK)).count();
        let before = marks(&self.log.lines.lock().unwrap());
        http_get(&self.addr, "/readyz").await;
        self.log_once(std::time::Duration::from_secs(10), |lines| {
            marks(lines) > before
        })
    }

    /// The log once a line holding `needle` has arrived, or after `within` without one. The
    /// server writes its log on a thread of its own every few milliseconds: a line logged
    /// before a response was sent may reach the pipe after it.
    pub fn log_once_it_has(&self, needle: &str, within: std::time::Duration) -> String {
        self.log_once(within, |lines| {
            lines.iter().any(|line| line.contains(needle))
        })
    }

    /// The log once `arrived` holds of its lines, or after `within`, woken by each new line.
    fn log_once(&self, within: std::time::Duration, arrived: impl Fn(&[String]) -> bool) -> String {
        let lines = self.log.lines.lock().unwrap();
        let (lines, _) = (self.log.arrived)
            .wait_timeout_while(lines, within, |lines| !arrived(lines))
            .unwrap();
        lines.join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits, at most `within`, for a process a test stopped to exit, and gives its status.
pub async fn exited(
    child: &mut std::process::Child,
    within: std::time::Duration,
    what: &str,
) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(std::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A feedback database beside `database`, unless `extra` names one: no test writes the
/// default `data/feedback.db` in the checkout.
fn feedback_beside(database: &Path, extra: &[&str]) -> Vec<std::ffi::OsString> {
    if extra.contains(&"--feedback-database") {
        return Vec::new();
    }
    vec![
        "--feedback-database".into(),
        database.with_file_name("feedback.db").into_os_string(),
    ]
}

/// Asks a process started by a test to stop cleanly, as an init system would.
pub fn sigterm(child: &std::process::Child) {
    let pid = child.id().to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Sends raw bytes as a request and returns whatever comes back before the server closes
/// (or a read error, as text).
pub async fn raw_request(addr: &str, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = match tokio::net::TcpStream::connect(addr).await {
        Ok(stream) => stream,
        Err(error) => return format!("connect error: {error}"),
    };
    if let Err(error) = stream.write_all(request).await {
        return format!("write error: {error}");
    }
    let mut response = Vec::new();
    match tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_end(&mut response),
    )
    .await
    {
        Ok(Ok(_)) => String::from_utf8_lossy(&response).into_owned(),
        Ok(Err(error)) if !response.is_empty() => {
            format!(
                "{}\n(read error: {error})",
                String::from_utf8_lossy(&response)
            )
        }
        Ok(Err(error)) => format!("read error: {error}"),
        Err(_) => "timed out".into(),
    }
}

/// A response from the router, read whole. The body is text as far as it decodes (a
/// compressed body is bytes, shown lossily).
pub struct Answer {
    pub status: axum::http::StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (compressed, when it was).
    pub bytes: axum::body::Bytes,
}

/// Sends one request through the router, as the server would.
pub async fn send(app: &axum::Router, request: axum::http::Request<axum::body::Body>) -> Answer {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

/// A GET of `uri` through the router, as a visitor asks for it (no extra headers).
pub async fn get(app: &axum::Router, uri: &str) -> Answer {
    let request = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap();
    send(app, request).await
}

/// `/sitemap.xml` as the router answers it for the host `lantern.test`.
pub async fn sitemap(app: &axum::Router) -> String {
    let request = axum::http::Request::get("/sitemap.xml")
        .header(axum::http::header::HOST, "lantern.test")
        .body(axum::body::Body::empty())
        .unwrap();
    send(app, request).await.body
}

/// A plain GET with `Connection: close`.
pub async fn http_get(addr: &str, path: &str) -> String {
    raw_request(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
}

/// The project's catalog exported as an HSDS package a test may break, and a database path
/// (not yet created) to import it into.
pub async fn package_to_break() -> (Scratch, PathBuf, PathBuf) {
    let (scratch, _state) = imported().await;
    let package = scratch.dir.path().join("package");
    lantern::cli::export_database(
        &scratch.database(),
        lantern::export::ExportFormat::Hsds,
        &package,
    )
    .await
    .unwrap();
    let target = scratch.dir.path().join("target").join("lantern.db");
    (scratch, package, target)
}

/// Everything logged on this thread while the guard lives, as text without colour. A
/// `current_thread` test runtime runs every task on the test's thread, so this sees them all.
pub fn capture_logs() -> (tracing::subscriber::DefaultGuard, Logs) {
    let logs = Logs::default();
    let writer = logs.clone();
    // The subscriber the server installs: the lines a test reads are the lines shipped.
    let subscriber = lantern::logs::subscriber(
        lantern::config::LogFormat::Text,
        tracing_subscriber::EnvFilter::new("info"),
        false,
        move || writer.clone(),
    );
    let guard = tracing::subscriber::set_default(subscriber);
    (guard, logs)
}

#[derive(Clone, Default)]
pub struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The catalog imported from the project's seeds is in `database`, unchanged: all 105
/// resources, and the Hotline's number as the source gives it.
pub async fn assert_catalog_unchanged(database: &Path) {
    let pool = lantern::db::open_for_reading(database, false)
        .await
        .unwrap();
    assert_eq!(count(&pool, "resources").await, 105);
    let number: String = sqlx::query_scalar(
        "select p.number from phones p join resources r on r.id = p.resource_id
         where r.slug = 'national-human-trafficking-hotline' and p.type = 'voice'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(number, "888-373-7888");
    pool.close().await;
}

/// Runs `lantern check` on a copy of the seeds where 911's slug is `slug`, which must be bad;
/// returns what it printed on standard error.
pub fn check_with_bad_slug(slug: &str) -> String {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    edit(
        &seeds.join("hotlines.toml"),
        "slug = \"call-911\"",
        &format!("slug = \"{slug}\""),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lantern"))
        .arg("check")
        .arg("--seeds")
        .arg(&seeds)
        .output()
        .unwrap();
    assert!(!output.status.success());
    String::from_utf8(output.stderr).unwrap()
}

/// Text as askama escapes it into a page, to find a record's words in the HTML.
pub fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Every feedback store a test runs against, as `--feedback-database` takes it: a SQLite file
/// in `scratch`, and a fresh PostgreSQL database when `LANTERN_TEST_POSTGRES` names a server
/// (`tests/run.sh` starts a throwaway one). Without it the PostgreSQL half is skipped, unless
/// `LANTERN_REQUIRE_POSTGRES` is set (as `tests/run.sh` sets it): then a missing server fails.
pub async fn feedback_stores(scratch: &Scratch) -> Vec<String> {
    let sqlite = scratch.feedback_database().display().to_string();
    match std::env::var("LANTERN_TEST_POSTGRES") {
        Ok(server) => vec![sqlite, fresh_postgres_database(&server).await],
        Err(_) if std::env::var_os("LANTERN_REQUIRE_POSTGRES").is_some() => {
            panic!("LANTERN_REQUIRE_POSTGRES is set but LANTERN_TEST_POSTGRES is not")
        }
        Err(_) => {
            eprintln!(
                "SKIPPED the PostgreSQL store: LANTERN_TEST_POSTGRES is not set (tests/run.sh sets it)"
            );
            vec![sqlite]
        }
    }
}

/// A new, empty database on the PostgreSQL server at `server`, and its URL.
pub async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!(
        "lantern_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("the test PostgreSQL server answers");
    // The name is made of digits and underscores above, never input.
    sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&name);
    url.to_string()
}
