//! The site in two languages: every page in the sitemap has its Spanish twin under `/es`,
//! which says it is Spanish, names its English twin, keeps its visitors in Spanish, and shows
//! no English interface text (record text not yet translated is marked `lang="en"`).

use std::collections::BTreeSet;

use axum::http::{StatusCode, header};
use lantern::i18n::{message_keys, messages, source_files};
use lantern::lang::Lang;

use crate::common::{get, imported, send, sitemap};

/// Every `<loc>` of the sitemap, as a path.
fn listed(sitemap: &str) -> Vec<String> {
    sitemap
        .split("<loc>http://lantern.test")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap().to_owned())
        .collect()
}

/// A tag's attribute value: `attribute(r#"<a href="/x">"#, "href")` is `Some("/x")`.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// Every start tag named `name` in `html`, whole (`<a href="…" …>`).
fn tags<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let open = format!("<{name} ");
    html.match_indices(&open)
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap() + 1])
        .collect()
}

/// Addresses on this site that are the same in every language: files, feeds, the open data.
fn is_language_neutral(href: &str) -> bool {
    [
        "/static/",
        "/feed.xml",
        "/sitemap.xml",
        "/hsds",
        "/openapi.json",
        "/robots.txt",
    ]
    .iter()
    .any(|prefix| href.starts_with(prefix))
}

/// What a Spanish page must be, whatever page it is.
fn assert_spanish_page(path: &str, body: &str) {
    assert!(body.contains("<html lang=\"es\">"), "{path}: not lang=es");
    let english_twin = Lang::split_path(path.split('?').next().unwrap()).1;
    let alternates: Vec<(&str, &str)> = tags(body, "link")
        .into_iter()
        .filter_map(|tag| Some((attribute(tag, "hreflang")?, attribute(tag, "href")?)))
        .collect();
    assert!(
        alternates
            .iter()
            .any(|&(lang, href)| lang == "en" && href.split('?').next().unwrap() == english_twin),
        "{path}: no hreflang=en alternate for {english_twin}: {alternates:?}"
    );
    assert!(
        alternates.iter().any(|&(lang, _)| lang == "es"),
        "{path}: no hreflang=es alternate"
    );
    for tag in tags(body, "a").into_iter().chain(tags(body, "form")) {
        let Some(href) = attribute(tag, "href").or_else(|| attribute(tag, "action")) else {
            continue;
        };
        // The language link and "read it in English" links say so with hreflang.
        let internal = href.starts_with('/') && !href.starts_with("//");
        if !internal || is_language_neutral(href) || attribute(tag, "hreflang") == Some("en") {
            continue;
        }
        assert!(
            href == "/es" || href.starts_with("/es/") || href.starts_with("/es?"),
            "{path}: a link out of Spanish: {tag}"
        );
    }
}

#[tokio::test]
async fn every_page_in_the_sitemap_has_a_spanish_twin_that_stays_in_spanish() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let sitemap = sitemap(&app).await;
    let pages = listed(&sitemap);
    let spanish: BTreeSet<&str> = pages
        .iter()
        .filter(|p| Lang::of_path(p) == Lang::Es)
        .map(String::as_str)
        .collect();
    let english: Vec<&str> = pages
        .iter()
        .filter(|p| Lang::of_path(p) == Lang::En)
        .map(String::as_str)
        .collect();
    assert!(english.len() > 100, "{} English pages", english.len());
    for page in &english {
        let twin = Lang::Es.href(page);
        assert!(
            spanish.contains(twin.as_str()),
            "{page} has no Spanish twin in the sitemap"
        );
    }
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"http://lantern.test/es/help\"/>"
    ));
    for path in spanish {
        let page = get(&app, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_spanish_page(path, &page.body);
    }
}

/// Pages the sitemap does not list: a search, a pocket card reached from a state page, an
/// error page.
#[tokio::test]
async fn spanish_search_and_error_pages_stay_in_spanish() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for (path, status) in [
        ("/es/search?q=ayuda", StatusCode::OK),
        ("/es/search", StatusCode::OK),
        ("/es/help?state=TX", StatusCode::OK),
        ("/es/no-such-page", StatusCode::NOT_FOUND),
        ("/es/search?page=zero", StatusCode::BAD_REQUEST),
    ] {
        let page = get(&app, path).await;
        assert_eq!(page.status, status, "{path}");
        assert_spanish_page(path, &page.body);
    }
}

/// The language comes from the address only: no redirect on Accept-Language, no cookie, no
/// `Vary: Accept-Language`.
#[tokio::test]
async fn the_language_depends_only_on_the_address() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for (path, lang) in [("/help", "en"), ("/es/help", "es")] {
        for accept in ["es-MX,es;q=0.9", "en-US", "fr"] {
            let request = axum::http::Request::get(path)
                .header(header::ACCEPT_LANGUAGE, accept)
                .body(axum::body::Body::empty())
                .unwrap();
            let page = send(&app, request).await;
            assert_eq!(page.status, StatusCode::OK, "{path} {accept}");
            assert!(page.body.contains(&format!("<html lang=\"{lang}\">")));
            assert!(!page.headers.contains_key(header::SET_COOKIE));
            let vary = page.headers.get_all(header::VARY);
            assert!(
                !vary.iter().any(|v| v
                    .to_str()
                    .unwrap()
                    .to_ascii_lowercase()
                    .contains("language")),
                "{path}: {vary:?}"
            );
        }
    }
    // The language link leads to the same page in the other language, query string and all.
    let search = get(&app, "/search?q=help&kind=hotline").await;
    assert!(
        search
            .body
            .contains("href=\"/es/search?q=help&#38;kind=hotline\" hreflang=\"es\"")
    );
    let spanish = get(&app, "/es/search?q=ayuda").await;
    assert!(
        spanish
            .body
            .contains("href=\"/search?q=ayuda\" hreflang=\"en\"")
    );
}

/// The text a reader sees, without what is marked as English (record text not translated
/// yet) and without scripts, styles and tags.
fn visible_text_outside_english(html: &str) -> String {
    const VOID: [&str; 8] = ["meta", "link", "br", "img", "input", "hr", "source", "wbr"];
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut text = String::new();
    // Depth of open elements inside the innermost lang="en" element, when in one.
    let mut english_depth: Option<usize> = None;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        if english_depth.is_none() {
            text.push_str(&rest[..open]);
            text.push(' ');
        }
        let close = open + rest[open..].find('>').unwrap();
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with('!') || VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if tag.starts_with('/') {
            english_depth = match english_depth {
                Some(0) => None,
                Some(depth) => Some(depth - 1),
                None => None,
            };
        } else if let Some(depth) = english_depth {
            english_depth = Some(depth + 1);
        } else if tag.contains(" lang=\"en\"") {
            english_depth = Some(0);
        }
    }
    text
}

/// Every English interface message that is words (not a name, not a number), as English
/// pages show them.
fn english_phrases() -> Vec<&'static str> {
    let english = messages(Lang::En);
    let spanish = messages(Lang::Es);
    source_files()
        .filter(|(lang, ..)| *lang == Lang::En)
        .flat_map(|(_, _, text)| message_keys(text))
        .map(|key| (english.text(key), spanish.text(key)))
        // Arguments unfilled: the key comes back as itself. One word may be a name or a
        // word both languages share ("FBI", "Lantern"): phrases only.
        .filter(|(en, es)| en != es && en.trim().split_whitespace().count() >= 2)
        .map(|(en, _)| en.trim())
        .collect()
}

#[tokio::test]
async fn no_english_interface_text_appears_on_a_spanish_page() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let sitemap = sitemap(&app).await;
    let phrases = english_phrases();
    assert!(phrases.len() > 20, "{phrases:?}");
    // One page of each type: the first listed page of each route shape, and the pages the
    // sitemap leaves out.
    let mut seen_shapes = BTreeSet::new();
    let mut paths: Vec<String> = listed(&sitemap)
        .into_iter()
        .filter(|p| Lang::of_path(p) == Lang::Es)
        .filter(|p| {
            let area = p.split('/').take(3).collect::<Vec<_>>().join("/");
            seen_shapes.insert((area, p.matches('/').count()))
        })
        .collect();
    paths.extend(
        [
            "/es/search?q=ayuda",
            "/es/search?q=zzzzqqq",
            "/es/no-such-page",
            "/es/help?state=TX",
        ]
        .map(String::from),
    );
    for path in &paths {
        let page = get(&app, path).await;
        let text = visible_text_outside_english(&page.body);
        let found: Vec<&&str> = phrases.iter().filter(|p| text.contains(**p)).collect();
        assert!(found.is_empty(), "{path} shows English: {found:?}");
    }
}

/// A kept page is shared by every query string: its links (the language link, the hreflang
/// alternates, "read it in English") carry only the query the page reads, never one
/// visitor's words, in the first answer or in the kept copy every later visitor gets.
#[tokio::test]
async fn a_kept_page_never_carries_a_visitors_query_string_in_its_links() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for path in [
        "/es/resources/national-human-trafficking-hotline",
        "/resources/national-human-trafficking-hotline",
        "/es/help",
    ] {
        let first = get(&app, &format!("{path}?q=my+boss+took+my+passport")).await;
        let later = get(&app, path).await;
        for (which, page) in [("first", &first), ("later", &later)] {
            assert_eq!(page.status, StatusCode::OK, "{path} {which}");
            assert!(
                !page.body.contains("passport"),
                "{path}: the {which} answer carries the query"
            );
        }
    }
    // What the page does read is kept: /help's state.
    let texas = get(&app, "/es/help?state=tx&q=secret").await;
    assert!(
        texas
            .body
            .contains("href=\"/help?state=TX\" hreflang=\"en\"")
    );
    assert!(!texas.body.contains("secret"));
}

/// Lists of states sort as a reader expects, accents aside: "Míchigan" beside "Minnesota",
/// not after "Montana" as bytes would have it.
#[tokio::test]
async fn spanish_state_lists_sort_accents_aside() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for path in ["/es/states", "/es/help"] {
        let body = get(&app, path).await.body;
        let at = |name: &str| {
            body.find(name)
                .unwrap_or_else(|| panic!("{path}: no {name}"))
        };
        assert!(at("Míchigan") < at("Minnesota"), "{path}");
        assert!(at("Minnesota") < at("Montana"), "{path}");
    }
}
