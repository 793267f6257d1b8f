//! `lantern links check` against a stand-in for the web: a small HTTP server this test starts
//! on 127.0.0.1, answering each path the way some real site might (a page, a redirect, a
//! loop, 404, 410, 500, a server that refuses HEAD, one that never answers, 401, 403, 429),
//! plus a port that refuses connections and a plain-HTTP port asked for HTTPS. The catalog is
//! a copy of the seeds whose every web address points at it: nothing here reaches off this
//! machine. A real run refuses local addresses; these runs pass the hidden flag that allows
//! them, except the one that checks the refusal.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lantern::feedback::FeedbackStore;
use lantern::feedback::UtcTime;
use lantern::feedback::link_checks::{LinkCheck, Outcome, StoredLinkCheck, Verdict};
use lantern::lang::Lang;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::common::{Scratch, http_get};

/// What the stand-in server saw.
#[derive(Default)]
struct Seen {
    /// Method and User-Agent of each request, by path.
    requests: Mutex<Vec<(String, String, String)>>,
    /// Requests being answered at once, and the most there ever were.
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// While set, `/flaky` fails.
    flaky_fails: AtomicBool,
    /// Told when `/stall` is asked: the run is under way and has more to do.
    stalled: tokio::sync::Notify,
}

/// The stand-in for the web, on a port of its own; its tasks end with the test's runtime.
struct Web {
    port: u16,
    seen: Arc<Seen>,
}

impl Web {
    async fn start() -> Web {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Seen::default());
        seen.flaky_fails.store(true, Ordering::SeqCst);
        let shared = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(answer(stream, shared.clone()));
            }
        });
        Web { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn methods_for(&self, path: &str) -> Vec<String> {
        self.seen
            .requests
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, p, _)| p == path)
            .map(|(method, _, _)| method.clone())
            .collect()
    }
}

/// Answers one connection: one request, then the connection closes.
async fn answer(mut stream: TcpStream, seen: Arc<Seen>) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
        if !head[0].is_ascii_uppercase() {
            // Not HTTP (a TLS ClientHello): answered as a web server would.
            let _ = stream
                .write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            return;
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let path = words.next().unwrap_or_default().to_owned();
    let agent = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("user-agent")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    seen.requests
        .lock()
        .unwrap()
        .push((method.clone(), path.clone(), agent));
    if path == "/stall" {
        seen.stalled.notify_one();
        // Never answers: read until the client gives up and closes.
        while let Ok(n) = stream.read(&mut buffer).await {
            if n == 0 {
                return;
            }
        }
        return;
    }
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_in_flight.fetch_max(now, Ordering::SeqCst);
    // Each request stays counted a while, as a real server takes time to answer: were the
    // checker to send several requests to this host at once, they would overlap here and be
    // counted together. Not synchronisation: nothing waits for this to end but the checker.
    tokio::time::sleep(Duration::from_millis(25)).await;
    let (status, location) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
        (_, "/loop-a") => ("302 Found", Some("/loop-b")),
        (_, "/loop-b") => ("302 Found", Some("/loop-a")),
        (_, "/missing") => ("404 Not Found", None),
        (_, "/gone") => ("410 Gone", None),
        (_, "/error") => ("500 Internal Server Error", None),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        (_, "/no-head") => ("200 OK", None),
        (_, "/flaky") if seen.flaky_fails.load(Ordering::SeqCst) => {
            ("503 Service Unavailable", None)
        }
        (_, "/flaky") => ("200 OK", None),
        (_, "/login") => ("401 Unauthorized", None),
        (_, "/forbidden") => ("403 Forbidden", None),
        (_, "/busy") => ("429 Too Many Requests", None),
        _ => ("404 Not Found", None),
    };
    let location = location.map_or_else(String::new, |to| format!("Location: {to}\r\n"));
    // Out of flight before the answer leaves: the checker's next request can only follow it.
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    let _ = stream
        .write_all(
            format!(
                "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
        .await;
    let _ = stream.shutdown().await;
}

/// The addresses the test catalog's FBI field offices link to, in the seeds' order: the first
/// office gets the first, and so on. Every other web address in the catalog is `/ok`.
fn case_paths() -> [&'static str; 10] {
    [
        "/ok", "/missing", "/moved", "/loop-a", "/gone", "/error", "/no-head", "/stall", "/flaky",
        "/ok",
    ]
}

/// A copy of the seeds whose web addresses all point at `web` (or at the refused port and the
/// TLS-failure address, for the eleventh and twelfth FBI offices; then, for the thirteenth to
/// the fifteenth, Columbia, Dallas and Denver, at 401, 403 and 429).
fn local_seeds(scratch: &Scratch, web: &Web, refused: &str, tls: &str) -> PathBuf {
    let seeds = scratch.copy_of_seeds();
    let mut cases: Vec<String> = case_paths().iter().map(|path| web.url(path)).collect();
    cases.extend([refused.to_owned(), tls.to_owned()]);
    cases.extend(["/login", "/forbidden", "/busy"].map(|path| web.url(path)));
    let mut cases = cases.into_iter();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let is_fbi = path.file_name().unwrap() == "fbi-field-offices.toml";
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if !line.starts_with("url = \"") {
                    return line.to_owned();
                }
                let to = match is_fbi.then(|| cases.next()).flatten() {
                    Some(case) => case,
                    None => web.url("/ok"),
                };
                format!("url = \"{to}\"")
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    seeds
}

/// Everything a test needs: the stand-in web, a catalog pointing at it, a feedback store.
struct Fixture {
    scratch: Scratch,
    web: Web,
    seeds: PathBuf,
    refused: String,
    tls: String,
}

impl Fixture {
    async fn new() -> Fixture {
        let web = Web::start().await;
        // A port that was just free: nothing listens there, so connecting is refused.
        let refused = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!(
                "http://127.0.0.1:{}/ok",
                listener.local_addr().unwrap().port()
            )
        };
        // The stand-in speaks plain HTTP: asked for HTTPS, the TLS handshake fails.
        let tls = format!("https://127.0.0.1:{}/ok", web.port);
        let scratch = Scratch::new();
        let seeds = local_seeds(&scratch, &web, &refused, &tls);
        lantern::cli::import(&seeds, &scratch.database(), Default::default())
            .await
            .expect("the seeds with local addresses import");
        let fixture = Fixture {
            scratch,
            web,
            seeds,
            refused,
            tls,
        };
        fixture.assert_every_address_is_local().await;
        // As `serve` would have made it: the commands only open an existing store.
        fixture.store().await;
        fixture
    }

    fn feedback_database(&self) -> PathBuf {
        self.scratch.dir.path().join("feedback").join("feedback.db")
    }

    /// The guard that keeps this test on this machine: every web address in the catalog it
    /// checks is on 127.0.0.1.
    async fn assert_every_address_is_local(&self) {
        let pool = lantern::db::open_for_reading(&self.scratch.database(), false)
            .await
            .unwrap();
        let urls: Vec<String> = sqlx::query_scalar(
            "select url from links union select url from sources where url is not null
             union select url from organizations where url is not null",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        pool.close().await;
        for url in &urls {
            let parsed = url::Url::parse(url).unwrap();
            if matches!(parsed.scheme(), "http" | "https") {
                assert_eq!(parsed.host_str(), Some("127.0.0.1"), "{url} is not local");
            }
        }
    }

    /// Runs `lantern links check` with `args`, allowed to ask the stand-in on 127.0.0.1.
    async fn links_check(&self, args: &[&str]) -> Output {
        let mut allowed = vec!["--allow-local-addresses"];
        allowed.extend_from_slice(args);
        self.links_check_as_in_production(&allowed).await
    }

    /// Runs `lantern links check` with `args` and nothing more, off the runtime's threads so
    /// the stand-in keeps answering.
    async fn links_check_as_in_production(&self, args: &[&str]) -> Output {
        let mut command = self.links_check_of(&self.scratch.database());
        command.args(args);
        for variable in PROXY_VARIABLES {
            command.env_remove(variable);
        }
        run_off_the_runtime(command).await
    }

    /// The `lantern links check` command for the catalog in `database`, recording in this
    /// fixture's store.
    fn links_check_of(&self, database: &std::path::Path) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lantern"));
        command
            .args(["links", "check", "--timeout", "1", "--database"])
            .arg(database)
            .arg("--feedback-database")
            .arg(self.feedback_database())
            .env("LANTERN_PUBLIC_URL", "https://lantern.test")
            .env("NO_COLOR", "1");
        command
    }

    /// That `run` refused each of the catalog's 14 addresses as private or local, and asked
    /// the stand-in nothing (directly or as a proxy).
    async fn assert_every_address_refused_unasked(&self, run: &Output) {
        assert_eq!(run.status.code(), Some(1), "{}", text(run));
        assert!(
            text(run).contains("14 checked: 0 work, 0 broken, 14 unreachable, 0 inconclusive"),
            "{}",
            text(run)
        );
        let results = self.results().await;
        assert_eq!(results.len(), 14);
        for stored in results.values() {
            let check = &stored.check;
            assert_eq!(check.outcome, Outcome::Unreachable, "{check:?}");
            assert_eq!(
                check.error.as_deref(),
                Some("refused: a private or local address"),
                "{check:?}"
            );
        }
        let asked = self.web.seen.requests.lock().unwrap();
        assert!(asked.is_empty(), "the stand-in was asked: {asked:?}");
    }

    async fn store(&self) -> FeedbackStore {
        FeedbackStore::open_file(&self.feedback_database())
            .await
            .unwrap()
    }

    async fn results(&self) -> HashMap<String, StoredLinkCheck> {
        self.store()
            .await
            .link_checks()
            .await
            .unwrap()
            .into_iter()
            .map(|stored| (stored.check.url.clone(), stored))
            .collect()
    }
}

/// The variables that name a proxy, as reqwest and curl read them.
const PROXY_VARIABLES: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// Runs a command to its end on the blocking pool, so the stand-in keeps answering.
async fn run_off_the_runtime(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_answer_is_recorded_and_failures_keep_their_first_date() {
    let fixture = Fixture::new().await;
    let web = &fixture.web;
    // An earlier run found /missing broken on 1 November: still broken, it keeps that date.
    let november = UtcTime::parse_rfc3339("2026-11-01T06:00:00Z").unwrap();
    fixture
        .store()
        .await
        .record_link_check(&LinkCheck {
            url: web.url("/missing"),
            checked_at: november,
            status: Some(404),
            final_url: Some(web.url("/missing")),
            outcome: Outcome::Broken,
            error: Some("404 Not Found".to_owned()),
            elapsed: Duration::from_millis(5),
        })
        .await
        .unwrap();

    // The run's results are kept together at its end, so a server sees one change a run and
    // renders its resource pages again once: while the run waits on /stall (a second's
    // timeout, with checks done before it and others still to come), none are in the store.
    let (first, during) = tokio::join!(fixture.links_check(&["--concurrency", "8"]), async {
        fixture.web.seen.stalled.notified().await;
        fixture.results().await
    });
    assert_eq!(
        during.keys().collect::<Vec<_>>(),
        [&web.url("/missing")],
        "only the earlier run's result while this run is under way"
    );
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    let results = fixture.results().await;
    let at = |path: &str| -> &StoredLinkCheck {
        results
            .get(&web.url(path))
            .unwrap_or_else(|| panic!("{path} was not checked:\n{}", text(&first)))
    };
    let expect = |path: &str, outcome: Outcome, status: Option<u16>, final_path: Option<&str>| {
        let check = &at(path).check;
        assert_eq!(check.outcome, outcome, "{path}: {check:?}");
        assert_eq!(check.status, status, "{path}: {check:?}");
        assert_eq!(
            check.final_url,
            final_path.map(|p| web.url(p)),
            "{path}: {check:?}"
        );
    };
    expect("/ok", Outcome::Ok, Some(200), Some("/ok"));
    expect("/moved", Outcome::Ok, Some(200), Some("/ok"));
    expect("/no-head", Outcome::Ok, Some(200), Some("/no-head"));
    expect("/missing", Outcome::Broken, Some(404), Some("/missing"));
    expect("/gone", Outcome::Broken, Some(410), Some("/gone"));
    expect("/error", Outcome::Broken, Some(500), Some("/error"));
    expect("/flaky", Outcome::Broken, Some(503), Some("/flaky"));
    // 401, 403 and 429 are kept as the server said them, and count as neither working nor
    // failing: no failure date starts.
    for (path, status) in [("/login", 401), ("/forbidden", 403), ("/busy", 429)] {
        expect(path, Outcome::Broken, Some(status), Some(path));
        assert_eq!(at(path).check.verdict(), Verdict::Inconclusive, "{path}");
        assert_eq!(at(path).first_failed_at, None, "{path}");
    }
    let looped = &at("/loop-a").check;
    assert_eq!(looped.outcome, Outcome::Broken, "{looped:?}");
    assert_eq!(looped.status, Some(302));
    assert!(
        looped.error.as_deref().unwrap().contains("loop"),
        "{looped:?}"
    );
    for (path, why) in [("/stall", "no answer within 1 s")] {
        let check = &at(path).check;
        assert_eq!(check.outcome, Outcome::Unreachable, "{check:?}");
        assert_eq!(check.status, None);
        assert_eq!(check.error.as_deref(), Some(why), "{check:?}");
    }
    let refused = &results[&fixture.refused].check;
    assert_eq!(refused.outcome, Outcome::Unreachable, "{refused:?}");
    assert_eq!(refused.error.as_deref(), Some("connection refused"));
    let tls = &results[&fixture.tls].check;
    assert_eq!(tls.outcome, Outcome::Unreachable, "{tls:?}");
    assert!(
        tls.error
            .as_deref()
            .unwrap()
            .starts_with("TLS handshake failed"),
        "{tls:?}"
    );

    // HEAD first; GET only where HEAD was refused.
    assert_eq!(
        web.methods_for("/ok").first().map(String::as_str),
        Some("HEAD")
    );
    assert!(web.methods_for("/ok").iter().all(|m| m == "HEAD"));
    assert_eq!(web.methods_for("/no-head"), ["HEAD", "GET"]);
    // Polite: a User-Agent naming Lantern and the operator's site, and one request at a time
    // on this one host although eight were allowed at once.
    for (_, _, agent) in web.seen.requests.lock().unwrap().iter() {
        assert_eq!(agent, "Lantern link checker (+https://lantern.test)");
    }
    assert_eq!(web.seen.most_in_flight.load(Ordering::SeqCst), 1);

    // First failures: kept from the earlier run, or this run's time when it starts failing;
    // none while it works.
    assert_eq!(at("/missing").first_failed_at, Some(november));
    let error_since = at("/error")
        .first_failed_at
        .expect("failing since this run");
    assert_eq!(error_since, at("/error").check.checked_at);
    assert_eq!(at("/ok").first_failed_at, None);

    // The table names every address, what it came to, and where a redirect ended.
    let table = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(table.contains("RESULT"), "{table}");
    for path in ["/ok", "/missing", "/gone", "/stall", "/loop-a"] {
        assert!(
            table.contains(&web.url(path)),
            "{path} missing from:\n{table}"
        );
    }
    assert!(table.contains(&format!("→ {}", web.url("/ok"))), "{table}");
    assert!(
        table.contains("2026-11-01"),
        "the failing-since date:\n{table}"
    );
    assert!(
        table.contains("14 checked: 3 work, 5 broken, 3 unreachable, 3 inconclusive"),
        "{table}"
    );

    // The second run: /flaky has come back, the rest still fail from the same dates.
    web.seen.flaky_fails.store(false, Ordering::SeqCst);
    let second = fixture.links_check(&[]).await;
    assert_eq!(second.status.code(), Some(1), "{}", text(&second));
    let again = fixture.results().await;
    let missing = &again[&web.url("/missing")];
    assert_eq!(missing.first_failed_at, Some(november));
    assert!(missing.check.checked_at >= at("/missing").check.checked_at);
    assert_eq!(again[&web.url("/error")].first_failed_at, Some(error_since));
    let flaky = &again[&web.url("/flaky")];
    assert_eq!(flaky.check.outcome, Outcome::Ok);
    assert_eq!(flaky.first_failed_at, None, "cleared once it works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_say_whether_every_link_works_and_mistakes_are_usage_errors() {
    let fixture = Fixture::new().await;
    // The Albany office links to /ok, and its sources point at /ok too.
    let fine = fixture
        .links_check(&["--only", "fbi-albany-field-office"])
        .await;
    assert_eq!(fine.status.code(), Some(0), "{}", text(&fine));
    assert!(text(&fine).contains("1 checked: 1 work, 0 broken, 0 unreachable, 0 inconclusive"));
    // Dallas links to a 403: listed as inconclusive, and no reason for cron to mail anyone.
    let forbidden = fixture
        .links_check(&["--only", "fbi-dallas-field-office"])
        .await;
    assert_eq!(forbidden.status.code(), Some(0), "{}", text(&forbidden));
    assert!(
        text(&forbidden).contains("inconclusive     403"),
        "{}",
        text(&forbidden)
    );
    assert!(
        text(&forbidden).contains("0 broken, 0 unreachable, 1 inconclusive"),
        "{}",
        text(&forbidden)
    );
    let broken = fixture
        .links_check(&["--only", "fbi-albuquerque-field-office"])
        .await;
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
    assert!(text(&broken).contains("do not work"), "{}", text(&broken));
    for args in [
        &["--only", "no-such-resource"][..],
        &["--only", "Not A Slug"],
        &["--concurrency", "0"],
        &["--timeout", "soon"],
        &["--surprise"],
    ] {
        let output = fixture.links_check(args).await;
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
    }
    let unknown = fixture.links_check(&["--only", "no-such-resource"]).await;
    assert!(
        text(&unknown).contains("no resource has the slug 'no-such-resource'"),
        "{}",
        text(&unknown)
    );
}

/// The real server, started on the test's catalog and feedback store.
fn serve(fixture: &Fixture) -> crate::common::Server {
    let feedback = fixture.feedback_database();
    crate::common::Server::start_with_seeds(
        &fixture.scratch.database(),
        &fixture.seeds,
        &["--feedback-database", feedback.to_str().unwrap()],
    )
}

/// The page at `path` once it contains `wanted`, asked again until `deadline`: the server
/// notices new results by polling, every few seconds.
async fn page_once_it_shows(addr: &str, path: &str, wanted: &str, deadline: Instant) -> String {
    loop {
        let page = http_get(addr, path).await;
        if page.contains(wanted) || Instant::now() > deadline {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resource_page_shows_new_results_without_a_restart() {
    let fixture = Fixture::new().await;
    let server = serve(&fixture);
    let albany = "/resources/fbi-albany-field-office";
    let albuquerque = "/resources/fbi-albuquerque-field-office";
    // Kept before any check: the page says nothing of one.
    let before = http_get(&server.addr, albany).await;
    assert!(before.starts_with("HTTP/1.1 200"), "{before}");
    assert!(!before.contains("link-check"), "{before}");
    let _ = http_get(&server.addr, albuquerque).await;

    let dallas = "/resources/fbi-dallas-field-office";
    let english = lantern::i18n::messages(Lang::En);
    let spanish = lantern::i18n::messages(Lang::Es);
    let deadline = Instant::now() + Duration::from_secs(30);

    let run = fixture.links_check(&[]).await;
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    let results = fixture.results().await;
    let day = |path: &str| results[&fixture.web.url(path)].check.checked_at.date();
    let checked = format!("Checked {}", english.date(&day("/ok")));
    let page = page_once_it_shows(&server.addr, albany, &checked, deadline).await;
    assert!(
        page.contains(&checked),
        "no {checked:?} in:\n{page}\n{}",
        server.log()
    );
    // The server has the run (it came in one piece). A first failure, and a 403, say
    // nothing yet: neither that the link failed nor that it was checked.
    for quiet in [albuquerque, dallas] {
        let page = http_get(&server.addr, quiet).await;
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(!page.contains("link-check"), "{quiet}:\n{page}");
    }

    // The second run finds /missing failing again: now the page says so.
    let run = fixture.links_check(&[]).await;
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    let results = fixture.results().await;
    let day = |path: &str| results[&fixture.web.url(path)].check.checked_at.date();
    let unreachable = format!(
        "Could not be reached on {}; the address may have changed",
        english.date(&day("/missing"))
    );
    let page = page_once_it_shows(&server.addr, albuquerque, &unreachable, deadline).await;
    assert!(
        page.contains(&unreachable),
        "no {unreachable:?} in:\n{page}"
    );
    let page = http_get(&server.addr, dallas).await;
    assert!(
        !page.contains("link-check"),
        "a 403 twice is still no verdict:\n{page}"
    );
    let spanish_note = format!("Comprobado el {}", spanish.date(&day("/ok")));
    let page = page_once_it_shows(
        &server.addr,
        &format!("/es{albany}"),
        &spanish_note,
        deadline,
    )
    .await;
    assert!(
        page.contains(&spanish_note),
        "no {spanish_note:?} in:\n{page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_run_refuses_every_local_address_and_asks_none_of_them() {
    let fixture = Fixture::new().await;
    // Without the hidden test flag: every address in this catalog is on 127.0.0.1.
    let run = fixture.links_check_as_in_production(&[]).await;
    fixture.assert_every_address_refused_unasked(&run).await;
}

/// reqwest asks a proxy named in the environment (HTTP_PROXY and its kin) for each address,
/// and the proxy looks the name up itself: past the resolver that refuses local and private
/// addresses, so a proxy could reach what the checker must not. A real run connects directly.
/// Here the "proxy" is the stand-in, and every address names `localhost`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_run_ignores_a_proxy_in_its_environment() {
    let fixture = Fixture::new().await;
    let named_seeds = fixture.scratch.dir.path().join("named-seeds");
    std::fs::create_dir_all(&named_seeds).unwrap();
    for entry in std::fs::read_dir(&fixture.seeds).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let named = text.replace("://127.0.0.1:", "://localhost:");
        std::fs::write(named_seeds.join(path.file_name().unwrap()), named).unwrap();
    }
    let database = fixture.scratch.dir.path().join("named").join("lantern.db");
    lantern::cli::import(&named_seeds, &database, Default::default())
        .await
        .expect("the seeds with named local addresses import");
    let proxy = format!("http://127.0.0.1:{}", fixture.web.port);
    let mut command = fixture.links_check_of(&database);
    command.env_remove("NO_PROXY").env_remove("no_proxy");
    for variable in PROXY_VARIABLES {
        command.env(variable, &proxy);
    }
    let run = run_off_the_runtime(command).await;
    fixture.assert_every_address_refused_unasked(&run).await;
    for stored in fixture.results().await.values() {
        assert!(stored.check.url.contains("://localhost:"), "{stored:?}");
    }
}

/// One check of `url` at `at`, with `outcome`.
fn a_check(url: &str, at: &str, outcome: Outcome) -> LinkCheck {
    let (status, error) = match outcome {
        Outcome::Ok => (Some(200), None),
        Outcome::Broken => (Some(404), Some("404 Not Found".to_owned())),
        Outcome::Unreachable => (None, Some("connection refused".to_owned())),
    };
    LinkCheck {
        url: url.to_owned(),
        checked_at: UtcTime::parse_rfc3339(at).unwrap(),
        status,
        final_url: status.map(|_| url.to_owned()),
        outcome,
        error,
        elapsed: Duration::from_millis(40),
    }
}

#[tokio::test]
async fn each_store_keeps_the_first_failure_until_the_address_works_again() {
    let scratch = Scratch::new();
    for location in crate::common::feedback_stores(&scratch).await {
        let location: lantern::feedback::StoreLocation = location.parse().unwrap();
        let store = FeedbackStore::open(&location).await.unwrap();
        let url = "http://127.0.0.1:9/page";
        let version = store.link_checks_version().await.unwrap();
        let days = [
            (
                "2026-11-01T06:00:00Z",
                Outcome::Broken,
                Some("2026-11-01T06:00:00Z"),
            ),
            (
                "2026-11-08T06:00:00Z",
                Outcome::Unreachable,
                Some("2026-11-01T06:00:00Z"),
            ),
            ("2026-11-15T06:00:00Z", Outcome::Ok, None),
            (
                "2026-11-22T06:00:00Z",
                Outcome::Broken,
                Some("2026-11-22T06:00:00Z"),
            ),
        ];
        let mut last_version = version;
        for (at, outcome, since) in days {
            let recorded = store
                .record_link_check(&a_check(url, at, outcome))
                .await
                .unwrap();
            let since = since.map(|s| UtcTime::parse_rfc3339(s).unwrap());
            assert_eq!(recorded.first_failed_at, since, "{location}: {at}");
            let stored = store.link_checks().await.unwrap();
            assert_eq!(stored.len(), 1, "{location}: one row per address");
            assert_eq!(stored[0], recorded, "{location}: {at}");
            // Every recorded check moves the counter the site polls.
            let now = store.link_checks_version().await.unwrap();
            assert!(now > last_version, "{location}: {at}");
            last_version = now;
        }
        // A 403 neither starts, ends nor moves a run of failures.
        let forbidden = LinkCheck {
            status: Some(403),
            error: Some("403 Forbidden".to_owned()),
            ..a_check(url, "2026-11-29T06:00:00Z", Outcome::Broken)
        };
        let recorded = store.record_link_check(&forbidden).await.unwrap();
        assert_eq!(
            recorded.first_failed_at,
            UtcTime::parse_rfc3339("2026-11-22T06:00:00Z"),
            "{location}"
        );
    }
}
