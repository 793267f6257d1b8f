//! The pocket card (`/states/{code}/card`) for every state and territory: each number printed
//! on it, and each number its links dial, is a record's own, character for character; 911, the
//! Hotline's three lines and every FBI office serving the state are there.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::{Answer, escaped, imported, send, shared_dir};

/// A link that dials or texts: where it goes and the number on it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Dial {
    href: String,
    shown: String,
}

async fn card_page(app: &axum::Router, code: &str) -> Answer {
    let uri = format!("/states/{code}/card");
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// The card itself, without the layout around it (the safety bar has numbers of its own).
fn card(body: &str) -> &str {
    let start = body.find("<article class=\"pocket-card\"").expect("a card");
    &body[start..start + body[start..].find("</article>").expect("the card ends")]
}

fn dials(card: &str) -> Vec<Dial> {
    let mut found = Vec::new();
    let mut rest = card;
    while let Some(at) = rest.find("href=\"") {
        rest = &rest[at + 6..];
        let href = &rest[..rest.find('"').unwrap()];
        if href.starts_with("tel:") || href.starts_with("sms:") {
            let inner = &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()];
            found.push(Dial {
                href: href.to_owned(),
                shown: inner.to_owned(),
            });
        }
    }
    found
}

/// The card's text outside its links: no number may be printed where no link checks it.
fn text_outside_links(card: &str) -> String {
    let mut text = String::new();
    let mut rest = card;
    while let Some(open) = rest.find("<a ") {
        text.push_str(&rest[..open]);
        rest = &rest[open + rest[open..].find("</a>").unwrap() + 4..];
    }
    text.push_str(rest);
    text
}

/// What a phone's link must be: `sms:` for a text line, `tel:` otherwise, and +1 before ten
/// digits. Written out here rather than taken from the code under test.
fn expected_href(digits: &str, phone_type: &str) -> String {
    let scheme = if phone_type == "text" { "sms" } else { "tel" };
    let plus = if digits.len() == 10 { "+1" } else { "" };
    format!("{scheme}:{plus}{digits}")
}

#[tokio::test]
async fn every_number_on_every_card_is_its_records_own() {
    let (_scratch, state) = imported().await;
    let db = state.db.clone();
    let app = lantern::app(state);
    let codes: Vec<String> = sqlx::query_scalar("select code from states order by code")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(codes.len(), 56, "50 states, DC and 5 territories");
    for code in codes {
        let path = format!("/states/{code}/card");
        let page = card_page(&app, &code).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let card = card(&page.body);
        // Every phone of 911, of the Hotline and of the lines local to the state, read straight
        // from the phones table.
        let phones: Vec<(String, String, String)> = sqlx::query_as(
            "select p.number, p.digits, p.type from phones p join resources r on r.id = p.resource_id
             where r.slug in ('call-911', 'national-human-trafficking-hotline')
                or (r.kind in ('hotline', 'reporting')
                    and r.id in (select resource_id from service_areas where state_code = ?1))",
        )
        .bind(&code)
        .fetch_all(&db)
        .await
        .unwrap();
        let expected: BTreeSet<Dial> = phones
            .iter()
            .map(|(number, digits, phone_type)| Dial {
                href: expected_href(digits, phone_type),
                shown: number.clone(),
            })
            .collect();
        let shown = dials(card);
        assert_eq!(
            shown.iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{path}: the card's numbers are exactly its records' numbers"
        );
        assert_eq!(shown.len(), expected.len(), "{path}: no number twice");
        // 911 and the Hotline's call, text and TTY lines, 911 first.
        let hrefs: Vec<&str> = shown.iter().map(|d| d.href.as_str()).collect();
        assert_eq!(
            hrefs[..4],
            ["tel:911", "tel:+18883737888", "sms:233733", "tel:711"],
            "{path}"
        );
        assert_eq!(
            shown[..4]
                .iter()
                .map(|d| d.shown.as_str())
                .collect::<Vec<_>>(),
            ["911", "888-373-7888", "233733", "711"],
            "{path}"
        );
        // Nothing that looks like a phone number is printed outside a checked link: only
        // short numbers ("24 hours") and the years of dates.
        let outside = text_outside_links(card);
        for run in outside
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| run.len() > 2)
        {
            let year = run.len() == 4 && ("1990".."2100").contains(&run);
            assert!(year, "{path}: {run} is printed outside a checked link");
        }
    }
}

/// Each FBI office serving the state, by the FBI's own list in ../shared/data (its name as the
/// catalog has it, its number as the list has it), sits on the card with its number.
#[tokio::test]
async fn every_fbi_office_serving_the_state_is_on_its_card_with_its_number() {
    let (_scratch, state) = imported().await;
    let db = state.db.clone();
    let app = lantern::app(state);
    let offices: Vec<(String, String, String)> = sqlx::query_as(
        "select sa.state_code, r.name, p.number from resources r
         join organizations o on o.id = r.organization_id and o.slug = 'fbi'
         join service_areas sa on sa.resource_id = r.id
         join phones p on p.resource_id = r.id
         where r.kind = 'reporting' order by sa.state_code, r.name",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(offices.len() >= 56, "every office serves somewhere");
    for (code, name, number) in &offices {
        let page = card_page(&app, code).await;
        let card = card(&page.body);
        let at = card
            .find(&format!("<h3>{name}</h3>"))
            .unwrap_or_else(|| panic!("{code}: {name} is not on the card"));
        let entry = &card[at..];
        let entry = &entry[..entry[4..].find("<h3>").map_or(entry.len(), |end| end + 4)];
        assert!(
            entry.contains(&format!(">{number}</a>")),
            "{code}: {name}'s number {number} is not beside its name"
        );
    }
    // The FBI's list itself, where it is at hand: every office that serves a state, by its
    // phone, is on that state's card.
    let Some(shared) = shared_dir() else {
        eprintln!("SKIPPED the FBI list: ../shared is absent");
        return;
    };
    let mut list = csv::Reader::from_path(shared.join("data/fbi_field_offices.csv")).unwrap();
    let headers = list.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (phone, served) = (column("phone"), column("states_served"));
    let mut checked = 0;
    for row in list.records() {
        let row = row.unwrap();
        for code in row[served].split(';') {
            let page = card_page(&app, code).await;
            let shown: Vec<String> = dials(card(&page.body))
                .into_iter()
                .map(|d| d.shown)
                .collect();
            assert!(
                shown.contains(&row[phone].to_owned()),
                "{code}: the FBI's {} is not on the card",
                &row[phone]
            );
            checked += 1;
        }
    }
    assert!(checked >= 56);
}

/// The one line on what happens when you contact the Hotline is its record's first contact
/// fact, on every card, with the titles of the pages it summarises.
#[tokio::test]
async fn every_card_says_what_the_hotlines_record_says_first_with_its_sources() {
    let (_scratch, state) = imported().await;
    let db = state.db.clone();
    let app = lantern::app(state);
    let (fact, text): (i64, String) = sqlx::query_as(
        "select f.id, f.text from resource_facts f join resources r on r.id = f.resource_id
         where r.slug = 'national-human-trafficking-hotline' order by f.position limit 1",
    )
    .fetch_one(&db)
    .await
    .expect("the Hotline's record has contact facts");
    let sources: Vec<(String, Option<String>)> = sqlx::query_as(
        "select s.title, s.url from resource_fact_sources fs join sources s on s.id = fs.source_id
         where fs.fact_id = ?1 order by fs.position",
    )
    .bind(fact)
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(!sources.is_empty());
    let codes: Vec<String> = sqlx::query_scalar("select code from states")
        .fetch_all(&db)
        .await
        .unwrap();
    for code in codes {
        let page = card_page(&app, &code).await;
        let card = card(&page.body);
        let at = card
            .find(&format!("<p class=\"card-fact\">{}", escaped(&text)))
            .unwrap_or_else(|| panic!("{code}: the Hotline's first fact is not on the card"));
        let line = &card[at..at + card[at..].find("</p>").unwrap()];
        for (title, url) in &sources {
            let title = escaped(title);
            match url {
                Some(url) => assert!(
                    line.contains(&format!(
                        "<a href=\"{url}\" rel=\"noreferrer noopener\">{title}</a>"
                    )),
                    "{code}: {title} linked"
                ),
                None => assert!(line.contains(&title), "{code}: {title} named"),
            }
        }
        // The fact sits with the Hotline, before the local lines.
        assert!(
            at > card.find("sms:233733").unwrap() && at < card.find("id=\"card-local\"").unwrap()
        );
    }
}

#[tokio::test]
async fn a_state_without_a_local_office_still_gets_the_national_lines() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = send(
        &app,
        Request::get("/states/AS/card").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let card = card(&page.body);
    assert!(card.contains("The directory has no local line for American Samoa"));
    assert_eq!(dials(card).len(), 4, "911 and the Hotline's three lines");
}

#[tokio::test]
async fn cards_answer_like_state_pages_and_are_linked_kept_and_listed() {
    let (_scratch, state) = imported().await;
    let db = state.db.clone();
    let app = lantern::app(state);
    let get = |uri: &'static str| send(&app, Request::get(uri).body(Body::empty()).unwrap());
    // Lower case is forgiven with one redirect; an unknown code is a 404 page.
    let lower = get("/states/tx/card").await;
    assert_eq!(lower.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(lower.headers[header::LOCATION], "/states/TX/card");
    for unknown in ["/states/ZZ/card", "/states/TEXAS/card", "/states/%FF/card"] {
        let page = get(unknown).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{unknown}");
        assert!(page.body.contains("Page not found"), "{unknown}");
    }
    // One heading level at a time, and it says where it was verified, not a print date the
    // kept page could not keep true.
    let page = get("/states/TX/card").await;
    let card = card(&page.body);
    assert!(card.contains("<h1 id=\"card-title\">Human trafficking: who to call in Texas</h1>"));
    assert!(card.contains("/states/TX/card"));
    assert!(card.contains("Entries last verified between December 2020 and"));
    let today =
        lantern::i18n::messages(lantern::lang::Lang::En).date(&lantern::catalog::Date::today());
    assert!(card.contains(&format!(
        "Printed from Lantern, /states/TX/card, on {today}."
    )));
    // Kept in memory like the state's page: a second visit gets the same page, ETag and all.
    assert!(
        page.headers.contains_key(header::ETAG),
        "a kept page has an ETag"
    );
    assert_eq!(
        page.headers[header::CACHE_CONTROL],
        "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"
    );
    // Linked from the state's page and from /help once a state is chosen.
    let state_page = get("/states/TX").await;
    assert!(
        state_page
            .body
            .contains("<a href=\"/states/TX/card\">Print a pocket card for Texas</a>")
    );
    let help = get("/help?state=tx").await;
    assert!(
        help.body
            .contains("<a href=\"/states/TX/card\">Print a pocket card for Texas</a>")
    );
    assert!(
        !get("/help").await.body.contains("/card\""),
        "no state, no card"
    );
    // In the sitemap for every state and territory.
    let sitemap = get("/sitemap.xml").await;
    let codes: Vec<String> = sqlx::query_scalar("select code from states")
        .fetch_all(&db)
        .await
        .unwrap();
    for code in codes {
        assert!(
            sitemap.body.contains(&format!("/states/{code}/card</loc>")),
            "{code} card in the sitemap"
        );
    }
}
