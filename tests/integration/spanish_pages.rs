//! The Spanish twins of the pages about the directory and the pages for people who need help:
//! `/es`, `/es/help`, `/es/safety`, `/es/about`, `/es/open-data`, the pocket card and the
//! training matrix. A Spanish reader sees Spanish words, and every link and form keeps them on
//! Spanish pages.

use axum::http::{StatusCode, header};

use crate::common::{escaped, get, imported};

/// The site addresses a page links to (`href` and form `action`), in page order.
fn addresses(body: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "action=\""] {
        for (at, _) in body.match_indices(attribute) {
            let rest = &body[at + attribute.len()..];
            let address = &rest[..rest.find('"').unwrap()];
            if address.starts_with('/') {
                found.push(address);
            }
        }
    }
    found
}

/// The addresses on a Spanish page that leave the Spanish site, apart from those that have no
/// Spanish twin (the API, the feed, the sitemap, static files) and the language link.
fn english_addresses<'b>(body: &'b str, english_twin: &str) -> Vec<&'b str> {
    const NO_TWIN: [&str; 5] = [
        "/hsds",
        "/openapi.json",
        "/feed.xml",
        "/sitemap.xml",
        "/static/",
    ];
    addresses(body)
        .into_iter()
        .filter(|a| *a != "/es" && !a.starts_with("/es/") && !a.starts_with("/es?"))
        .filter(|a| !NO_TWIN.iter().any(|p| a.starts_with(p)))
        .filter(|a| *a != english_twin)
        .collect()
}

fn title(body: &str) -> &str {
    let start = body.find("<title>").expect("a title") + "<title>".len();
    &body[start..start + body[start..].find("</title>").unwrap()]
}

#[tokio::test]
async fn the_spanish_pages_speak_spanish_and_keep_every_link_spanish() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    for (uri, english, page_title, heading) in [
        (
            "/es/safety",
            "/safety",
            "Seguridad en internet · Lantern",
            "<h1>Seguridad en internet</h1>",
        ),
        (
            "/es/about",
            "/about",
            "Acerca de, fuentes, privacidad y seguridad · Lantern",
            "<h1>Acerca de Lantern</h1>",
        ),
        (
            "/es/open-data",
            "/open-data",
            "Datos abiertos: la API de HSDS y las descargas · Lantern",
            "<h1>Datos abiertos</h1>",
        ),
        (
            "/es/kinds/training/matrix",
            "/kinds/training/matrix",
            "a quién sirve cada entrada · Lantern",
            ": a quién sirve cada entrada</h1>",
        ),
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let body = &page.body;
        assert!(body.contains("<html lang=\"es\">"), "{uri}");
        assert!(title(body).ends_with(page_title), "{uri}: {}", title(body));
        assert!(body.contains(heading), "{uri}: {heading}");
        assert_eq!(
            english_addresses(body, english),
            Vec::<&str>::new(),
            "{uri} links out of the Spanish site"
        );
    }
}

#[tokio::test]
async fn the_spanish_home_page_leads_to_spanish_help_kinds_states_and_topics() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = get(&app, "/es").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("<html lang=\"es\">"));
    assert!(title(body).starts_with("Recursos contra la trata de personas"));
    assert!(body.contains("<h1>Encuentre ayuda y recursos sobre la trata de personas</h1>"));
    assert!(body.contains("<a href=\"/es/help\"><strong>Necesito ayuda ahora</strong>"));
    assert!(body.contains("<a href=\"/es/help#report\"><strong>Quiero denunciar</strong>"));
    assert!(body.contains("<a href=\"/es/kinds/hotline\">"));
    assert!(body.contains("<a href=\"/es/states\">Los 56 estados y territorios"));
    assert!(body.contains("<a href=\"/es/topics/"));
    // The count is a Fluent plural: "entradas", never "entries".
    let lede = &body[body.find("<p class=\"lede\">").unwrap()..];
    let lede = &lede[..lede.find("</p>").unwrap()];
    assert!(lede.contains(" entradas, cada una con su fuente"), "{lede}");
    for english in [
        "href=\"/help\"",
        "href=\"/kinds/",
        "href=\"/topics/",
        "href=\"/states\"",
    ] {
        assert!(!body.contains(english), "/es has {english}");
    }
}

#[tokio::test]
async fn the_spanish_help_page_chooses_a_state_in_spanish() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let page = get(&app, "/es/help").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(title(body).starts_with("Ayuda ahora · "));
    assert!(body.contains("<h1>Ayuda ahora</h1>"));
    assert!(body.contains("Si usted o alguien que conoce está en peligro inmediato, llame al <a href=\"tel:911\">911</a>."));
    // The form stays on the Spanish page.
    assert!(body.contains("<form class=\"search-form panel\" action=\"/es/help\" method=\"get\">"));
    assert!(body.contains("<option value=\"\">Elija un estado o territorio</option>"));
    assert!(body.contains("<h2 id=\"report\">Denunciar una posible trata de personas</h2>"));
    assert!(body.contains("<a href=\"/es/kinds/reporting\">todas las líneas para denunciar</a>"));

    let chosen = get(&app, "/es/help?state=TX").await;
    assert_eq!(chosen.status, StatusCode::OK);
    let body = &chosen.body;
    assert!(body.contains("<option value=\"TX\" selected>"));
    assert!(body.contains("<h2 id=\"local\">Contactos locales en "));
    assert!(body.contains("<a href=\"/es/states/TX\">Todo lo de "));
    assert!(body.contains("<a href=\"/es/states/TX/card\">Imprimir una tarjeta de bolsillo para "));
    // The language link keeps the chosen state.
    assert!(body.contains("href=\"/help?state=TX\""));

    let unknown = get(&app, "/es/help?state=ZZ").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains(&escaped(
        "“ZZ” no es un código de estado o territorio que el directorio conozca."
    )));
}

#[tokio::test]
async fn the_spanish_pocket_card_prints_in_spanish_with_its_own_address_and_dates() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let lower = get(&app, "/es/states/tx/card").await;
    assert_eq!(lower.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(lower.headers[header::LOCATION], "/es/states/TX/card");

    let page = get(&app, "/es/states/TX/card").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("<html lang=\"es\">"));
    assert!(body.contains("<h1 id=\"card-title\">Trata de personas: a quién llamar en "));
    assert!(body.contains("<h2 id=\"card-danger\">En peligro inmediato</h2>"));
    assert!(body.contains("<span class=\"card-verb\">Llame al</span> <a class=\"card-number\" href=\"tel:911\">911</a>"));
    assert!(body.contains("<span class=\"card-verb\">Envíe un texto al</span>"));
    assert!(body.contains("<span class=\"card-verb\">Llame para denunciar al</span>"));
    // The card names its Spanish address and is dated in Spanish, as a Spanish reader writes
    // a date: "28 de noviembre de 2026".
    let spanish = lantern::i18n::messages(lantern::lang::Lang::Es);
    let today = spanish.date(&lantern::catalog::Date::today());
    assert!(body.contains(&format!(
        "Impreso desde Lantern, /es/states/TX/card, el {today}."
    )));
    assert!(body.contains("Las entradas se verificaron por última vez entre diciembre de 2020 y "));
    assert!(body.contains("Consulte allí si hay números más recientes."));
    assert_eq!(
        english_addresses(body, "/states/TX/card"),
        Vec::<&str>::new(),
        "the card links out of the Spanish site"
    );
}

#[tokio::test]
async fn the_spanish_safety_page_keeps_the_numbers_and_cites_its_sources_in_spanish() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let body = get(&app, "/es/safety").await.body;
    for action in [
        "<a class=\"action\" href=\"tel:911\">Llame al 911</a>",
        "<a class=\"action\" href=\"tel:+18883737888\">Llame al 888-373-7888</a>",
        "<a class=\"action\" href=\"sms:233733\">Envíe un texto al 233733</a>",
    ] {
        assert!(body.contains(action), "missing: {action}");
    }
    assert!(body.contains("<kbd>Mayús</kbd>"));
    assert!(body.contains("leída el 28 de noviembre de 2026"));
    assert!(body.contains("publicada el 7 de febrero de 2018"));
    assert!(body.contains("La copia leída no muestra un título; este describe la página."));
    // The sources' English titles are marked as English for screen readers.
    assert!(body.contains("<p lang=\"en\"><a href=\"http://techsafety.org/spyware\""));
}

#[tokio::test]
async fn the_spanish_open_data_page_says_the_feed_and_the_api_stay_in_english() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let body = get(&app, "/es/open-data").await.body;
    assert!(body.contains(
        "El canal de noticias (feed) y la API de HSDS están en inglés; las páginas del sitio están también en español."
    ));
    // The API's own addresses have no Spanish twin.
    assert!(body.contains("<a href=\"/hsds/services\"><code>/hsds/services</code></a>"));
    assert!(body.contains("<a href=\"/es/about#sources\">página Acerca de</a>"));
}
