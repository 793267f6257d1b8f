//! Search benchmark: `cargo bench --bench search` (release build; see README).
//!
//! 1. Builds a synthetic catalog of 100,000 resources (the real catalog plus generated entries
//!    with a realistic vocabulary), imports it with the real importer (its time), then, in a
//!    process of its own as `serve` would be, builds what serve builds before it listens (time
//!    to ready), reports search latency p50/p99 for selective, broad and multi-word queries,
//!    and that process's peak and current RSS.
//! 2. On the real catalog, serves the search page and an axum hello-world returning a page of
//!    the same size, loads each from the same process for the same time, and reports requests
//!    per second and their ratio.
//!
//! Settings: LANTERN_BENCH_RESOURCES (default 100000; 0 skips part 1), LANTERN_BENCH_SECONDS
//! (default 5 per load run), LANTERN_BENCH_CONNECTIONS (default 32). Before its load runs, part
//! 2 times each search page made afresh in process: LANTERN_BENCH_PAGE_RUNS (default 2000)
//! times one after another; LANTERN_BENCH_PAGE ("hotline" or "training") times that
//! page alone, to profile it (with LANTERN_BENCH_RESOURCES=0 LANTERN_BENCH_SECONDS=0, that is
//! most of the run).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lantern::catalog::{
    Catalog, Kind, Link, Phone, PhoneNumber, PhoneType, Resource, ServiceArea, Slug,
};
use lantern::lang::Lang;
use lantern::search::{self, Filters};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: deterministic, so every run measures the same catalog.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The catalog's vocabulary: function words and the domain's words first, then a long tail
/// of made-up words. Words are drawn Zipf-distributed (s = 1), as in natural text: "the" is in
/// every entry, "trafficking" in most, "tribal" in a few percent, a tail word in a handful.
const COMMON: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "for",
    "in",
    "a",
    "with",
    "human",
    "trafficking",
    "victims",
    "services",
    "program",
    "support",
    "survivors",
    "training",
    "community",
    "law",
    "enforcement",
    "state",
    "local",
    "assistance",
    "children",
    "youth",
    "grant",
    "funding",
    "housing",
    "legal",
    "case",
    "management",
    "task",
    "force",
    "federal",
    "shelter",
    "counseling",
    "referral",
    "advocacy",
    "prevention",
    "awareness",
    "labor",
    "exploitation",
    "families",
    "health",
    "mental",
    "education",
    "outreach",
    "coalition",
    "network",
    "center",
    "sex",
    "tribal",
    "hotline",
];

struct Vocabulary {
    words: Vec<String>,
    /// Cumulative Zipf weights, for sampling by binary search.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(rng: &mut Rng, tail: usize) -> Self {
        const SYLLABLES: &[&str] = &[
            "ba", "ren", "tol", "mi", "sa", "dor", "vek", "lin", "qua", "zo", "pe", "tar", "nu",
            "gla", "fen", "ro", "ki", "mar", "ul", "ess", "tra", "bo", "ly", "cen",
        ];
        let mut words: Vec<String> = COMMON.iter().map(|w| (*w).to_owned()).collect();
        words.extend((0..tail).map(|_| {
            let n = 2 + rng.below(3);
            (0..n).map(|_| *rng.pick(SYLLABLES)).collect::<String>()
        }));
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().expect("words");
        let target = (rng.next() as f64 / u64::MAX as f64) * total;
        let index = self
            .cumulative
            .partition_point(|&c| c < target)
            .min(self.words.len() - 1);
        &self.words[index]
    }
}

fn sentence(rng: &mut Rng, vocabulary: &Vocabulary, words: usize) -> String {
    let mut text = (0..words)
        .map(|_| vocabulary.word(rng).to_owned())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(first) = text.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    text.push('.');
    text
}

fn synthetic_catalog(real: &Catalog, total: usize) -> Catalog {
    let mut catalog = real.clone();
    let mut rng = Rng(0x5EED_1A57_E2A5_0001);
    let tail = Vocabulary::new(&mut rng, 20_000);
    let kinds = Kind::ALL;
    let states: Vec<_> = real.states.iter().map(|s| s.code).collect();
    let source = real.resources[0].source.clone();
    let date = real.resources[0].last_verified;
    for i in catalog.resources.len()..total {
        let name_words = 2 + rng.below(4);
        let name = sentence(&mut rng, &tail, name_words)
            .trim_end_matches('.')
            .to_owned();
        let service_area = if rng.below(5) == 0 {
            ServiceArea::National
        } else {
            ServiceArea::States(vec![*rng.pick(&states)])
        };
        let phones = if rng.below(2) == 0 {
            let number = format!(
                "{}{:02}-{}{:02}-{:04}",
                2 + rng.below(8),
                rng.below(100),
                2 + rng.below(8),
                rng.below(100),
                rng.below(10_000)
            );
            vec![Phone {
                number: PhoneNumber::parse(&number, PhoneType::Voice)
                    .expect("generated numbers are valid"),
                phone_type: PhoneType::Voice,
                law_enforcement: Some(rng.below(2) == 0),
                description: None,
                hours: None,
                languages: None,
                from: None,
                note: None,
                es: None,
            }]
        } else {
            Vec::new()
        };
        let mut topics: Vec<Slug> = (0..1 + rng.below(3))
            .map(|_| rng.pick(&real.topics).slug.clone())
            .collect();
        topics.sort();
        topics.dedup();
        let summary_words = 12 + rng.below(10);
        let summary = sentence(&mut rng, &tail, summary_words);
        let description = (0..3)
            .map(|_| {
                let words = 15 + rng.below(15);
                sentence(&mut rng, &tail, words)
            })
            .collect::<Vec<_>>()
            .join(" ");
        catalog.resources.push(Resource {
            slug: format!("synthetic-{i}").parse().expect("valid slug"),
            name,
            alternate_names: Vec::new(),
            kind: *rng.pick(&kinds),
            summary,
            description,
            organization: Some(rng.pick(&real.organizations).slug.clone()),
            topics,
            audiences: vec![rng.pick(&real.audiences).slug.clone()],
            service_area,
            address: None,
            source: source.clone(),
            also_in: Vec::new(),
            source_note: None,
            last_verified: date,
            phones,
            facts: Vec::new(),
            es: None,
            links: if rng.below(3) == 0 {
                vec![Link {
                    url: "https://www.fbi.gov/contact-us/field-offices"
                        .parse()
                        .unwrap(),
                    label: "More".into(),
                    from: None,
                    label_es: None,
                }]
            } else {
                Vec::new()
            },
        });
    }
    catalog.hash = format!("synthetic-{total}");
    catalog
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

async fn latency(
    searcher: &search::Searcher,
    lang: Lang,
    label: &str,
    queries: &[&str],
    runs: usize,
) {
    let mut all = Vec::new();
    let mut lines = Vec::new();
    for q in queries {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let outcome = searcher
                .search(lang, q, Filters::default(), 1)
                .await
                .expect("search runs");
            times.push(start.elapsed());
            total = outcome.total;
        }
        times.sort();
        lines.push(format!(
            "    {q:<40} p50 {:>7.2} ms  max {:>7.2} ms  {total} results",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3,
        ));
        all.extend(times);
    }
    all.sort();
    println!(
        "{label:<11} p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms   ({} searches)",
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all.last().unwrap().as_secs_f64() * 1e3,
        all.len(),
    );
    for line in lines {
        println!("{line}");
    }
}

/// Keep-alive HTTP/1.1 GETs on `connections` sockets for `seconds`; returns requests/second
/// and the count of non-200 answers.
async fn load(
    addr: std::net::SocketAddr,
    path: &str,
    connections: u64,
    seconds: u64,
) -> (f64, u64) {
    let done = Arc::new(AtomicU64::new(0));
    let bad = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (done, bad, stop, request) = (done.clone(), bad.clone(), stop.clone(), request.clone());
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
            stream.set_nodelay(true).ok();
            let mut buffer = Vec::with_capacity(64 * 1024);
            let mut chunk = vec![0u8; 64 * 1024];
            while !stop.load(Ordering::Relaxed) {
                stream.write_all(request.as_bytes()).await.expect("write");
                buffer.clear();
                // Read the head, then exactly content-length bytes of body.
                let (head_end, length) = loop {
                    let n = stream.read(&mut chunk).await.expect("read");
                    assert!(n > 0, "server closed the connection");
                    buffer.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .expect("content-length");
                        if !head.starts_with("http/1.1 200") {
                            bad.fetch_add(1, Ordering::Relaxed);
                        }
                        break (end + 4, length);
                    }
                };
                while buffer.len() < head_end + length {
                    let n = stream.read(&mut chunk).await.expect("read");
                    assert!(n > 0, "server closed the connection");
                    buffer.extend_from_slice(&chunk[..n]);
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let start = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    let completed = done.load(Ordering::Relaxed);
    for task in tasks {
        task.await.expect("load task");
    }
    (completed as f64 / elapsed, bad.load(Ordering::Relaxed))
}

async fn serve(router: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    addr
}

async fn page_size(addr: std::net::SocketAddr, path: &str) -> usize {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head")
        + 4;
    response.len() - end
}

/// Set (to a database path) in the process that serves the synthetic catalog.
const SERVE_ONLY: &str = "LANTERN_BENCH_SERVE_ONLY";

/// A memory figure of this process from /proc/self/status ("VmRSS:" now, "VmHWM:" peak).
fn rss(field: &str) -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    (status.lines())
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or("?".to_owned(), |kb| format!("{} MB", kb / 1024))
}

/// Bytes handed out by the allocator and not yet freed, in MB (glibc's count): what the
/// process holds, where RSS also counts freed memory not yet given back to the system.
fn heap_in_use() -> f64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        let info = unsafe { libc::mallinfo2() };
        (info.uordblks + info.hblkhd) as f64 / 1024.0 / 1024.0
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    f64::NAN
}

/// CPU seconds this process has used (user and system), from /proc/self/stat: what a build
/// costs however busy the machine is, where its wall-clock time is not.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses, utime and stime are the 12th and 13th fields.
    let fields: Vec<&str> = (stat.rsplit_once(')').map_or("", |(_, rest)| rest))
        .split_whitespace()
        .collect();
    let ticks: f64 = (fields.get(11..13).unwrap_or_default().iter())
        .filter_map(|v| v.parse::<f64>().ok())
        .sum();
    // SAFETY: sysconf only reads a setting.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks / per_second
}

/// What `serve` does before it listens, timed, and the RSS it serves with; then what each
/// build costs on its own; then search latency.
async fn serve_synthetic(database: &Path) {
    let start = Instant::now();
    let pool = lantern::db::open_for_reading(database, false)
        .await
        .expect("open read-only");
    let state = lantern::AppState::new(pool.clone());
    let (heap_before, cpu_before) = (heap_in_use(), cpu_seconds());
    // serve's own call, then what it does before listening.
    state
        .build_per_catalog()
        .await
        .expect("what serve builds before it listens");
    lantern::server::give_back_freed_memory();
    println!(
        "ready to serve (the search data in both languages and the HSDS records, built at \
         once as serve does before it listens): {:.2} s ({:.2} s of CPU), heap in use {:.0} \
         MB more; RSS {} (of it not the database's mapped file: {}), peak while building {}",
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu_before,
        heap_in_use() - heap_before,
        rss("VmRSS:"),
        rss("RssAnon:"),
        rss("VmHWM:")
    );
    drop(state);
    lantern::server::give_back_freed_memory();

    // Each build on its own, in a state of their own: time and memory by part.
    let state = lantern::AppState::new(pool.clone());
    // The HSDS API's records first, by one API request, so that their time and memory are
    // theirs alone (later, memory the search builds free would be reused and not show).
    let start = Instant::now();
    let rss_before = rss("VmRSS:");
    api_request(&lantern::app(state.clone()), "/hsds/services?per_page=1").await;
    let api_ready = start.elapsed();
    println!(
        "HSDS records built: {:.2} s, RSS {} (before: {rss_before}; of it not the database's \
         mapped file: {})",
        api_ready.as_secs_f64(),
        rss("VmRSS:"),
        rss("RssAnon:")
    );
    let (heap_before, cpu_before) = (heap_in_use(), cpu_seconds());
    state.search.data().await.expect("the search data builds");
    println!(
        "search data built (both languages, from one reading of the database): {:.2} s \
         ({:.2} s of CPU), RSS {}, heap in use {:.0} MB more",
        (start.elapsed() - api_ready).as_secs_f64(),
        cpu_seconds() - cpu_before,
        rss("VmRSS:"),
        heap_in_use() - heap_before
    );
    let searcher = &state.search;
    // Typical queries name something; broad ones are a common word, a letter, or a slip of
    // a common word; multi-word ones combine common words, a state or a ZIP code.
    let selective = [
        "fbi albany",
        "866-347-2423",
        "innocence lost",
        "ICAC",
        "vat online",
        "capacity building center",
    ];
    let broad = [
        "the",
        "a",
        "h",
        "trafficking",
        "services",
        "victims and",
        "hotlne",
    ];
    let multi = [
        "human trafficking task force training",
        "grants for tribal victim services",
        "sex trafficking kids texas",
        "legal assistance housing survivors",
        "law enforcement training 77002",
    ];
    // What a Spanish speaker types on /es/search: synonyms, places, stopwords, a slip.
    let spanish = [
        "ayuda",
        "trata de personas texas",
        "denunciar",
        "explotación laboral",
        "niños desaparecidos",
        "oficina del fbi en nuevo méxico",
        "denunsiar",
    ];
    latency(searcher, Lang::En, "warm-up", &selective, 1).await;
    latency(searcher, Lang::En, "selective", &selective, 30).await;
    latency(searcher, Lang::En, "broad", &broad, 30).await;
    latency(searcher, Lang::En, "multi-word", &multi, 30).await;
    latency(searcher, Lang::Es, "spanish", &spanish, 30).await;
    // Not the serving figure (that is in the "ready to serve" line): this process has built
    // everything twice by now.
    println!(
        "this process at the end: peak RSS {}, now {}",
        rss("VmHWM:"),
        rss("VmRSS:")
    );
    drop(state);
    pool.close().await;
}

#[tokio::main]
async fn main() {
    if let Some(database) = std::env::var_os(SERVE_ONLY) {
        return serve_synthetic(Path::new(&database)).await;
    }
    let total = env_number("LANTERN_BENCH_RESOURCES", 100_000) as usize;
    let seconds = env_number("LANTERN_BENCH_SECONDS", 5);
    let connections = env_number("LANTERN_BENCH_CONNECTIONS", 32);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let real = Catalog::load(&seeds, lantern::input::MaxBytes::default()).expect("the seeds load");
    let dir = tempfile::tempdir().expect("temporary folder");

    if total > 0 {
        synthetic_part(&real, total, dir.path()).await;
    }
    if std::env::var_os("LANTERN_BENCH_LATENCY_ONLY").is_some() {
        return;
    }
    println!(
        "\n== search page under load, real catalog, {connections} connections, {seconds} s each"
    );
    let real_db = dir.path().join("real.db");
    lantern::cli::import(&seeds, &real_db, lantern::input::MaxBytes::default())
        .await
        .expect("import the real catalog");
    let state = lantern::AppState::new(
        lantern::db::open_for_reading(&real_db, false)
            .await
            .expect("open read-only"),
    );
    page_costs(&state).await;
    api_costs(&state).await;
    let app = serve(lantern::app(state)).await;
    for path in ["/search?q=trafficking+hotline", TWENTY_RESULTS] {
        let size = page_size(app, path).await;
        let body: &'static str = Box::leak("x".repeat(size).into_boxed_str());
        let hello = serve(axum::Router::new().route(
            "/",
            axum::routing::get(move || async move {
                ([("content-type", "text/html; charset=utf-8")], body)
            }),
        ))
        .await;
        let (hello_rps, hello_bad) = load(hello, "/", connections, seconds).await;
        let (search_rps, search_bad) = load(app, path, connections, seconds).await;
        println!("{path}");
        println!("  hello-world ({size} bytes): {hello_rps:>9.0} req/s ({hello_bad} non-200)");
        println!("  search page ({size} bytes): {search_rps:>9.0} req/s ({search_bad} non-200)");
        println!("  ratio: {:.2}x hello-world", search_rps / hello_rps);
    }
}

/// Part 1: the synthetic catalog's import, then serving it in a process of its own.
async fn synthetic_part(real: &Catalog, total: usize, dir: &Path) {
    println!("== search latency on a synthetic catalog of {total} resources");
    // LANTERN_BENCH_DATABASE keeps the synthetic database between runs (it is built when
    // missing), to iterate on search without waiting for the import.
    let big_db = std::env::var_os("LANTERN_BENCH_DATABASE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.join("synthetic.db"));
    if !big_db.exists() {
        let synthetic = synthetic_catalog(real, total);
        println!("generated {} resources", synthetic.resources.len());
        let start = Instant::now();
        let writer = lantern::db::open_for_writing(&big_db).await.expect("open");
        lantern::db::replace_catalog(&writer, &synthetic)
            .await
            .expect("import");
        writer.close().await;
        println!("import: {:.1} s", start.elapsed().as_secs_f64());
    }
    // Serving is measured in a process of its own, so its RSS is what a server holding this
    // catalog uses, not the generator's and importer's.
    let status = std::process::Command::new(std::env::current_exe().expect("this benchmark"))
        .env(SERVE_ONLY, &big_db)
        .status()
        .expect("the serving process runs");
    assert!(status.success(), "the serving process failed");
}

/// A search page with a full page of results, and a synonym group ("technical assistance",
/// "TTA"…) to match and mark. (The issue named `q=training+for+police`, which has 12 results
/// since "officer" stopped finding "Office"; `benches/load.sh` loads both.)
const TWENTY_RESULTS: &str = "/search?q=training";

/// Where a search page's time goes, for the selective search and the 20-result page: the
/// search alone (matching, ranking, facets, snippets), then the whole request through the
/// router (the search again, the view, the template, the layers), one at a time. Search pages
/// are made afresh for every request (never kept: see `web::cache::recent`).
async fn page_costs(state: &lantern::AppState) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let runs = env_number("LANTERN_BENCH_PAGE_RUNS", 2_000).clamp(1, 1_000_000) as u32;
    let only = std::env::var("LANTERN_BENCH_PAGE")
        .ok()
        .filter(|words| !words.is_empty());
    let app = lantern::app(state.clone());
    let pages = [
        ("/search?q=hotline", "hotline"),
        (TWENTY_RESULTS, "training"),
    ];
    if let Some(only) = &only {
        assert!(
            pages.iter().any(|(_, words)| words == only),
            "LANTERN_BENCH_PAGE is one of {:?}",
            pages.map(|(_, words)| words)
        );
    }
    for (path, words) in pages {
        if only.as_ref().is_some_and(|only| only != words) {
            continue;
        }
        let start = Instant::now();
        for _ in 0..runs {
            let outcome = (state.search)
                .search(Lang::En, words, Filters::default(), 1)
                .await
                .expect("search runs");
            std::hint::black_box(outcome);
        }
        let search = start.elapsed() / runs;
        let start = Instant::now();
        for _ in 0..runs {
            let request = axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .expect("a request");
            let response = app.clone().oneshot(request).await.expect("a response");
            let body = response.into_body().collect().await.expect("a body");
            std::hint::black_box(body);
        }
        let page = start.elapsed() / runs;
        println!(
            "{path}: {:.1} µs a page, of which the search {:.1} µs (the rest: view, template, \
             handler, layers)",
            page.as_secs_f64() * 1e6,
            search.as_secs_f64() * 1e6
        );
    }
}

/// What the HSDS API's answers cost on the real catalog, one request at a time through the
/// router: a page of 50 full services, and one service by its ID.
async fn api_costs(state: &lantern::AppState) {
    const RUNS: u32 = 500;
    let app = lantern::app(state.clone());
    let page = api_request(&app, "/hsds/services?full=true").await;
    let page: serde_json::Value = serde_json::from_slice(&page).expect("JSON");
    let id = page["contents"][0]["id"]
        .as_str()
        .expect("a service")
        .to_owned();
    for uri in [
        "/hsds/services?full=true".to_owned(),
        format!("/hsds/services/{id}"),
    ] {
        let start = Instant::now();
        let mut bytes = 0;
        for _ in 0..RUNS {
            bytes = api_request(&app, &uri).await.len();
        }
        println!(
            "{uri}: {:.0} µs a request ({bytes} bytes)",
            (start.elapsed() / RUNS).as_secs_f64() * 1e6
        );
    }
}

/// One API request through the router; its body.
async fn api_request(app: &axum::Router, uri: &str) -> axum::body::Bytes {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .expect("a request");
    let response = app.clone().oneshot(request).await.expect("a response");
    assert!(response.status().is_success(), "the API answers {uri}");
    let body = response.into_body().collect().await.expect("a body");
    body.to_bytes()
}
