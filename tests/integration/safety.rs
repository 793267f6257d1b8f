//! `/safety`, "Staying safe online": the advice a frightened visitor reads before looking for
//! help, its sources, and the links to it from every page.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::common::{escaped, get, imported, send};

#[tokio::test]
async fn the_safety_page_gives_the_five_points_and_the_ways_to_reach_help() {
    let (_scratch, state) = imported().await;
    let page = get(&lantern::app(state), "/safety").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_eq!(body.matches("<h1").count(), 1);
    assert!(body.contains("<h1>Staying safe online</h1>"));
    for point in [
        "Quick exit leaves this site, but it does not erase your browser history.",
        "A private window keeps less, but not nothing.",
        "A shared or monitored phone or computer may have spyware on it.",
        "a trusted friend's device or a computer at a public library",
        "An empty history can itself be noticed.",
        "Texting may be safer than calling when someone is nearby, but messages stay on the phone unless you delete them.",
    ] {
        // The words come from a message, so the page holds them escaped (`friend&#39;s`).
        assert!(body.contains(&escaped(point)), "missing: {point}");
    }
    for action in [
        "<a class=\"action\" href=\"tel:911\">Call 911</a>",
        "<a class=\"action\" href=\"tel:+18883737888\">Call 888-373-7888</a>",
        "<a class=\"action\" href=\"sms:233733\">Text 233733</a>",
    ] {
        assert!(body.contains(action), "missing: {action}");
    }
    // The safety bar marks this page as the one being read.
    assert!(body.contains("<a class=\"safe-online\" href=\"/safety\" aria-current=\"page\">"));
}

#[tokio::test]
async fn the_safety_page_cites_each_source_with_its_address_and_the_date_it_was_read() {
    let (_scratch, state) = imported().await;
    let body = get(&lantern::app(state), "/safety").await.body;
    let sources = [
        (
            "nhth-what-we-do",
            "https://humantraffickinghotline.org/about-us/what-we-do",
            "What We Do",
        ),
        (
            "otip-2018",
            "https://www.acf.hhs.gov/otip/success-story/announcing-24-7-chat-text-national-human-trafficking-hotline",
            "Announcing 24/7 Chat &#38; Text for the National Human Trafficking Hotline",
        ),
        (
            "nnedv-spyware",
            "http://techsafety.org/spyware",
            "Spyware and stalkerware",
        ),
        (
            "okdhs",
            "https://oklahoma.gov/okdhs/services/purpleribbon/clear.html",
            "Safety resources - protect yourself",
        ),
        (
            "strongheart-privacy",
            "https://strongheartshelpline.org/get-help/privacy-tips",
            "Privacy tips",
        ),
    ];
    let listed = &body[body.find("<h2 id=\"sources\">").expect("a sources section")..];
    for (id, url, title) in sources {
        // Each point's citation leads to its source, which names its title and address.
        assert!(
            body.contains(&format!("href=\"#source-{id}\"")),
            "{id} is cited"
        );
        let item = &listed[listed
            .find(&format!("<li id=\"source-{id}\">"))
            .unwrap_or_else(|| panic!("{id} is listed"))..];
        let item = &item[..item.find("</li>").unwrap()];
        assert!(
            item.contains(&format!(
                "<a href=\"{url}\" rel=\"noreferrer noopener\">{title}</a>"
            )),
            "{item}"
        );
        assert!(item.contains("read November 28, 2026"), "{item}");
    }
    assert!(listed.contains("published February 7, 2018"));
}

#[tokio::test]
async fn every_kind_of_page_links_to_the_safety_page_from_its_safety_bar_and_footer() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for (uri, status) in [
        ("/", StatusCode::OK),
        ("/help", StatusCode::OK),
        ("/help?state=TX", StatusCode::OK),
        ("/kinds", StatusCode::OK),
        ("/kinds/training", StatusCode::OK),
        ("/kinds/training/matrix", StatusCode::OK),
        ("/topics", StatusCode::OK),
        ("/topics/grants", StatusCode::OK),
        ("/states", StatusCode::OK),
        ("/states/TX", StatusCode::OK),
        ("/organizations", StatusCode::OK),
        ("/organizations/ovc", StatusCode::OK),
        (
            "/resources/national-human-trafficking-hotline",
            StatusCode::OK,
        ),
        ("/about", StatusCode::OK),
        ("/open-data", StatusCode::OK),
        ("/safety", StatusCode::OK),
        ("/search?q=hotline", StatusCode::OK),
        ("/search?kind=nonsense", StatusCode::BAD_REQUEST),
        ("/no-such-page", StatusCode::NOT_FOUND),
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, status, "{uri}");
        let body = &page.body;
        let bar = &body[body.find("<div class=\"safety\">").expect("a safety bar")..];
        let bar = &bar[..bar.find("<div class=\"site-header\">").unwrap()];
        assert!(
            bar.contains("href=\"/safety\"") && bar.contains(">Staying safe online</a>"),
            "{uri}: the safety bar links to /safety"
        );
        let footer = &body[body.find("<footer").expect("a footer")..];
        assert!(
            footer.contains("<a href=\"/safety\">Staying safe online</a>"),
            "{uri}: the footer links to /safety"
        );
    }
}

#[tokio::test]
async fn the_safety_page_and_the_training_matrix_are_kept_in_memory_and_in_the_sitemap() {
    use axum::http::header;
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let sitemap = crate::common::sitemap(&app).await;
    for uri in ["/safety", "/kinds/training/matrix"] {
        assert!(
            sitemap.contains(&format!("<loc>http://lantern.test{uri}</loc>")),
            "{uri} is in the sitemap"
        );
        // A kept page carries a validator and is not sent again when the browser has it.
        let first = get(&app, uri).await;
        assert_eq!(
            first.headers[header::CACHE_CONTROL],
            "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400",
            "{uri}"
        );
        let again = send(
            &app,
            Request::get(uri)
                .header(header::IF_NONE_MATCH, first.headers[header::ETAG].clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
    }
}
