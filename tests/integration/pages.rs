//! Every public page through the router: status, the content a visitor relies on, and that
//! nothing from the address is reflected unescaped.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::{Answer, imported, send};

type Page = Answer;

async fn get(uri: &str) -> Page {
    let (_scratch, state) = imported().await;
    get_with(lantern::app(state), uri).await
}

async fn get_with(app: axum::Router, uri: &str) -> Page {
    send(&app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// What every page in the layout must have.
fn assert_layout(page: &Page) {
    let body = &page.body;
    assert!(body.starts_with("<!doctype html>"), "not a page");
    assert_eq!(body.matches("<h1").count(), 1, "exactly one h1");
    for landmark in [
        "<header",
        "<nav aria-label=\"Main\"",
        "<main id=\"main\"",
        "<footer",
    ] {
        assert!(body.contains(landmark), "missing {landmark}");
    }
    assert!(body.contains("href=\"#main\""), "skip link");
    // Each link's name starts with what it shows, then says whom it reaches.
    assert!(
        body.contains("<a href=\"tel:911\">Call 911<span class=\"visually-hidden\"> if you are in immediate danger</span></a>"),
        "911 in the safety bar"
    );
    assert!(
        body.contains("<a href=\"tel:+18883737888\">Call 888-373-7888<span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"),
        "hotline in the safety bar"
    );
    assert!(
        body.contains("<a href=\"sms:233733\">Text 233733<span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"),
        "the hotline's text line in the safety bar"
    );
    assert!(
        body.contains("<a class=\"safe-online\" href=\"/safety\""),
        "the safety page in the safety bar"
    );
    assert!(
        body.contains("<li><a href=\"/safety\">Staying safe online</a></li>"),
        "the safety page in the footer"
    );
    assert!(body.contains("data-quick-exit"), "quick exit");
    assert!(!body.contains("<script>"), "no inline script");
    assert!(!body.contains("style="), "no inline style");
    assert!(page.headers.get(header::SET_COOKIE).is_none(), "no cookies");
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
}

#[tokio::test]
async fn home_offers_search_routes_kinds_states_and_topics() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body;
    assert!(body.contains("action=\"/search\""));
    assert!(body.contains("href=\"/help\"><strong>I need help now"));
    assert!(body.contains("href=\"/help#report\"><strong>I want to report"));
    assert!(body.contains("<strong>I work in this field"));
    assert!(
        body.contains("href=\"/kinds/funding\">Grants and funding</a> <span class=\"count\">(")
    );
    // The tile map: one link per jurisdiction, each named in full for screen readers.
    assert_eq!(body.matches("<li class=\"r").count(), 56);
    assert!(body.contains("<a href=\"/states/TX\"><span aria-hidden=\"true\">TX</span><span class=\"visually-hidden\">Texas</span></a>"));
    assert!(body.contains("href=\"/topics/sex-trafficking\""));
}

#[tokio::test]
async fn help_lists_every_hotline_and_reporting_line_contact_first() {
    let page = get("/help").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body;
    assert!(body.contains("<a class=\"action\" href=\"tel:+18883737888\">Call <span class=\"number\">888-373-7888</span><span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"));
    assert!(body.contains("<a class=\"action\" href=\"sms:233733\">Text <span class=\"number\">233733</span><span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"));
    assert!(body.contains(
        "<a class=\"action\" href=\"tel:911\">Call <span class=\"number\">911</span></a>"
    ));
    assert!(body.contains("<a class=\"action\" href=\"tel:+18663472423\">Call to report <span class=\"number\">866-347-2423</span><span class=\"visually-hidden\"> to the ICE Homeland Security Investigations tip line</span></a>"));
    assert!(body.contains("24 hours a day, 7 days a week"));
    assert!(body.contains("More than 200 languages"));
    assert!(body.contains("<dt>Who answers</dt><dd>Not law enforcement</dd>"));
    assert!(body.contains("<dt>Who answers</dt><dd>Law enforcement</dd>"));
    assert!(body.contains("id=\"report\""));
    // No state chosen: no field offices yet.
    assert!(!body.contains("FBI Albany Field Office"));
}

/// The part of a page about one resource's contact card on /help: from its heading to the next
/// card.
fn contact_card<'a>(body: &'a str, slug: &str) -> &'a str {
    let start = body
        .find(&format!("<h3><a href=\"/resources/{slug}\">"))
        .unwrap_or_else(|| panic!("no card for {slug}"));
    let rest = &body[start..];
    let end = rest.find("<li class=\"contact\">").unwrap_or(rest.len());
    &rest[..end]
}

/// No source says who answers 911, so neither its card nor its page says; lines whose sources
/// do say keep their answer.
#[tokio::test]
async fn who_answers_is_shown_only_where_a_source_says() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let help = get_with(app.clone(), "/help").await;
    let card_911 = contact_card(&help.body, "call-911");
    assert!(card_911.contains("Call 911"), "{card_911}");
    assert!(card_911.contains("Emergency services"), "{card_911}");
    assert!(!card_911.contains("Who answers"), "{card_911}");
    assert!(!card_911.contains("aw enforcement"), "{card_911}");
    let hotline = contact_card(&help.body, "national-human-trafficking-hotline");
    assert!(hotline.contains("<dt>Who answers</dt><dd>Not law enforcement</dd>"));
    let ice = contact_card(&help.body, "ice-hsi-tip-line");
    assert!(ice.contains("<dt>Who answers</dt><dd>Law enforcement</dd>"));

    let page = get_with(app, "/resources/call-911").await;
    assert_eq!(page.status, StatusCode::OK);
    let contact = &page.body[page.body.find("id=\"contact-heading\"").unwrap()
        ..page.body.find("<h2>About</h2>").unwrap()];
    assert!(contact.contains("Emergency services"), "{contact}");
    assert!(!contact.contains("Who answers"), "{contact}");
    assert!(!contact.contains("aw enforcement"), "{contact}");
}

/// Before calling, a person can read what happens when they do, each point linked to the page
/// it summarises: on the Hotline's page and on its card on /help.
#[tokio::test]
async fn the_hotline_says_what_happens_when_you_contact_it_with_its_sources() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = get_with(app.clone(), "/resources/national-human-trafficking-hotline").await;
    let help = get_with(app, "/help").await;
    let card = contact_card(&help.body, "national-human-trafficking-hotline");
    let section = {
        let start = page
            .body
            .find("id=\"facts-heading\"")
            .expect("a facts section");
        &page.body[start..start + page.body[start..].find("</section>").unwrap()]
    };
    for (place, text) in [("page", section), ("help", card)] {
        assert!(
            text.contains("What happens when you contact them"),
            "{place}"
        );
        for fact in [
            "The Hotline is not law enforcement, not an immigration authority, not an investigative agency and not a government agency.",
            "Contacting the Hotline is confidential. You can ask for help or report a tip without giving your name.",
            "only where a minor may be being abused or where it believes someone is in imminent danger",
            "Callers on the phone are offered interpreting in more than 200 other languages.",
            "by dialing 711, the free national relay service",
        ] {
            assert!(text.contains(fact), "{place} lacks {fact:?}");
        }
        // The consent fact links the page it summarises; the first fact cites two pages.
        assert!(text.contains(
            "imminent danger. <span class=\"meta\">(Source: <a href=\"https://humantraffickinghotline.org/es/node/1167\" rel=\"noreferrer noopener\">When You Reach Us</a>)</span>"
        ), "{place}");
        assert!(text.contains("(Sources: <a href=\"https://humantraffickinghotline.org/about-us/what-we-do\" rel=\"noreferrer noopener\">What We Do</a>; <a href=\"https://www.acf.hhs.gov/otip/"), "{place}");
    }
    // Records without facts show no such section.
    assert!(!contact_card(&help.body, "call-911").contains("What happens when you contact them"));
}

/// A number or link taken from another page than the record's own source says so beside it.
#[tokio::test]
async fn a_value_from_another_source_says_so_beside_it() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let hotline = get_with(app.clone(), "/resources/national-human-trafficking-hotline").await;
    assert!(hotline.body.contains(
        "<a href=\"tel:+18883737888\">888-373-7888</a> (Toll-free)</dd><dt>Number from</dt><dd>Human trafficking resources for law enforcement (undated)</dd>"
    ));
    assert!(hotline.body.contains(
        "<a href=\"sms:233733\">233733</a> (Text line)</dd><dt>Number from</dt><dd><a href=\"https://humantraffickinghotline.org/about-us/what-we-do\" rel=\"noreferrer noopener\">What We Do</a> (undated)</dd>"
    ));
    assert!(hotline.body.contains(
        ">Chat online (24 hours a day, English and Spanish)</a> <span class=\"meta\">Link from: <a href=\"https://humantraffickinghotline.org/about-us/what-we-do\""
    ));

    let center = get_with(
        app.clone(),
        "/resources/human-trafficking-capacity-building-center",
    )
    .await;
    assert!(center.body.contains(
        "202–616–7373</a> (OVC Deputy Director Katherine Darke Schmitt, for more information about the Center)</dd><dt>Number from</dt><dd>Human trafficking resources for law enforcement (undated)</dd><dt>Note</dt><dd>An undated page gives this number as a named official&#39;s line"
    ), "{}", center.body);

    let tips = get_with(app.clone(), "/resources/fbi-tips").await;
    assert!(tips.body.contains(
        ">Find your local FBI field office</a> <span class=\"meta\">Link from: <a href=\"https://www.fbi.gov/contact-us/field-offices\" rel=\"noreferrer noopener\">FBI field offices</a> (December 2020)</span>"
    ));

    // A value from the record's own source carries no such mark.
    let ice = get_with(app, "/resources/ice-hsi-tip-line").await;
    assert!(ice.body.contains("866-347-2423"));
    assert!(!ice.body.contains("Number from"));
}

#[tokio::test]
async fn help_for_a_state_adds_its_local_lines() {
    let page = get("/help?state=VT").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Local contacts for Vermont"));
    assert!(body.contains("FBI Albany Field Office"));
    assert!(body.contains("href=\"tel:+15184657551\""));
    assert!(body.contains("<option value=\"VT\" selected>Vermont</option>"));
    // Lower case is forgiven; an empty choice means none.
    assert!(
        get("/help?state=vt")
            .await
            .body
            .contains("Local contacts for Vermont")
    );
    assert_eq!(get("/help?state=").await.status, StatusCode::OK);
}

#[tokio::test]
async fn help_refuses_an_unknown_state_without_reflecting_markup() {
    let page = get("/help?state=%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_layout(&page);
    assert!(!page.body.contains("<SCRIPT>ALERT"), "reflected unescaped");
    assert!(
        page.body.contains("&#60;SCRIPT&#62;ALERT(1)"),
        "the code is shown, escaped"
    );
}

#[tokio::test]
async fn kind_and_topic_pages_list_their_entries() {
    let page = get("/kinds/reporting").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    assert!(page.body.contains("<h1>Reporting</h1>"));
    assert!(
        page.body.contains("58 entries."),
        "2 national lines and 56 field offices"
    );
    assert!(
        page.body
            .contains("<span class=\"badge\">Nationwide</span>")
    );
    assert!(
        page.body
            .contains("<span class=\"badge\">Serves New York, Vermont</span>")
    );

    let page = get("/topics/tribal-communities").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>Tribal communities</h1>"));
    assert!(
        page.body
            .contains("href=\"/resources/ovw-tribal-governments-program\"")
    );

    let page = get("/topics").await;
    assert!(page.body.contains("href=\"/topics/labor-trafficking\""));
    let page = get("/kinds").await;
    assert!(page.body.contains("href=\"/kinds/training\""));
}

#[tokio::test]
async fn states_list_all_56_and_a_state_puts_its_own_contacts_first() {
    let page = get("/states").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    assert_eq!(page.body.matches("<tr><td><a href=\"/states/").count(), 56);

    let page = get("/states/TX").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body[page.body.find("<main").unwrap()..];
    assert!(body.contains("<h1>Texas</h1>"));
    // In the order the person who opens it needs: local contacts, help now, report, and
    // then the rest, folded away.
    let at = |needle: &str| {
        body.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    let order = [
        at("<h2 id=\"local\">"),
        at("FBI Dallas Field Office"),
        at("One Justice Way Dallas, TX 75220"),
        at("<h2 id=\"help-now\">"),
        at("href=\"tel:911\""),
        at("href=\"tel:+18883737888\""),
        at("<h2 id=\"report\">"),
        at("ICE Homeland Security Investigations tip line"),
        at("<h2 id=\"professionals\">"),
        at("<details class=\"group\">"),
    ];
    assert!(order.is_sorted(), "sections out of order: {order:?}");
    assert!(body.contains("href=\"tel:+19725595000\">Call to report <span class=\"number\">(972) 559-5000</span><span class=\"visually-hidden\"> to the FBI Dallas Field Office</span></a>"));
    assert!(body.contains("href=\"sms:233733\""));
    // Everything for professionals is there, folded: no <details> starts open.
    assert!(!body.contains("<details class=\"group\" open"));
    for group in [
        "Grants and funding",
        "Training and technical assistance",
        "Publications and reports",
    ] {
        assert!(
            body.contains(&format!(
                "<h3 class=\"group-heading\">{group} <span class=\"count\">("
            )),
            "{group}"
        );
    }
    // No line to call is repeated among the folded groups.
    let folded = &body[at("<h2 id=\"professionals\">")..];
    assert!(!folded.contains("/resources/national-human-trafficking-hotline\""));
    assert!(!folded.contains("/resources/fbi-dallas-field-office\""));
}

#[tokio::test]
async fn state_codes_in_lower_case_redirect_and_unknown_ones_are_404() {
    let page = get("/states/tx").await;
    assert_eq!(page.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(page.headers[header::LOCATION], "/states/TX");
    for unknown in [
        "/states/ZZ",
        "/states/zz",
        "/states/Texas",
        "/states/%3Cb%3E",
    ] {
        let page = get(unknown).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{unknown}");
        assert_layout(&page);
    }
}

#[tokio::test]
async fn organization_pages_list_their_entries_and_parent() {
    let page = get("/organizations").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("href=\"/organizations/ncmec\""));

    let page = get("/organizations/ojjdp").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    assert!(
        page.body
            .contains("Part of <a href=\"/organizations/doj\">U.S. Department of Justice</a>")
    );
    assert!(
        page.body
            .contains("href=\"/resources/amber-alert-training-and-technical-assistance\"")
    );
    let page = get("/organizations/doj").await;
    assert!(page.body.contains("Offices and components"));
}

#[tokio::test]
async fn a_resource_page_leads_with_contact_and_shows_its_source() {
    let page = get("/resources/national-human-trafficking-hotline").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body;
    let contact = body.find("id=\"contact-heading\"").unwrap();
    let about = body.find("<h2>About</h2>").unwrap();
    assert!(contact < about, "contact comes first");
    assert!(body.contains("<a class=\"action\" href=\"tel:+18883737888\">Call <span class=\"number\">888-373-7888</span><span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"));
    assert!(body.contains("Source: Human trafficking: victim assistance"));
    assert!(body.contains("Updated August 23, 2023"));
    assert!(body.contains("Last verified November 28, 2026."));
    // Every channel: text (the discreet one), TTY through the relay service, and chat.
    assert!(body.contains("<a class=\"action\" href=\"sms:233733\">Text <span class=\"number\">233733</span><span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"));
    assert!(body.contains("<a class=\"action\" href=\"tel:711\">TTY <span class=\"number\">711</span><span class=\"visually-hidden\"> to reach the National Human Trafficking Hotline</span></a>"));
    assert!(body.contains("The free national relay service"));
    assert!(body.contains(
        "href=\"https://humantraffickinghotline.org/\" rel=\"noreferrer noopener\">Chat online"
    ));
    assert!(body.contains("What We Do"), "the Hotline's page is cited");
    assert!(!body.contains("more than a year ago"));
    // schema.org data, with nothing that could close the script element early.
    let start = body.find("<script type=\"application/ld+json\">").unwrap();
    let json = &body[start + 35..start + body[start..].find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["@type"], "Service");
    assert_eq!(
        data["availableChannel"][0]["servicePhone"]["telephone"],
        "+18883737888"
    );
}

#[tokio::test]
async fn an_old_verification_carries_a_visible_notice() {
    let page = get("/resources/fbi-dallas-field-office").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("last verified more than a year ago (December 2020)")
    );
    assert!(
        page.body
            .contains("<dd>One Justice Way Dallas, TX 75220</dd>")
    );
    assert!(page.body.contains("As listed in December 2020"));
}

#[tokio::test]
async fn a_resource_without_contact_data_says_so_instead_of_inventing_it() {
    let page = get("/resources/innocence-lost-task-forces").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("The source gives no phone number or web address for this entry.")
    );
}

#[tokio::test]
async fn about_names_the_sources_privacy_and_safety_advice() {
    let page = get("/about").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body;
    assert!(body.contains("Commemorating National Slavery and Human Trafficking Prevention Month"));
    assert!(body.contains("Published January 28, 2021"));
    assert!(body.contains("Updated August 23, 2023"));
    assert!(body.contains("id=\"privacy\""));
    assert!(body.contains("no cookies"));
    assert!(body.contains("Clearing your history removes some traces, but it is no guarantee"));
    assert!(body.contains("pressing the <kbd>Shift</kbd> key three times"));
}

#[tokio::test]
async fn open_data_explains_the_api_and_the_downloads_and_every_page_links_to_it() {
    let page = get("/open-data").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body;
    assert!(body.contains("version 3.0.0"));
    assert!(body.contains("<a href=\"/hsds/services\">"));
    assert!(body.contains("<a href=\"/openapi.json\">"));
    assert!(body.contains("lantern export --format hsds --out DIR"));
    assert!(body.contains("105 entries from 18 agencies"));
    assert!(
        get("/")
            .await
            .body
            .contains("<a href=\"/open-data\">Open data</a>")
    );
}

#[tokio::test]
async fn unknown_pages_are_404_in_the_layout_with_the_hotline_and_a_search_box() {
    for uri in [
        "/nowhere",
        "/resources/no-such-thing",
        "/kinds/rumours",
        "/topics/astrology",
        "/organizations/kgb",
        "/resources/%3Cscript%3E",
    ] {
        let page = get(uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert_layout(&page);
        assert!(page.body.contains("Page not found"));
        assert!(page.body.contains("id=\"error-q\""));
        assert!(!page.body.contains("<script>"));
    }
}

#[tokio::test]
async fn pages_carry_etags_and_answer_304_when_unchanged() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let first = get_with(app.clone(), "/help").await;
    let etag = first.headers[header::ETAG].clone();
    assert_eq!(
        first.headers[header::CACHE_CONTROL],
        "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"
    );
    let response = app
        .oneshot(
            Request::get("/help")
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_page_from_memory_is_the_page_rendered() {
    let (_scratch, state) = imported().await;
    let cached = lantern::app(state.clone());
    let rendered = lantern::app(state.without_page_cache());
    for uri in ["/", "/help?state=TX", "/states/TX", "/resources/call-911"] {
        let first = get_with(cached.clone(), uri).await;
        let again = get_with(cached.clone(), uri).await;
        let fresh = get_with(rendered.clone(), uri).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        for answer in [&again, &fresh] {
            assert_eq!(answer.status, first.status, "{uri}");
            assert_eq!(answer.body, first.body, "{uri}");
            for name in [header::ETAG, header::CONTENT_TYPE, header::CACHE_CONTROL] {
                assert_eq!(answer.headers[&name], first.headers[&name], "{uri} {name}");
            }
        }
    }
}

#[tokio::test]
async fn static_assets_are_fingerprinted_and_cached_for_a_year() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let home = get_with(app.clone(), "/").await;
    let start = home.body.find("/static/style.").unwrap();
    let href = &home.body[start..start + home.body[start..].find('"').unwrap()];
    let css = get_with(app.clone(), href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(
        css.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(
        css.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.body.len() <= 20 * 1024,
        "stylesheet is {} bytes",
        css.body.len()
    );
    let js_start = home.body.find("/static/quick-exit.").unwrap();
    let js_href = &home.body[js_start..js_start + home.body[js_start..].find('"').unwrap()];
    let js = get_with(app.clone(), js_href).await;
    assert!(
        js.body.len() <= 2 * 1024,
        "script is {} bytes",
        js.body.len()
    );
    assert_eq!(
        get_with(app, "/static/style.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_safety_bar_numbers_are_the_catalogs_own() {
    // base.html writes the two numbers out so error pages show them without the database;
    // they must stay the numbers the catalog cites.
    let (_scratch, state) = imported().await;
    let numbers: Vec<(String, String, String)> = sqlx::query_as(
        "select r.slug, p.type, p.digits from phones p join resources r on r.id = p.resource_id
         where r.slug in ('call-911', 'national-human-trafficking-hotline')
         and p.type in ('voice', 'text') order by r.slug, p.type",
    )
    .fetch_all(&state.db)
    .await
    .unwrap();
    let owned = |slug: &str, kind: &str, digits: &str| {
        (slug.to_owned(), kind.to_owned(), digits.to_owned())
    };
    assert_eq!(
        numbers,
        [
            owned("call-911", "voice", "911"),
            owned("national-human-trafficking-hotline", "text", "233733"),
            owned("national-human-trafficking-hotline", "voice", "8883737888"),
        ]
    );
    // The safety bar and the safety page write them out too, in both languages: they read
    // nothing from the database, so that an error page still shows them.
    let app = lantern::app(state);
    for path in ["/", "/es", "/safety", "/es/safety", "/es/no-such-page"] {
        let page = get_with(app.clone(), path).await;
        for (href, number) in [
            ("tel:911", "911"),
            ("tel:+18883737888", "888-373-7888"),
            ("sms:233733", "233733"),
        ] {
            let at = format!("href=\"{href}\">");
            let start = page
                .body
                .find(&at)
                .unwrap_or_else(|| panic!("{path}: no {href}"));
            let shown = &page.body[start + at.len()..];
            let shown = &shown[..shown.find('<').unwrap()];
            assert!(shown.contains(number), "{path}: {href} shows {shown:?}");
        }
    }
}

#[tokio::test]
async fn a_database_failure_is_a_page_that_still_offers_help() {
    let (_scratch, state) = imported().await;
    state.db.close().await;
    let page = get_with(lantern::app(state), "/help").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_layout(&page);
    assert!(page.body.contains("888-373-7888"));
}

#[tokio::test]
async fn search_finds_ranks_and_explains() {
    let page = get("/search?q=hotline").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    assert_eq!(
        page.headers[header::CACHE_CONTROL],
        "no-store",
        "searches stay out of caches"
    );
    let body = &page.body;
    let first = body.find("href=\"/resources/").unwrap();
    assert!(body[first..].starts_with("href=\"/resources/national-human-trafficking-hotline\""));
    assert!(body.contains("<mark>"), "matches are highlighted");
    assert!(
        body.contains("value=\"hotline\""),
        "the box keeps the words"
    );
    assert!(body.contains("aria-label=\"Narrow the results\""));
}

/// "Officer" stems as "office" does, so it is not a synonym of "police" on its own: a search
/// for the police must not find, and mark, every entry naming an office (the Office for
/// Victims of Crime, the FBI's field offices). Each of the three pages marked "Office" before.
#[tokio::test]
async fn a_search_for_the_police_finds_no_office_for_it() {
    for address in [
        "/search?q=police",
        "/search?q=training+for+police",
        "/es/search?q=polic%C3%ADa",
    ] {
        let page = get(address).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<mark>"), "{address}: something matched");
        for word in ["Office", "Offices", "office", "offices"] {
            let marked = format!("<mark>{word}</mark>");
            assert!(!page.body.contains(&marked), "{address} marks {word}");
        }
    }
}

#[tokio::test]
async fn search_by_place_shows_a_removable_chip_and_local_entries_first() {
    let page = get("/search?q=fbi+in+texas").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("<span class=\"badge\">Texas</span> <a href=\"/search?q=fbi\">Remove"));
    let local = body.find("FBI Dallas Field Office").unwrap();
    let national = body.find("Submit an FBI Tip").unwrap();
    assert!(local < national);
    assert!(
        !body.contains("FBI Albany Field Office"),
        "other states' offices are left out"
    );

    let page = get("/search?q=77002").await;
    assert!(page.body.contains("ZIP 77002 (Texas)"));
}

#[tokio::test]
async fn search_facets_add_and_remove_filters() {
    let page = get("/search?q=grants").await;
    assert!(
        page.body
            .contains("href=\"/search?q=grants&#38;kind=funding\""),
        "a facet adds a filter"
    );
    let page = get("/search?q=grants&kind=funding").await;
    assert!(page.body.contains(
        "<span class=\"badge\">Grants and funding</span> <a href=\"/search?q=grants\">Remove"
    ));
    assert!(page.body.contains("aria-current=\"true\""));
    let page = get("/search?kind=hotline").await;
    assert!(
        page.body.contains("2 results."),
        "filters alone list entries"
    );
}

#[tokio::test]
async fn search_suggests_spelling_from_the_index() {
    let page = get("/search?q=hotlne").await;
    assert!(
        page.body
            .contains("No results for “hotlne”. Showing results for <strong>hotline</strong>.")
    );
    assert!(
        page.body
            .contains("href=\"/resources/national-human-trafficking-hotline\"")
    );
}

#[tokio::test]
async fn search_with_nothing_found_offers_help_and_browsing() {
    let page = get("/search?q=zzqxv+wvvq").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    assert!(page.body.contains("No results for “zzqxv wvvq”"));
    assert!(page.body.contains("href=\"/kinds\""));
    assert!(page.body.contains("888-373-7888"));
    // Only punctuation: the empty search page, not an error.
    let page = get("/search?q=%22*%3A()%5E-").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Search the directory"));
}

#[tokio::test]
async fn search_never_reflects_markup() {
    let payload =
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E+hotlin";
    let page = get(&format!("/search?q={payload}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_layout(&page);
    let body = &page.body;
    assert!(!body.contains("<script>alert"), "not in the HTML");
    assert!(!body.contains("<img src=x"), "not in the HTML");
    assert!(!body.contains("value=\"<script>"), "not in the attribute");
    assert!(body.contains("&#60;script&#62;alert(1)"));
}

#[tokio::test]
async fn search_pages_through_results() {
    let page = get("/search?q=fbi").await;
    assert!(page.body.contains("; showing 1–20."));
    assert!(
        page.body
            .contains("href=\"/search?q=fbi&#38;page=2\" rel=\"next\"")
    );
    let page = get("/search?q=fbi&page=2").await;
    assert!(page.body.contains("; showing 21–40."));
    assert!(page.body.contains("rel=\"prev\""));
}

#[tokio::test]
async fn search_refuses_nonsense_parameters_with_a_clear_page() {
    for uri in [
        "/search?q=x&page=-1",
        "/search?q=x&page=0",
        "/search?q=x&page=99999999999999999999",
        "/search?state=ZZ",
        "/search?kind=%3Cscript%3E",
        "/search?topic=astrology",
        "/search?audience=martians",
        "/search?agency=kgb",
        "/search?q=a&q=b",
    ] {
        let page = get(uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_layout(&page);
        assert!(!page.body.contains("<script>"), "{uri}");
    }
}

#[tokio::test]
async fn a_long_query_is_cut_with_a_note() {
    let long = "trafficking+".repeat(30);
    let page = get(&format!("/search?q={long}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("only the first 200 were used"));
}

#[tokio::test]
async fn robots_sitemap_and_feed_describe_the_site_for_machines() {
    let (_scratch, state) = imported().await;
    let count: i64 = sqlx::query_scalar("select count(*) from resources")
        .fetch_one(&state.db)
        .await
        .unwrap();
    let public = state
        .clone()
        .public_url(Some("https://lantern.example.org".into()));
    let app = lantern::app(public);

    let robots = get_with(app.clone(), "/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(
        robots
            .body
            .contains("Sitemap: https://lantern.example.org/sitemap.xml")
    );
    assert!(robots.body.contains("Disallow: /search"));

    let sitemap = get_with(app.clone(), "/sitemap.xml").await;
    assert!(
        sitemap.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    assert_eq!(
        sitemap
            .body
            .matches("<loc>https://lantern.example.org/resources/")
            .count() as i64,
        count
    );
    assert!(sitemap.body.contains(
        "<loc>https://lantern.example.org/resources/fbi-albany-field-office</loc><lastmod>2020-12-01</lastmod>"
    ));
    assert!(
        sitemap
            .body
            .contains("<loc>https://lantern.example.org/states/TX</loc>")
    );

    let feed = get_with(app.clone(), "/feed.xml").await;
    assert!(
        feed.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let first = feed.body.find("<updated>2026-11-22").unwrap();
    let old = feed.body.find("<updated>2020-12-01").unwrap();
    assert!(first < old, "newest verification first");
    assert!(
        feed.body.contains("Children&apos;s Advocacy Centers"),
        "text is XML-escaped"
    );

    // Without a configured address, a sane Host is used and a hostile one is not.
    let request = Request::get("/robots.txt")
        .header(header::HOST, "evil.example\"><script>")
        .body(Body::empty())
        .unwrap();
    let response = lantern::app(state).oneshot(request).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        body.contains("Sitemap: http://localhost/sitemap.xml"),
        "{body}"
    );
}

#[tokio::test]
async fn links_to_other_sites_send_no_referrer_and_no_opener() {
    let (_scratch, state) = imported().await;
    let slugs: Vec<String> = sqlx::query_scalar("select slug from resources order by slug")
        .fetch_all(&state.db)
        .await
        .unwrap();
    let organizations: Vec<String> =
        sqlx::query_scalar("select slug from organizations order by slug")
            .fetch_all(&state.db)
            .await
            .unwrap();
    let app = lantern::app(state);
    let mut uris: Vec<String> = ["/", "/about", "/help", "/open-data", "/search?q=hotline"]
        .map(String::from)
        .to_vec();
    uris.extend(slugs.iter().map(|s| format!("/resources/{s}")));
    uris.extend(organizations.iter().map(|s| format!("/organizations/{s}")));
    let mut external = 0;
    for uri in &uris {
        let page = get_with(app.clone(), uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        for tag in page.body.split("<a ").skip(1) {
            let tag = &tag[..tag.find('>').unwrap()];
            if !(tag.contains("href=\"http://") || tag.contains("href=\"https://")) {
                continue;
            }
            external += 1;
            let rel = tag
                .split("rel=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default();
            assert!(
                rel.split(' ').any(|r| r == "noreferrer")
                    && rel.split(' ').any(|r| r == "noopener"),
                "{uri}: <a {tag}>"
            );
        }
    }
    // Every page has at least the quick exit.
    assert!(external >= uris.len(), "{external} external links");
}

/// Whether `path` is a page of the route pattern `route` (`/resources/{slug}`).
fn is_page_of(route: &str, path: &str) -> bool {
    let (route, path): (Vec<_>, Vec<_>) = (route.split('/').collect(), path.split('/').collect());
    route.len() == path.len()
        && route
            .iter()
            .zip(&path)
            .all(|(r, p)| r == p || (r.starts_with('{') && !p.is_empty()))
}

/// Registering a catalog page is all it takes: a registered page missing from the sitemap,
/// or not kept (no validator, no 304), fails here.
#[tokio::test]
async fn every_registered_catalog_page_is_in_the_sitemap_and_kept() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let sitemap = crate::common::sitemap(&app).await;
    let listed: Vec<&str> = sitemap
        .split("<loc>http://lantern.test")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap())
        .collect();
    let routes = lantern::web::catalog_page_routes();
    assert!(routes.len() >= 16, "{routes:?}");
    for route in routes {
        let path = listed
            .iter()
            .find(|path| is_page_of(route, path))
            .unwrap_or_else(|| panic!("{route} is registered but not in the sitemap"));
        let first = get_with(app.clone(), path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        assert_eq!(
            first.headers[header::CACHE_CONTROL],
            "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400",
            "{path}"
        );
        let etag = first
            .headers
            .get(header::ETAG)
            .unwrap_or_else(|| panic!("{path} is not kept: no ETag"));
        let again = send(
            &app,
            Request::get(*path)
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
    }
}

/// A server that runs on with no import: a resource's "verified more than a year ago" notice
/// appears the day after the anniversary of its last verification, and the pocket card's
/// printed date moves with the days, though both pages are kept.
#[tokio::test]
async fn the_stale_notice_and_the_printed_date_follow_the_clock_without_an_import() {
    use lantern::catalog::Date;
    use lantern::web::clock::Clock;
    let (_scratch, state) = imported().await;
    let (slug, verified): (String, String) = sqlx::query_as(
        "select slug, assured_date from resources
         where length(assured_date) = 10 and substr(assured_date, 6) != '02-29'
         order by slug limit 1",
    )
    .fetch_one(&state.db)
    .await
    .unwrap();
    let year: i32 = verified[..4].parse().unwrap();
    let anniversary: Date = format!("{}{}", year + 1, &verified[4..]).parse().unwrap();
    let clock = Clock::set_to(anniversary);
    let app = lantern::app(state.clock(clock.clone()));
    let resource = format!("/resources/{slug}");
    let notice = "last verified more than a year ago";

    let page = get_with(app.clone(), &resource).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains(notice),
        "stale a year to the day after {verified}"
    );
    let card = get_with(app.clone(), "/states/TX/card").await;
    assert!(
        card.body.contains(&format!(
            "on {}.",
            lantern::i18n::messages(lantern::lang::Lang::En).date(&anniversary)
        )),
        "{}",
        card.body
    );

    clock.advance(1);
    let next_day = Date::from_days_since_epoch(anniversary.days_since_epoch() + 1);
    let page = get_with(app.clone(), &resource).await;
    assert!(
        page.body.contains(notice),
        "not stale a year and a day after {verified}"
    );
    let card = get_with(app.clone(), "/states/TX/card").await;
    assert!(
        card.body.contains(&format!(
            "on {}.",
            lantern::i18n::messages(lantern::lang::Lang::En).date(&next_day)
        )),
        "{}",
        card.body
    );
}
