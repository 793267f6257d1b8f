//! Hostile and malformed input: every case gets a clear 4xx page in the layout (or 405, 414,
//! 431), never a 5xx or a panic, and the server still answers afterwards. Most cases go
//! through the router; the ones only a real socket can send go to the real binary.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::common::{Answer, Scratch, Server, http_get, imported, raw_request, send};

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// A refusal a person can read: a 4xx page in the layout, with the hotline.
fn assert_clear_refusal(answer: &Answer, what: &str) {
    assert!(answer.status.is_client_error(), "{what}: {}", answer.status);
    assert!(
        answer.body.contains("<main id=\"main\""),
        "{what}: not a page in the layout"
    );
    assert!(answer.body.contains("888-373-7888"), "{what}: no hotline");
}

const PAYLOADS: &[&str] = &[
    "' OR 1=1 --",
    "\"; drop table resources; --",
    "hotline\" OR \"1\"=\"1",
    "NEAR(hotline trafficking, 2)",
    "name:hotline",
    "{name summary}: hotline",
    "hotline*",
    "^hotline",
    "- hotline",
    "hotline AND NOT fbi",
    "\"unbalanced",
    "(((((",
    "*",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "%00",
    "\u{0}null\u{0}",
    "\u{202e}reversed",
    "ｈｏｔｌｉｎｅ",
    "🚨🚨🚨",
];

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[tokio::test]
async fn sql_and_fts5_syntax_in_every_parameter_is_plain_text() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for payload in PAYLOADS {
        let encoded = encode(payload);
        let answer = send(&app, get(&format!("/search?q={encoded}"))).await;
        assert_eq!(answer.status, StatusCode::OK, "q={payload}");
        for param in ["kind", "topic", "state", "audience", "agency", "page"] {
            let answer = send(&app, get(&format!("/search?q=hotline&{param}={encoded}"))).await;
            assert_clear_refusal(&answer, &format!("{param}={payload}"));
        }
        let answer = send(&app, get(&format!("/help?state={encoded}"))).await;
        assert_clear_refusal(&answer, &format!("help state={payload}"));
        for path in [
            "/resources/",
            "/kinds/",
            "/topics/",
            "/organizations/",
            "/states/",
            "/static/",
        ] {
            let answer = send(
                &app,
                get(&format!("{path}{}", encode(payload).replace('+', "%20"))),
            )
            .await;
            assert_clear_refusal(&answer, &format!("{path}{payload}"));
        }
    }
    // Nothing was dropped or changed.
    let answer = send(&app, get("/search?q=hotline")).await;
    assert!(answer.body.contains("National Human Trafficking Hotline"));
}

#[tokio::test]
async fn script_payloads_are_never_reflected_unescaped() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for payload in [
        "<script>alert(1)</script> hotlne",
        "\"><img src=x onerror=alert(1)> texas",
        "</script><script>alert(1)</script> 06390",
        "' onmouseover='alert(1) TX",
    ] {
        let answer = send(&app, get(&format!("/search?q={}", encode(payload)))).await;
        assert_eq!(answer.status, StatusCode::OK, "{payload}");
        let body = &answer.body;
        // The payloads' text may appear, escaped; their markup and quotes may not.
        for raw in [
            "<script>alert",
            "<img src=x",
            "\"><img",
            "' onmouseover='",
            "</script><script>",
        ] {
            assert!(!body.contains(raw), "{payload}: {raw} reflected");
        }
        // Not in the JSON-LD either (search pages have none; resource pages take no input).
        assert!(!body.contains("application/ld+json"));
    }
}

#[tokio::test]
async fn path_traversal_on_static_finds_nothing() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2e%2e%2fsrc%2fmain.rs",
        "/static/..%5c..%5cCargo.toml",
        "/static/%252e%252e%252fCargo.toml",
        "/static//etc/passwd",
        "/static/style.css%00.png",
        "/static/%ff",
    ] {
        let answer = send(&app, get(path)).await;
        assert!(answer.status.is_client_error(), "{path}: {}", answer.status);
        assert!(!answer.body.contains("[package]"), "{path} leaked a file");
        assert!(!answer.body.contains("root:"), "{path} leaked a file");
    }
}

#[tokio::test]
async fn nonsense_parameters_get_clear_pages() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for uri in [
        "/search?q=x&page=-1",
        "/search?q=x&page=1.5",
        "/search?q=x&page=99999999999999999999",
        "/search?state=ZZ",
        "/search?kind=%3Cscript%3E",
        "/search?q=a&q=b",
        "/search?kind=hotline&kind=funding",
        "/help?state=ZZ",
        "/help?state=TX&state=NY",
        "/search?q=%FF",
        "/search?q=%E2%28%A1",
        "/search?q=%",
        "/search?q=%G1",
        "/search?q=%+1",
        "/resources/%FF",
        "/states/%C0%AF",
    ] {
        let answer = send(&app, get(uri)).await;
        assert_clear_refusal(&answer, uri);
    }
    // Parameters nobody asked for are ignored, not refused.
    let answer = send(&app, get("/search?q=hotline&utm_source=x&debug=1")).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn huge_addresses_and_headers_are_refused_in_the_layout() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    // Larger addresses cannot even be built as a request here; the socket test sends 1 MB.
    for size in [10 * 1024, 60 * 1024] {
        let answer = send(&app, get(&format!("/search?q={}", "a".repeat(size)))).await;
        assert_eq!(answer.status, StatusCode::URI_TOO_LONG, "{size} bytes");
        assert_clear_refusal(&answer, "long address");
    }
    let request = Request::get("/help")
        .header("x-padding", "p".repeat(20 * 1024))
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_clear_refusal(&answer, "large headers");
}

#[tokio::test]
async fn unsupported_methods_get_405_with_allow_and_head_works_everywhere() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let routes = [
        "/",
        "/help",
        "/kinds",
        "/kinds/hotline",
        "/topics",
        "/topics/grants",
        "/states",
        "/states/TX",
        "/organizations",
        "/organizations/ovc",
        "/resources/call-911",
        "/search?q=hotline",
        "/about",
        "/open-data",
        "/healthz",
        "/hsds/services",
        "/openapi.json",
    ];
    for route in routes {
        for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
            let request = Request::builder()
                .method(method.clone())
                .uri(route)
                .body(Body::from("x=1"))
                .unwrap();
            let answer = send(&app, request).await;
            assert_eq!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {route}"
            );
            let allow = answer
                .headers
                .get(header::ALLOW)
                .map(|v| v.to_str().unwrap().to_owned());
            assert!(
                allow.as_deref().is_some_and(|a| a.contains("GET")),
                "{method} {route}: Allow {allow:?}"
            );
        }
        let head = Request::head(route).body(Body::empty()).unwrap();
        let answer = send(&app, head).await;
        assert_eq!(answer.status, StatusCode::OK, "HEAD {route}");
        assert!(answer.body.is_empty(), "HEAD {route} has no body");
    }
}

#[tokio::test]
async fn responses_carry_the_security_headers_and_no_cookies() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state.clone());
    // Refusals made before any handler runs (a broken query string, an address too long)
    // carry them too.
    let too_long = format!("/search?q={}", "a".repeat(9 * 1024));
    for uri in [
        "/",
        "/search?q=x",
        "/nope",
        "/healthz",
        "/search?q=%FF",
        &too_long,
    ] {
        let answer = send(&app, get(uri)).await;
        let h = &answer.headers;
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{uri}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
        assert!(
            h["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("geolocation=()")
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert!(h.get(header::SET_COOKIE).is_none());
        assert!(
            h.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "no HSTS unless behind TLS"
        );
        assert!(h.get("x-request-id").is_some());
    }
    let tls = state.behind_tls(true);
    let answer = send(&lantern::app(tls), get("/")).await;
    assert!(
        answer.headers[header::STRICT_TRANSPORT_SECURITY]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}

#[tokio::test]
async fn pages_are_compressed_when_the_browser_asks_and_decode_to_the_same_page() {
    use std::io::Read;
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    // A catalog page (kept compressed in memory), one made per request, and a static file.
    let home = send(&app, get("/")).await;
    let start = home.body.find("/static/style.").unwrap();
    let css = &home.body[start..start + home.body[start..].find('"').unwrap()];
    // And the page saying an address names nothing (not kept, but compressed all the same).
    for uri in [
        "/states",
        "/states",
        "/search?q=hotline",
        css,
        "/resources/no-such-thing",
    ] {
        let plain = send(&app, get(uri)).await;
        let status = if uri.contains("no-such") {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(plain.status, status, "{uri}");
        assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
        for encoding in ["br", "gzip"] {
            let request = Request::get(uri)
                .header(
                    header::ACCEPT_ENCODING,
                    format!("{encoding}, identity;q=0.5"),
                )
                .body(Body::empty())
                .unwrap();
            let answer = send(&app, request).await;
            assert_eq!(answer.headers[header::CONTENT_ENCODING], encoding, "{uri}");
            assert!(
                answer.bytes.len() < plain.bytes.len() / 2,
                "{uri} {encoding}"
            );
            let mut decoded = Vec::new();
            match encoding {
                "br" => brotli::Decompressor::new(&answer.bytes[..], 4096)
                    .read_to_end(&mut decoded)
                    .unwrap(),
                _ => flate2::read::GzDecoder::new(&answer.bytes[..])
                    .read_to_end(&mut decoded)
                    .unwrap(),
            };
            assert_eq!(decoded, plain.bytes, "{uri} {encoding}");
        }
        let refused = Request::get(uri)
            .header(header::ACCEPT_ENCODING, "br;q=0, gzip;q=0")
            .body(Body::empty())
            .unwrap();
        let answer = send(&app, refused).await;
        assert!(
            answer.headers.get(header::CONTENT_ENCODING).is_none(),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn a_saturated_server_says_come_back_but_still_shows_kept_pages() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state.clone());
    // Pages are kept in memory once they have been rendered.
    for uri in ["/help", "/help?state=TX", "/resources/call-911"] {
        assert_eq!(send(&app, get(uri)).await.status, StatusCode::OK, "{uri}");
    }
    // No room for any request that needs work: as if 512 were already running.
    let saturated = lantern::app(state.max_in_flight(0));
    let help = send(&saturated, get("/help")).await;
    assert_eq!(help.status, StatusCode::OK);
    assert!(help.body.contains("888-373-7888"));
    // Other spellings of a kept page's address find it: they are the same page, and
    // made-up spellings cannot fill the cache with copies.
    for uri in [
        "/help?state=tx+",
        "/help?unknown=1&state=%20TX",
        "/resources/%63all-911",
    ] {
        let page = send(&saturated, get(uri)).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
    }
    let search = send(&saturated, get("/search?q=hotline")).await;
    assert_eq!(search.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(search.headers[header::RETRY_AFTER], "1");
    assert!(
        search.body.contains("The directory is busy"),
        "{}",
        search.body
    );
    assert!(search.body.contains("888-373-7888"));
    assert!(
        search
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .is_some()
    );
    let api = send(&saturated, get("/hsds/services")).await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.headers[header::RETRY_AFTER], "1");
    assert!(api.body.starts_with('{'), "{}", api.body);
    assert_eq!(api.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    // A page never rendered cannot be kept: it waits its turn like any other request.
    let unseen = send(&saturated, get("/states/TX")).await;
    assert_eq!(unseen.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_request_that_cannot_finish_in_time_is_answered_503_not_held() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state.clone());
    // Every database connection is busy elsewhere, so a page that needs one waits (the pool
    // would give up after 30 s).
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(state.db.acquire().await.unwrap());
    }
    // Virtual time from here: the clock jumps whenever nothing else can run.
    tokio::time::pause();
    let started = tokio::time::Instant::now();
    let page = send(&app, get("/states/TX")).await;
    let waited = started.elapsed();
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers[header::RETRY_AFTER], "1");
    assert!(page.body.contains("The directory is busy"), "{}", page.body);
    assert!(page.body.contains("888-373-7888"));
    // The request's own limit (10 s) ended it, not the pool's.
    assert!(
        waited >= std::time::Duration::from_secs(10) && waited < std::time::Duration::from_secs(30),
        "{waited:?}"
    );
    drop(held);
}

#[tokio::test]
async fn a_real_socket_survives_malformed_requests() {
    let scratch = Scratch::new();
    let server = Server::start(&scratch.database(), &[]);
    let addr = server.addr.as_str();
    let huge_uri = format!(
        "GET /search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(200 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "garbage",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03hello".to_vec(),
        ),
        ("bad request line", b"GET\r\n\r\n".to_vec()),
        (
            "invalid utf-8 path",
            b"GET /resources/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        ("1 MB address", huge_uri.into_bytes()),
        ("200 KB header", huge_header.into_bytes()),
        (
            "bad content-length",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".to_vec(),
        ),
        (
            "unknown method",
            b"BREW /help HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "traversal",
            b"GET /static/../../Cargo.toml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .to_vec(),
        ),
    ];
    for (what, request) in cases {
        let response = raw_request(addr, &request).await;
        assert!(
            !response.starts_with("HTTP/1.1 5"),
            "{what}: {response:.200}"
        );
        assert!(!response.contains("[package]"), "{what} leaked a file");
        // The server still answers.
        let health = http_get(addr, "/healthz").await;
        assert!(
            health.starts_with("HTTP/1.1 200"),
            "after {what}: {health:.200}"
        );
    }
    let log = server.log_so_far().await;
    assert!(!log.contains("panicked"), "{log}");
}

#[tokio::test]
async fn a_client_that_stalls_mid_request_is_not_waited_on_forever() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let scratch = Scratch::new();
    let server = Server::start(&scratch.database(), &[]);
    let mut stalled = tokio::net::TcpStream::connect(&server.addr).await.unwrap();
    stalled
        .write_all(b"GET /help HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // Meanwhile others are served.
    assert!(
        http_get(&server.addr, "/healthz")
            .await
            .starts_with("HTTP/1.1 200")
    );
    // The server closes the stalled connection after its header timeout (10 s), with at most
    // a 408; it never answers the half request.
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stalled.read_to_end(&mut buffer),
    )
    .await;
    assert!(
        read.is_ok(),
        "the stalled connection was still open after 30 s"
    );
    let text = String::from_utf8_lossy(&buffer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text:.200}"
    );
}

#[tokio::test]
async fn request_logs_name_the_route_never_the_search_or_the_client() {
    let scratch = Scratch::new();
    let server = Server::start(&scratch.database(), &[]);
    let response = http_get(&server.addr, "/search?q=secretword+escape&state=TX").await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response:.200}");
    http_get(&server.addr, "/resources/call-911").await;
    // The log line is written after the response is; wait until it shows up.
    let log = server.log_once_it_has(
        "route=\"/resources/{slug}\"",
        std::time::Duration::from_secs(10),
    );
    assert!(log.contains("route=\"/search\""), "{log}");
    assert!(log.contains("route=\"/resources/{slug}\""), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("latency="), "{log}");
    assert!(log.contains("id="), "{log}");
    let requests: Vec<&str> = log.lines().filter(|l| l.contains("route=")).collect();
    for line in requests {
        assert!(!line.contains("secretword"), "{line}");
        assert!(!line.contains("escape"), "{line}");
        assert!(!line.contains("call-911"), "{line}");
        assert!(!line.contains("127.0.0.1"), "{line}");
    }
}

/// A property test: whatever is typed, the query parser and expression builder produce only
/// words (letters and digits) and digits, never structure, and a search on it never fails or
/// lets markup through. LANTERN_PROPTEST_CASES runs more (the default keeps the suite quick).
#[tokio::test]
async fn any_typed_text_becomes_plain_words() {
    use lantern::search::query::{Match, Synonyms, Term, expression, parse};
    let (_scratch, state) = imported().await;
    let cases: usize = std::env::var("LANTERN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let alphabet: Vec<char> =
        "abcXYZ019 \"'*:^-+(){}[],.;!?<>/\\|&%$#@~`=_\u{0}\t\néü漢字🚨\u{202e}NEARANDORNOT"
            .chars()
            .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let synonyms = Synonyms::new(&[vec![
        "sex trafficking".to_owned(),
        "commercial sexual exploitation".to_owned(),
    ]]);
    let places = lantern::search::query::Places::default();
    let is_word = |w: &str| !w.is_empty() && w.chars().all(char::is_alphanumeric);
    for _ in 0..cases {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let parsed = parse(&text, &places);
        for how in [Match::All, Match::Any] {
            let Some(expression) = expression(&parsed, &synonyms, how) else {
                continue;
            };
            for term in expression.groups.iter().flatten() {
                let plain = match term {
                    Term::Phrase(words) => words.iter().all(|w| is_word(w)),
                    Term::Prefix(word) => is_word(word),
                    Term::Phone(digits) => digits.chars().all(|c| c.is_ascii_digit()),
                };
                assert!(plain, "{text:?} → {term:?}");
            }
        }
        // And the whole search never fails on it, nor lets markup into a snippet.
        let outcome = state
            .search
            .search(
                lantern::lang::Lang::En,
                &text,
                lantern::search::Filters::default(),
                1,
            )
            .await
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        for hit in &outcome.hits {
            if let Some(html) = &hit.snippet_html {
                let bare = html.replace("<mark>", "").replace("</mark>", "");
                assert!(
                    !bare.contains('<') && !bare.contains('>'),
                    "{text:?}: {html}"
                );
            }
        }
    }
}

#[tokio::test]
async fn busy_refusals_are_logged_once_a_second_not_once_each() {
    let (_scratch, state) = imported().await;
    let saturated = lantern::app(state.max_in_flight(0));
    let (_guard, logs) = crate::common::capture_logs();
    tokio::time::pause();
    for _ in 0..100 {
        let answer = send(&saturated, get("/search?q=hotline")).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    }
    // The summary is written each second of (virtual) time.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let log = logs.text();
    let summaries: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("as busy in the last second"))
        .collect();
    assert_eq!(summaries.len(), 1, "{log}");
    assert!(summaries[0].contains("refused 100 requests"), "{log}");
    assert!(summaries[0].contains("in_flight=100"), "{log}");
    assert_eq!(
        log.lines().count(),
        1,
        "nothing else, and no line per refusal: {log}"
    );
}

#[tokio::test]
async fn an_unknown_method_is_logged_as_one_short_token() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let (_guard, logs) = crate::common::capture_logs();
    let method = Method::from_bytes("X".repeat(60_000).as_bytes()).unwrap();
    let answer = send(
        &app,
        Request::builder()
            .method(method)
            .uri("/")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    let log = logs.text();
    let line = log
        .lines()
        .find(|line| line.contains("answered"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("method=OTHER"), "{line}");
    assert!(line.len() < 300, "{} characters", line.len());
}

/// A bug in a handler: the visitor gets the layout's 500 page (JSON on the API) with the
/// headers every response carries and a request id, and the request is still logged. The
/// panicking route is built here, behind the same middleware: the site ships none.
#[tokio::test]
async fn a_handler_that_panics_is_answered_500_in_the_layout_or_as_json_and_logged() {
    async fn bug() -> String {
        panic!("a bug in a handler")
    }
    let (_scratch, state) = imported().await;
    let routes = axum::Router::new()
        .route("/bug", axum::routing::get(bug))
        .route("/hsds/bug", axum::routing::get(bug));
    let app = lantern::web::with_middleware(routes, state);
    let (_guard, logs) = crate::common::capture_logs();

    let page = crate::common::get(&app, "/bug").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.starts_with("<!doctype html>"), "{}", page.body);
    assert!(page.body.contains("Something went wrong"), "{}", page.body);
    assert!(page.headers.contains_key("content-security-policy"));
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(page.headers.contains_key("x-request-id"));

    let api = crate::common::get(&app, "/hsds/bug").await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["error"], "Something went wrong");
    assert!(api.headers.contains_key("x-request-id"));
    assert!(api.headers.contains_key("content-security-policy"));

    let log = logs.text();
    let answered: Vec<&str> = log.lines().filter(|l| l.contains("answered")).collect();
    assert_eq!(answered.len(), 2, "{log}");
    assert!(answered.iter().all(|l| l.contains("status=500")), "{log}");
    assert!(answered[0].contains("route=\"/bug\""), "{log}");
}

/// The request id is the server's own: one a client sends is replaced, in the answer and in
/// the log, so client text never reaches the log and ids cannot be forged.
#[tokio::test]
async fn a_request_id_sent_by_the_client_is_replaced_by_the_servers_own() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let (_guard, logs) = crate::common::capture_logs();
    let forged = Request::get("/help")
        .header("x-request-id", "forged-by-client")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, forged).await;
    assert_eq!(answer.status, StatusCode::OK);
    let id = answer.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(id.parse::<u64>().is_ok(), "{id}");
    let log = logs.text();
    assert!(!log.contains("forged-by-client"), "{log}");
    assert!(log.contains(&format!("id={id}")), "{log}");
}

/// The forms' routes take every payload in their addresses, in every field and in the headers
/// they read, with no 5xx, and never echo one as markup: a refusal is a page in the layout,
/// a form with problems comes back escaped, and a good one is stored as text.
#[tokio::test]
async fn the_forms_take_every_payload_without_a_5xx_or_an_unescaped_echo() {
    use lantern::web::clock::Clock;
    use lantern::web::forms::limits::FormSettings;
    let (scratch, state) = imported().await;
    let store = lantern::feedback::FeedbackStore::open_file(&scratch.feedback_database())
        .await
        .unwrap();
    let clock = Clock::set_to("2026-12-07".parse().unwrap());
    let app = lantern::app(
        state
            .feedback(store.clone())
            .clock(clock.clone())
            .form_settings(FormSettings {
                per_client: 100_000,
                per_hour: 100_000,
                ..FormSettings::default()
            }),
    );
    let token = |html: &str| {
        let at = html.find("name=\"token\" value=\"").unwrap() + 20;
        html[at..at + html[at..].find('"').unwrap()].to_owned()
    };
    let suggest_token = token(&send(&app, get("/suggest")).await.body);
    let report_token = token(&send(&app, get("/resources/call-911/report")).await.body);
    clock.advance_by(std::time::Duration::from_secs(5));
    let no_markup = |answer: &Answer, what: &str| {
        assert!(
            !answer.status.is_server_error(),
            "{what}: {}",
            answer.status
        );
        if answer.status.is_client_error() {
            assert_clear_refusal(answer, what);
        }
        for raw in [
            "<script>alert",
            "<img src=x",
            "\"><img",
            "</script><script>",
        ] {
            assert!(!answer.body.contains(raw), "{what}: {raw} reflected");
        }
    };
    let post = |uri: &str, body: String, headers: Vec<(&'static str, String)>| {
        let mut request = Request::post(uri)
            .header(header::HOST, "lantern.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.body(Body::from(body)).unwrap()
    };
    let suggestion = [
        ("name", "A shelter"),
        ("what", "Beds"),
        ("reach", "555-0100"),
        ("state", "TX"),
        ("learned", "A flyer"),
        ("contact", ""),
        ("website", ""),
        ("token", suggest_token.as_str()),
    ];
    let report = [
        ("problem", "other"),
        ("message", "Wrong"),
        ("contact", ""),
        ("website", ""),
        ("token", report_token.as_str()),
    ];
    for payload in PAYLOADS {
        let encoded = encode(payload);
        let in_path = encoded.replace('+', "%20");
        for uri in [
            format!("/resources/{in_path}/report"),
            format!("/resources/{in_path}/report/thanks"),
            format!("/es/resources/{in_path}/report"),
            format!("/suggest?q={encoded}"),
            format!("/es/suggest/thanks?{encoded}={encoded}"),
        ] {
            no_markup(&send(&app, get(&uri)).await, &uri);
            let answer = send(&app, post(&uri, format!("x={encoded}"), vec![])).await;
            no_markup(&answer, &format!("POST {uri}"));
        }
        // Each field in turn, and a field the forms do not have.
        for (uri, fields) in [
            ("/suggest", &suggestion[..]),
            ("/resources/call-911/report", &report[..]),
        ] {
            for replaced in fields.iter().map(|(name, _)| *name).chain(["unknown"]) {
                let mut body = form_urlencoded::Serializer::new(String::new());
                for (name, value) in fields {
                    body.append_pair(name, if *name == replaced { payload } else { value });
                }
                if replaced == "unknown" {
                    body.append_pair(payload, payload);
                }
                let answer = send(&app, post(uri, body.finish(), vec![])).await;
                no_markup(&answer, &format!("{uri} {replaced}={payload}"));
            }
        }
        // In the headers the forms read.
        for name in [
            "content-type",
            "origin",
            "sec-fetch-site",
            "x-forwarded-for",
        ] {
            if axum::http::HeaderValue::from_str(payload).is_err() {
                continue;
            }
            let answer = send(
                &app,
                post(
                    "/suggest",
                    format!("name={encoded}"),
                    vec![(name, (*payload).to_owned())],
                ),
            )
            .await;
            no_markup(&answer, &format!("{name}: {payload}"));
        }
    }
    // What was taken was taken as text.
    let stored = store.list(lantern::feedback::Which::All).await.unwrap();
    assert!(!stored.is_empty());
    // Forms answer GET, HEAD and POST, and nothing else.
    for method in [Method::PUT, Method::DELETE, Method::PATCH] {
        let request = Request::builder()
            .method(method.clone())
            .uri("/suggest")
            .body(Body::from("x=1"))
            .unwrap();
        let answer = send(&app, request).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        let allow = answer.headers[header::ALLOW].to_str().unwrap();
        assert!(allow.contains("POST") && allow.contains("GET"), "{allow}");
    }
}
