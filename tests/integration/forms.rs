//! The public forms: a report about an entry and a suggested resource, in English and
//! Spanish, sent as a browser sends them and found in the feedback store; every abuse rule's
//! refusal page and status; nothing about the sender kept or logged; and, through the real
//! binary, submissions that outlive a restart, re-imports and a SIGKILL in the middle of a
//! burst.
//!
//! Time is the state's clock, moved by the tests: nothing here waits two seconds.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use lantern::feedback::{Feedback, FeedbackStore, Problem, Submission, Which};
use lantern::web::clock::Clock;
use lantern::web::forms::limits::FormSettings;

use crate::common::{Answer, Scratch, Server, imported, raw_request, send};

/// The site with a feedback store in its scratch folder and a clock the test moves.
struct Site {
    scratch: Scratch,
    app: axum::Router,
    store: FeedbackStore,
    clock: Clock,
}

async fn site_with(settings: FormSettings) -> Site {
    let (scratch, state) = imported().await;
    let store = FeedbackStore::open_file(&scratch.feedback_database())
        .await
        .unwrap();
    let clock = Clock::set_to("2026-12-07".parse().unwrap());
    let state = state
        .feedback(store.clone())
        .form_settings(settings)
        .clock(clock.clone());
    Site {
        scratch,
        app: lantern::app(state),
        store,
        clock,
    }
}

async fn site() -> Site {
    site_with(FormSettings::default()).await
}

/// A visitor at `address` (the server puts each connection's address on its requests).
fn from(address: [u8; 4]) -> ConnectInfo<SocketAddr> {
    ConnectInfo(SocketAddr::from((address, 50_000)))
}

const VISITOR: [u8; 4] = [203, 0, 113, 7];

impl Site {
    async fn get(&self, uri: &str) -> Answer {
        let request = Request::get(uri)
            .extension(from(VISITOR))
            .body(Body::empty())
            .unwrap();
        send(&self.app, request).await
    }

    /// The form at `uri` and the token it carries; then the time a person takes to fill it in.
    async fn form(&self, uri: &str) -> (Answer, String) {
        let page = self.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        let token = token_in(&page.body);
        self.clock.advance_by(Duration::from_secs(5));
        (page, token)
    }

    /// A POST of `body` as a browser on this site sends a form.
    async fn post(&self, uri: &str, body: &str) -> Answer {
        self.post_with(uri, body, &[], VISITOR).await
    }

    async fn post_with(
        &self,
        uri: &str,
        body: &str,
        headers: &[(&str, &str)],
        address: [u8; 4],
    ) -> Answer {
        let mut request = Request::post(uri)
            .header(header::HOST, "lantern.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .extension(from(address));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        send(
            &self.app,
            request.body(Body::from(body.to_owned())).unwrap(),
        )
        .await
    }

    async fn stored(&self) -> Vec<Feedback> {
        self.store.list(Which::All).await.unwrap()
    }
}

fn token_in(html: &str) -> String {
    let start = html
        .find("name=\"token\" value=\"")
        .unwrap_or_else(|| panic!("no token in the form:\n{html}"))
        + "name=\"token\" value=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// `pairs` as a browser encodes a form.
fn body(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn location(answer: &Answer) -> &str {
    answer.headers[header::LOCATION].to_str().unwrap()
}

fn no_store(answer: &Answer) -> bool {
    answer
        .headers
        .get(header::CACHE_CONTROL)
        .map(|v| v.as_bytes())
        == Some(b"no-store")
}

/// A refusal a person can read: the status, a page in the layout with the hotline, a link to a
/// fresh form when one can help, never kept.
fn assert_refused(answer: &Answer, status: StatusCode, heading: &str, what: &str) {
    assert_eq!(answer.status, status, "{what}: {}", answer.body);
    assert!(
        answer.body.contains("<main id=\"main\""),
        "{what}: not a page in the layout"
    );
    assert!(answer.body.contains("888-373-7888"), "{what}: no hotline");
    assert!(
        answer.body.contains(heading),
        "{what}: no {heading:?} in\n{}",
        answer.body
    );
    assert!(
        no_store(answer),
        "{what}: {:?}",
        answer.headers.get(header::CACHE_CONTROL)
    );
}

const REPORT: &str = "/resources/national-human-trafficking-hotline/report";

#[tokio::test]
async fn a_report_is_stored_and_answered_with_a_303_to_its_thank_you_page() {
    let site = site().await;
    let (form, token) = site.form(REPORT).await;
    assert!(no_store(&form));
    let page = &form.body;
    for words in [
        "Report a problem with this entry",
        "National Human Trafficking Hotline",
        "Do not include your name, or anything that identifies you or someone else.",
        "If you are in danger, do not use this form.",
        "<legend>What is wrong?</legend>",
        "It will be stored with what you send: give it only if it is safe",
        "maxlength=\"2000\"",
    ] {
        assert!(page.contains(words), "the form lacks {words:?}");
    }
    for problem in Problem::ALL {
        assert!(
            page.contains(&format!("value=\"{}\"", problem.code())),
            "{problem}"
        );
    }
    let sent = site
        .post(
            REPORT,
            &body(&[
                ("problem", "phone-wrong"),
                ("message", "The number on the page\r\nrings a fax."),
                ("contact", ""),
                ("website", ""),
                ("token", &token),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), format!("{REPORT}/thanks"));
    let thanks = site.get(location(&sent)).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert!(no_store(&thanks));
    assert!(thanks.body.contains("Thank you"), "{}", thanks.body);
    assert!(
        thanks
            .body
            .contains("National Human Trafficking Hotline was received")
    );
    let stored = site.stored().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].submission,
        Submission::Report {
            slug: "national-human-trafficking-hotline".parse().unwrap(),
            problem: Problem::PhoneWrong,
            message: "The number on the page\nrings a fax.".to_owned(),
            contact: None,
        }
    );
    // The store keeps the hour, nothing finer.
    assert!(
        stored[0].received_hour.ends_with(":00:00Z"),
        "{}",
        stored[0].received_hour
    );
}

#[tokio::test]
async fn spanish_forms_send_in_spanish_and_a_suggestion_keeps_its_states() {
    let site = site().await;
    let (form, token) = site.form("/es/resources/call-911/report").await;
    assert!(form.body.contains("<html lang=\"es\""));
    assert!(
        form.body
            .contains("Informar de un problema con esta entrada")
    );
    assert!(form.body.contains("No incluya su nombre"));
    let sent = site
        .post(
            "/es/resources/call-911/report",
            &body(&[
                ("problem", "other"),
                ("message", "La página dice algo que ya no es cierto."),
                ("contact", "correo@example.org"),
                ("token", &token),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), "/es/resources/call-911/report/thanks");
    assert!(site.get(location(&sent)).await.body.contains("Gracias"));

    let (form, token) = site.form("/es/suggest").await;
    assert!(form.body.contains("Sugerir un recurso"));
    assert!(form.body.contains("value=\"TX\""));
    assert!(form.body.contains("Nuevo México"), "state names in Spanish");
    let sent = site
        .post(
            "/es/suggest",
            &body(&[
                ("name", "Refugio Esperanza"),
                ("what", "Camas y acompañamiento para sobrevivientes."),
                ("reach", "https://example.org/refugio"),
                ("state", "TX"),
                ("state", "NM"),
                ("state", "TX"),
                ("learned", "Un folleto en la clínica"),
                ("contact", ""),
                ("token", &token),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), "/es/suggest/thanks");
    let thanks = site.get("/es/suggest/thanks").await;
    assert!(thanks.body.contains("Recibimos su sugerencia"));
    assert!(no_store(&thanks));
    let stored = site.stored().await;
    assert_eq!(stored.len(), 2);
    assert_eq!(
        stored[0].submission.contact(),
        Some("correo@example.org"),
        "the contact given is kept"
    );
    assert_eq!(
        stored[1].submission,
        Submission::Suggestion {
            name: "Refugio Esperanza".to_owned(),
            what: "Camas y acompañamiento para sobrevivientes.".to_owned(),
            reach: "https://example.org/refugio".to_owned(),
            states: vec!["NM".parse().unwrap(), "TX".parse().unwrap()],
            learned_from: "Un folleto en la clínica".to_owned(),
            contact: None,
        }
    );
}

#[tokio::test]
async fn problems_come_back_in_the_form_tied_to_their_fields_escaped_and_nothing_is_stored() {
    let site = site().await;
    let (_, token) = site.form(REPORT).await;
    let long = "x".repeat(2001);
    let answer = site
        .post(
            REPORT,
            &body(&[
                ("message", &long),
                ("contact", "<script>alert(1)</script>"),
                ("token", &token),
            ]),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(no_store(&answer));
    let page = &answer.body;
    assert!(page.contains("<title>Error: Report a problem"), "{page}");
    assert!(page.contains("There is a problem"));
    assert!(
        page.contains("<a href=\"#problem\">Choose what is wrong.</a>"),
        "{page}"
    );
    assert!(
        page.contains("aria-describedby=\"problem-error\""),
        "{page}"
    );
    assert!(page.contains("id=\"problem-error\""));
    assert!(
        page.contains("Shorten this to 2000 characters or fewer: it has 2001."),
        "{page}"
    );
    assert!(page.contains("aria-describedby=\"message-hint message-error\" aria-invalid=\"true\""));
    // The first field with a problem takes the focus; only one does.
    assert!(
        page.contains("value=\"phone-wrong\" required autofocus"),
        "{page}"
    );
    assert_eq!(page.matches("autofocus").count(), 1);
    // What was typed comes back, escaped, with the same token.
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert_eq!(token_in(page), token);

    let (_, token) = site.form("/suggest").await;
    let answer = site
        .post(
            "/suggest",
            &body(&[
                ("name", "  "),
                ("what", "Help"),
                ("reach", "555-0100"),
                ("state", "ZZ"),
                ("state", "TX"),
                ("learned", "A friend"),
                ("token", &token),
            ]),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("Tell us its name."));
    assert!(answer.body.contains("Choose states from the list."));
    assert!(answer.body.contains("id=\"name\" name=\"name\" value=\"\" maxlength=\"200\" required aria-describedby=\"name-hint name-error\" aria-invalid=\"true\" autofocus"), "{}", answer.body);
    assert!(
        answer.body.contains("value=\"TX\" checked"),
        "a known state stays chosen"
    );
    assert!(site.stored().await.is_empty());
}

#[tokio::test]
async fn every_abuse_rule_has_its_refusal_page_and_status_and_stores_nothing() {
    let site = site().await;
    let (_, token) = site.form(REPORT).await;
    let good = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("problem", "link-broken"),
            ("message", "<script>alert(1)</script>"),
        ];
        pairs.extend_from_slice(extra);
        body(&pairs)
    };
    let with_token = good(&[("token", &token)]);

    // Only URL-encoded forms.
    for content_type in [
        "application/json",
        "multipart/form-data; boundary=x",
        "text/plain",
        "application/x-www-form-urlencoded; charset=iso-8859-1",
    ] {
        let request = Request::post(REPORT)
            .header(header::CONTENT_TYPE, content_type)
            .extension(from(VISITOR))
            .body(Body::from(with_token.clone()))
            .unwrap();
        let answer = send(&site.app, request).await;
        assert_refused(
            &answer,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "That is not a form this site takes",
            content_type,
        );
    }
    // At most 8 KiB, whether the length is said or only found out.
    let padded = good(&[("token", &token), ("contact", &"a".repeat(9 * 1024))]);
    let answer = site.post(REPORT, &padded).await;
    assert_refused(
        &answer,
        StatusCode::PAYLOAD_TOO_LARGE,
        "That is too long to send",
        "9 KiB body",
    );
    let request = Request::post(REPORT)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, "1000000")
        .extension(from(VISITOR))
        .body(Body::from(with_token.clone()))
        .unwrap();
    assert_refused(
        &send(&site.app, request).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "That is too long to send",
        "a large Content-Length",
    );
    // From this site only.
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("origin", "http://lantern.test.evil.example"),
    ] {
        let answer = site
            .post_with(REPORT, &with_token, &[(name, value)], VISITOR)
            .await;
        assert_refused(
            &answer,
            StatusCode::FORBIDDEN,
            "Forms can only be sent from this site",
            value,
        );
    }
    // A browser on this site, under no-referrer, says so like this.
    let same_site = [("origin", "null"), ("sec-fetch-site", "same-origin")];
    // The field people never see, and the token: missing, forged, for another form, too old,
    // too soon.
    let forged = format!("{}0", &token[..token.len() - 1]);
    let (_, other_form) = site.form("/resources/call-911/report").await;
    let cases: [(String, &str); 5] = [
        (
            good(&[("token", &token), ("website", "http://spam.example")]),
            "It looked as if a program filled in the form",
        ),
        (good(&[]), "The form could not be checked"),
        (good(&[("token", &forged)]), "The form could not be checked"),
        (
            good(&[("token", &other_form)]),
            "The form could not be checked",
        ),
        (
            format!("{with_token}&problem=other"),
            "What was sent is not a form this page knows",
        ),
    ];
    for (sent, says) in &cases {
        let answer = site.post_with(REPORT, sent, &same_site, VISITOR).await;
        assert_refused(&answer, StatusCode::BAD_REQUEST, says, sent);
        assert!(
            answer.body.contains(&format!("href=\"{REPORT}\"")),
            "a link to a fresh form"
        );
    }
    for broken in ["problem=%FF&token=x", "problem=%&token=x"] {
        let answer = site.post(REPORT, broken).await;
        assert_refused(
            &answer,
            StatusCode::BAD_REQUEST,
            "What was sent is not a form this page knows",
            broken,
        );
    }
    let (_, fresh) = site.form(REPORT).await;
    site.clock.advance_by(Duration::from_secs(25 * 3600));
    let answer = site.post(REPORT, &good(&[("token", &fresh)])).await;
    assert_refused(
        &answer,
        StatusCode::BAD_REQUEST,
        "This form has expired",
        "a day-old form",
    );
    let page = site.get(REPORT).await;
    let quick = token_in(&page.body);
    site.clock.advance_by(Duration::from_millis(1500));
    let answer = site.post(REPORT, &good(&[("token", &quick)])).await;
    assert_refused(
        &answer,
        StatusCode::BAD_REQUEST,
        "That was sent too quickly",
        "1.5 s after rendering",
    );
    // A known slug.
    for uri in [
        "/resources/no-such-entry/report",
        "/resources/%3Cscript%3E/report",
    ] {
        assert_refused(
            &site.get(uri).await,
            StatusCode::NOT_FOUND,
            "Page not found",
            uri,
        );
        let answer = site.post(uri, &with_token).await;
        assert_refused(&answer, StatusCode::NOT_FOUND, "Page not found", uri);
    }
    // No refusal echoed what was sent, and nothing was stored.
    assert!(site.stored().await.is_empty());
    for (sent, _) in &cases {
        let answer = site.post(REPORT, sent).await;
        assert!(!answer.body.contains("<script>alert"), "{sent}");
        assert!(!answer.body.contains("spam.example"), "{sent}");
    }
}

#[tokio::test]
async fn a_client_gets_five_an_hour_then_a_429_with_retry_after_and_others_still_send() {
    let site = site().await;
    let send_report = |address: [u8; 4]| {
        let site = &site;
        async move {
            let (_, token) = site.form(REPORT).await;
            let sent = body(&[("problem", "out-of-date"), ("token", &token)]);
            site.post_with(REPORT, &sent, &[], address).await
        }
    };
    for n in 0..5 {
        let answer = send_report(VISITOR).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "report {n}: {}",
            answer.body
        );
    }
    let answer = send_report(VISITOR).await;
    assert_refused(
        &answer,
        StatusCode::TOO_MANY_REQUESTS,
        "Too many forms have been sent",
        "the sixth",
    );
    assert!(
        answer
            .body
            .contains("This connection has sent as many forms")
    );
    let retry: u64 = answer.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The first of the five leaves the hour in a little under an hour (each form took 5 s).
    assert!((3_500..=3_600).contains(&retry), "Retry-After: {retry}");
    assert_eq!(
        send_report([198, 51, 100, 1]).await.status,
        StatusCode::SEE_OTHER
    );
    // An hour on, the visitor may send again.
    site.clock.advance_by(Duration::from_secs(retry));
    assert_eq!(send_report(VISITOR).await.status, StatusCode::SEE_OTHER);
    assert_eq!(site.stored().await.len(), 7);
}

#[tokio::test]
async fn the_hourly_cap_for_everyone_holds_whatever_the_address() {
    let site = site_with(FormSettings {
        per_hour: 3,
        ..FormSettings::default()
    })
    .await;
    for n in 0..4u8 {
        let (_, token) = site.form("/suggest").await;
        let sent = body(&[
            ("name", "A line"),
            ("what", "Answers calls"),
            ("reach", "555-0100"),
            ("learned", "Its site"),
            ("token", &token),
        ]);
        let answer = site.post_with("/suggest", &sent, &[], [192, 0, 2, n]).await;
        if n < 3 {
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{n}");
        } else {
            assert_refused(
                &answer,
                StatusCode::TOO_MANY_REQUESTS,
                "The directory has received as many forms as it takes in an hour",
                "the fourth",
            );
            assert!(answer.headers.contains_key(header::RETRY_AFTER));
        }
    }
    assert_eq!(site.stored().await.len(), 3);
}

#[tokio::test]
async fn without_a_feedback_store_the_forms_answer_503_and_every_other_page_works() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for (uri, heading) in [
        (REPORT, "Forms cannot be taken just now"),
        ("/suggest", "Forms cannot be taken just now"),
        (
            "/es/suggest",
            "No se pueden recibir formularios en este momento",
        ),
    ] {
        let answer = crate::common::get(&app, uri).await;
        assert_refused(&answer, StatusCode::SERVICE_UNAVAILABLE, heading, uri);
        assert!(answer.headers.contains_key(header::RETRY_AFTER));
    }
    let post = Request::post("/suggest")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("name=x"))
        .unwrap();
    assert_eq!(
        send(&app, post).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    for uri in [
        "/",
        "/resources/national-human-trafficking-hotline",
        "/about",
        "/es/help",
    ] {
        assert_eq!(
            crate::common::get(&app, uri).await.status,
            StatusCode::OK,
            "{uri}"
        );
    }
}

/// A store that fails when a form is sent: the person gets a 503 page saying nothing was
/// sent (never a thank-you), and the catalog's pages go on.
#[tokio::test]
async fn a_store_that_fails_on_sending_answers_503_and_the_catalog_goes_on() {
    let site = site().await;
    let (_, token) = site.form("/suggest").await;
    // Another program breaks the store under the running site.
    let breaker = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        site.scratch.feedback_database().display()
    ))
    .await
    .unwrap();
    sqlx::query("drop table feedback")
        .execute(&breaker)
        .await
        .unwrap();
    let sent = body(&[
        ("name", "A line"),
        ("what", "Answers calls"),
        ("reach", "555-0100"),
        ("learned", "Its site"),
        ("token", &token),
    ]);
    let answer = site.post("/suggest", &sent).await;
    assert_refused(
        &answer,
        StatusCode::SERVICE_UNAVAILABLE,
        "Forms cannot be taken just now",
        "a failing store",
    );
    assert!(!answer.body.contains("Thank you"));
    assert_eq!(site.get("/resources/call-911").await.status, StatusCode::OK);
    assert_eq!(site.get("/es/help").await.status, StatusCode::OK);
}

#[tokio::test]
async fn catalog_pages_link_to_the_forms_and_stay_kept_while_the_forms_are_never_kept() {
    let site = site().await;
    let resource = site
        .get("/resources/national-human-trafficking-hotline")
        .await;
    assert!(resource.body.contains(&format!(
        "<a href=\"{REPORT}\">Report a problem with this entry</a>"
    )));
    assert!(
        resource
            .body
            .contains("<a href=\"/suggest\">Suggest a resource</a>"),
        "the footer"
    );
    let cache = resource.headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(cache.starts_with("public"), "{cache}");
    let es = site
        .get("/es/resources/national-human-trafficking-hotline")
        .await;
    assert!(es.body.contains(&format!(
        "<a href=\"/es{REPORT}\">Informar de un problema con esta entrada</a>"
    )));
    let about = site.get("/about").await;
    assert!(
        about.body.contains("deleted 90 days later"),
        "{}",
        about.body
    );
    assert!(about.body.contains("not your internet address"));
    let es_about = site.get("/es/about").await;
    assert!(es_about.body.contains("se borra 90 días después"));
    for uri in [REPORT, "/suggest", "/es/suggest", "/suggest/thanks"] {
        let answer = site.get(uri).await;
        assert!(no_store(&answer), "{uri}");
        assert!(
            answer.headers.get(header::ETAG).is_none(),
            "{uri} is not kept"
        );
    }
    // The operator's setting is what the page says.
    let (_scratch, state) = imported().await;
    let about =
        crate::common::get(&lantern::app(state.feedback_retention_days(30)), "/about").await;
    assert!(about.body.contains("deleted 30 days later"));
}

/// The real binary, taking forms at once (the two-second rule is for people; the hidden flag
/// is for tests) and from one address as often as the test needs.
fn start(scratch: &Scratch) -> Server {
    Server::start(
        &scratch.database(),
        &[
            "--form-min-age-ms",
            "0",
            "--forms-per-client",
            "10000",
            "--forms-per-hour",
            "10000",
        ],
    )
}

/// GETs the form at `path` from the real server and returns its token.
async fn token_from(addr: &str, path: &str) -> String {
    let page = crate::common::http_get(addr, path).await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page:.300}");
    token_in(&page)
}

/// POSTs `body` to `path` as a browser on the site does; the raw answer.
async fn post_raw(addr: &str, path: &str, body: &str) -> String {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Origin: null\r\nSec-Fetch-Site: same-origin\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    raw_request(addr, request.as_bytes()).await
}

/// The real server's request log for a report sent with a user agent, a referrer, words and
/// a contact: its lines name the route, never the client's address, user agent, referrer,
/// words or entry.
#[tokio::test]
async fn no_log_line_holds_the_address_the_user_agent_the_referrer_or_the_words() {
    let scratch = Scratch::new();
    let server = start(&scratch);
    let token = token_from(&server.addr, REPORT).await;
    let sent = body(&[
        ("problem", "other"),
        ("message", "secretwords in the message"),
        ("contact", "secret@contact.example"),
        ("token", &token),
    ]);
    let request = format!(
        "POST {REPORT} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         User-Agent: SecretAgent/9.9\r\nReferer: https://secret-referrer.example/\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{sent}",
        server.addr,
        sent.len()
    );
    let answer = raw_request(&server.addr, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer:.300}");
    // The line is written after the response is; wait until it shows up.
    let log = server.log_once_it_has("method=POST", Duration::from_secs(10));
    let requests: Vec<&str> = log.lines().filter(|l| l.contains("route=")).collect();
    assert!(
        requests.iter().any(|l| l.contains("method=POST")
            && l.contains("route=\"/resources/{slug}/report\"")
            && l.contains("status=303")),
        "{log}"
    );
    for line in requests {
        for secret in [
            "127.0.0.1",
            "SecretAgent",
            "secret-referrer",
            "secretwords",
            "secret@contact",
            "national-human-trafficking-hotline",
        ] {
            assert!(!line.contains(secret), "{secret} in the log: {line}");
        }
    }
    // Nor any other line (the address aside: the server says where it listens).
    for secret in [
        "SecretAgent",
        "secret-referrer",
        "secretwords",
        "secret@contact",
    ] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

async fn messages_in(scratch: &Scratch) -> Vec<String> {
    let store = FeedbackStore::open_file(&scratch.feedback_database())
        .await
        .unwrap();
    store
        .list(Which::All)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|feedback| match feedback.submission {
            Submission::Report { message, .. } => Some(message),
            Submission::Suggestion { .. } => None,
        })
        .collect()
}

fn lantern(args: &[&str]) -> std::process::Output {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "lantern {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[tokio::test]
async fn a_report_sent_to_the_real_server_outlives_a_restart_and_both_kinds_of_reimport() {
    let scratch = Scratch::new();
    let server = start(&scratch);
    let token = token_from(&server.addr, REPORT).await;
    let sent = body(&[
        ("problem", "link-broken"),
        ("message", "Sent through the real server"),
        ("token", &token),
    ]);
    let answer = post_raw(&server.addr, REPORT, &sent).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer:.400}");
    assert!(
        answer.contains(&format!("location: {REPORT}/thanks")),
        "{answer:.400}"
    );
    drop(server);

    let server = start(&scratch);
    assert!(
        crate::common::http_get(&server.addr, "/healthz")
            .await
            .starts_with("HTTP/1.1 200")
    );
    drop(server);
    assert_eq!(
        messages_in(&scratch).await,
        ["Sent through the real server"]
    );

    let database = scratch.database();
    let database = database.to_str().unwrap();
    let seeds = crate::common::seeds_dir();
    let seeds = seeds.to_str().unwrap();
    let package = scratch.dir.path().join("package");
    let package = package.to_str().unwrap();
    lantern(&["import", "--database", database, "--seeds", seeds]);
    assert_eq!(
        messages_in(&scratch).await,
        ["Sent through the real server"]
    );
    lantern(&[
        "export",
        "--format",
        "hsds",
        "--out",
        package,
        "--database",
        database,
    ]);
    lantern(&[
        "import",
        "--format",
        "hsds",
        package,
        "--database",
        database,
        "--seeds",
        seeds,
    ]);
    assert_eq!(
        messages_in(&scratch).await,
        ["Sent through the real server"]
    );
    let feedback = scratch.feedback_database();
    let listed = lantern(&[
        "feedback",
        "list",
        "--feedback-database",
        feedback.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Sent through the real server"));
    // And the server serves the HSDS catalog with the report still there.
    let server = start(&scratch);
    assert!(
        crate::common::http_get(&server.addr, REPORT)
            .await
            .starts_with("HTTP/1.1 200")
    );
}

/// A burst of reports, the server killed with SIGKILL in the middle of it: every report that
/// was answered with its 303 is in the store after the restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_report_survives_a_sigkill_in_the_middle_of_a_burst() {
    const BURST: usize = 120;
    let scratch = Scratch::new();
    let mut server = start(&scratch);
    let token = token_from(&server.addr, REPORT).await;
    let (acknowledged, mut acks) = tokio::sync::mpsc::unbounded_channel();
    let mut burst = tokio::task::JoinSet::new();
    for n in 0..BURST {
        let addr = server.addr.clone();
        let sent = body(&[
            ("problem", "other"),
            ("message", &format!("burst report {n}")),
            ("token", &token),
        ]);
        let acknowledged = acknowledged.clone();
        burst.spawn(async move {
            let answer = post_raw(&addr, REPORT, &sent).await;
            let ok = answer.starts_with("HTTP/1.1 303");
            if ok {
                let _ = acknowledged.send(n);
            }
            (n, ok)
        });
    }
    drop(acknowledged);
    // Kill once some, not all, have been acknowledged.
    for _ in 0..10 {
        acks.recv()
            .await
            .expect("ten reports acknowledged before the kill");
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let mut answered = Vec::new();
    while let Some(result) = burst.join_next().await {
        let (n, ok) = result.unwrap();
        if ok {
            answered.push(n);
        }
    }
    assert!(
        answered.len() >= 10 && answered.len() < BURST,
        "{} of {BURST} acknowledged: the kill came too late to test anything",
        answered.len()
    );
    // The restarted server recovers the store; then every acknowledged report is in it.
    let server = start(&scratch);
    assert!(
        crate::common::http_get(&server.addr, "/healthz")
            .await
            .starts_with("HTTP/1.1 200")
    );
    drop(server);
    let stored = messages_in(&scratch).await;
    let lost: Vec<usize> = answered
        .iter()
        .copied()
        .filter(|n| !stored.contains(&format!("burst report {n}")))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
}

#[tokio::test]
async fn a_body_larger_than_a_form_without_a_length_said_is_refused_413_by_the_real_server() {
    let scratch = Scratch::new();
    let server = start(&scratch);
    let chunk = "a".repeat(4096);
    let mut request = format!(
        "POST /suggest HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    );
    for _ in 0..4 {
        request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    request.push_str("0\r\n\r\n");
    let answer = raw_request(&server.addr, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:.300}");
    assert!(answer.contains("That is too long to send"));
    assert!(
        crate::common::http_get(&server.addr, "/healthz")
            .await
            .starts_with("HTTP/1.1 200")
    );
    assert!(!server.log_so_far().await.contains("panicked"));
}

/// A body trickled in and never finished is refused (408) when its few seconds are up, in
/// virtual time: it does not hold a place among the requests in flight until the request's
/// own limit.
#[tokio::test]
async fn a_body_that_never_finishes_arriving_is_refused_408() {
    let site = site().await;
    let (mut sender, body) =
        http_body_util::channel::Channel::<axum::body::Bytes, std::convert::Infallible>::new(1);
    sender.send_data("name=".into()).await.unwrap();
    let request = Request::post("/suggest")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .extension(from(VISITOR))
        .body(Body::new(body))
        .unwrap();
    tokio::time::pause();
    let started = tokio::time::Instant::now();
    let answer = send(&site.app, request).await;
    assert_refused(
        &answer,
        StatusCode::REQUEST_TIMEOUT,
        "That took too long to arrive",
        "a stalled body",
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    drop(sender);
}
