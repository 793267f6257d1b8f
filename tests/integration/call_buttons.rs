//! Call and text buttons on every list: each number a button dials is the record's own, its
//! accessible name says whom it reaches, and a record without a phone shows none.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::common::{imported, send};

/// A button as a person meets it: where it goes, what it says on screen, and what a screen
/// reader says (the visible text with the visually hidden words).
#[derive(Debug)]
struct Button {
    /// The record whose card holds it (the last resource link before it).
    slug: String,
    href: String,
    visible: String,
    spoken: String,
}

fn buttons(body: &str) -> Vec<Button> {
    let main = &body[body.find("<main").expect("a main landmark")..];
    let mut found = Vec::new();
    let mut slug = String::new();
    let mut rest = main;
    while let Some(at) = rest.find("href=\"") {
        let before = &rest[..at];
        rest = &rest[at + 6..];
        let href = &rest[..rest.find('"').unwrap()];
        if let Some(s) = href.strip_prefix("/resources/") {
            slug = s.to_owned();
        } else if before.ends_with("class=\"action\" ")
            && (href.starts_with("tel:") || href.starts_with("sms:"))
        {
            let inner = &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()];
            let hidden_open = "<span class=\"visually-hidden\">";
            // The number sits in a span of its own (kept on one line); it is read as text.
            let inner = inner.replace("<span class=\"number\">", "").replacen(
                "</span>",
                "",
                usize::from(inner.contains("class=\"number\"")),
            );
            let visible = match (inner.find(hidden_open), inner.find("</span>")) {
                (Some(open), Some(close)) => format!("{}{}", &inner[..open], &inner[close + 7..]),
                _ => inner.clone(),
            };
            let spoken = inner.replace(hidden_open, "").replace("</span>", "");
            found.push(Button {
                slug: slug.clone(),
                href: href.to_owned(),
                visible: visible.trim().to_owned(),
                spoken: spoken.trim().to_owned(),
            });
        }
    }
    found
}

#[tokio::test]
async fn every_button_dials_a_number_its_record_holds() {
    let (_scratch, state) = imported().await;
    let db = state.db.clone();
    let app = lantern::app(state);
    let mut checked = 0;
    for path in [
        "/kinds/hotline",
        "/kinds/reporting",
        "/topics/reporting-trafficking",
        "/organizations/fbi",
        "/states/TX",
        "/help?state=VT",
        "/search?q=fbi+texas",
        "/search?q=i+need+help",
        "/search?q=report+trafficking+in+new+york",
    ] {
        let page = send(&app, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let found = buttons(&page.body);
        assert!(!found.is_empty(), "{path} has call buttons");
        for button in found {
            let (scheme, dialled) = button.href.split_once(':').unwrap();
            let phone_type = if scheme == "sms" { "text" } else { "voice" };
            let phones: Vec<(String, String, String)> = sqlx::query_as(
                "select p.number, p.digits, p.type from phones p join resources r on r.id = p.resource_id
                 where r.slug = ?1",
            )
            .bind(&button.slug)
            .fetch_all(&db)
            .await
            .unwrap();
            let name: String = sqlx::query_scalar("select name from resources where slug = ?1")
                .bind(&button.slug)
                .fetch_one(&db)
                .await
                .unwrap();
            let phone = phones
                .iter()
                .find(|(_, digits, t)| {
                    dialled.trim_start_matches("+1") == digits
                        && (t == phone_type || (t == "tty" && scheme == "tel"))
                })
                .unwrap_or_else(|| {
                    panic!("{path}: {button:?} is not a number of its record: {phones:?}")
                });
            // The number on screen is written as the record writes it.
            assert!(button.visible.ends_with(&phone.0), "{path}: {button:?}");
            // A screen reader hears the visible words first, then whom it reaches.
            assert!(
                button.spoken.starts_with(&button.visible),
                "{path}: {button:?}"
            );
            assert!(
                button.spoken.contains(&name) || name.contains(&phone.0),
                "{path}: {button:?} does not name {name}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} buttons checked");
}

#[tokio::test]
async fn reporting_lines_say_call_to_report_and_help_lines_say_call_and_text() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = send(
        &app,
        Request::get("/kinds/reporting")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let found = buttons(&page.body);
    let calls: Vec<&Button> = found
        .iter()
        .filter(|b| b.href.starts_with("tel:"))
        .collect();
    assert!(calls.len() >= 56, "every FBI office has its button");
    for button in calls {
        assert!(button.visible.starts_with("Call to report "), "{button:?}");
    }
    let page = send(
        &app,
        Request::get("/kinds/hotline").body(Body::empty()).unwrap(),
    )
    .await;
    let found = buttons(&page.body);
    let hotline: Vec<(&str, &str)> = found
        .iter()
        .filter(|b| b.slug == "national-human-trafficking-hotline")
        .map(|b| (b.href.as_str(), b.spoken.as_str()))
        .collect();
    assert_eq!(
        hotline,
        [
            (
                "tel:+18883737888",
                "Call 888-373-7888 to reach the National Human Trafficking Hotline"
            ),
            (
                "sms:233733",
                "Text 233733 to reach the National Human Trafficking Hotline"
            ),
        ],
        "a card offers the first voice line and the text line, not the TTY"
    );
}

#[tokio::test]
async fn a_record_without_a_phone_shows_no_button() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = send(
        &app,
        Request::get("/kinds/publication")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.matches("/resources/").count() > 5);
    assert!(buttons(&page.body).is_empty());
    assert!(!page.body.contains("class=\"actions\""));
}

#[tokio::test]
async fn the_report_answer_opens_with_the_reporting_lines_and_their_links() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = send(
        &app,
        Request::get("/search?q=how+do+i+report+trafficking")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let body = &page.body;
    let answer = body.find("<section class=\"answer\"").expect("an answer");
    let end = answer + body[answer..].find("</section>").unwrap();
    let answer = &body[answer..end];
    assert!(answer.contains("<h2 id=\"answer-heading\">Report it</h2>"));
    // The FBI's tip entry has no phone: its web address is the way in, so it is a button here.
    assert!(answer.contains("href=\"https://www.fbi.gov/contact-us/field-offices\""));
    assert!(answer.contains("href=\"tel:+18663472423\""));
    assert!(answer.contains("href=\"sms:233733\""));
    // Above the form and anything ranked.
    assert!(end < body.find("id=\"search-q\"").unwrap());
}
