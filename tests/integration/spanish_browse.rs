//! The browse pages under /es: in Spanish, linking within Spanish, and honest about which
//! record text is still English.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::{Answer, imported, send};

async fn get_all(uris: &[&str]) -> Vec<Answer> {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let mut pages = Vec::new();
    for uri in uris {
        pages.push(send(&app, Request::get(*uri).body(Body::empty()).unwrap()).await);
    }
    pages
}

async fn get(uri: &str) -> Answer {
    get_all(&[uri]).await.remove(0)
}

/// The addresses of the page's links (`<a href="/…">`) that lead elsewhere on the site and are
/// not meant to change language: a link marked `hreflang` goes to the other language on purpose.
fn internal_links(body: &str) -> Vec<&str> {
    body.split("<a ")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .filter(|tag| !tag.contains("hreflang="))
        .filter_map(|tag| {
            let start = tag.find("href=\"")? + "href=\"".len();
            let href = &tag[start..];
            Some(&href[..href.find('"')?])
        })
        .filter(|href| href.starts_with('/'))
        .collect()
}

#[tokio::test]
async fn every_browse_page_answers_in_spanish_and_links_within_spanish() {
    // Each page type, with words only the Spanish messages write.
    let pages: [(&str, &[&str]); 9] = [
        (
            "/es/kinds",
            &[
                "<h1>Explorar el directorio</h1>",
                "<h2>Por tipo</h2>",
                "Por tema</a>",
            ],
        ),
        ("/es/kinds/reporting", &["Inicio</a>", " entradas.</p>"]),
        ("/es/topics", &["<h1>Temas</h1>", "De qué tratan"]),
        (
            "/es/topics/labor-trafficking",
            &["Inicio</a>", " entradas.</p>"],
        ),
        (
            "/es/states",
            &[
                "<h1>Estados y territorios</h1>",
                "<h2 id=\"states-heading\">Mapa</h2>",
            ],
        ),
        (
            "/es/states/TX",
            &[
                "<h2 id=\"local\">Contactos locales</h2>",
                "<h2 id=\"help-now\">Ayuda ahora</h2>",
                "<h2 id=\"report\">Denunciar</h2>",
                "<h2 id=\"professionals\">Para profesionales</h2>",
                "Imprima una tarjeta de bolsillo",
                "Llame para denunciar al <span class=\"number\">(972) 559-5000</span>",
            ],
        ),
        (
            "/es/organizations",
            &["<h1>Agencias y organizaciones</h1>", " entradas</p>"],
        ),
        (
            "/es/organizations/ojjdp",
            &[
                "<h2>Entradas</h2>",
                "Forma parte de <a href=\"/es/organizations/doj\"",
            ],
        ),
        (
            "/es/resources/crime-victims-fund",
            &[
                "<h2>Descripción</h2>",
                "<h2>Detalles</h2>",
                "Última verificación: ",
            ],
        ),
    ];
    let uris: Vec<&str> = pages.iter().map(|(uri, _)| *uri).collect();
    for ((uri, words), page) in pages.iter().zip(get_all(&uris).await) {
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(page.body.contains("<html lang=\"es\">"), "{uri}");
        for word in *words {
            assert!(page.body.contains(word), "{uri} lacks {word:?}");
        }
        let links = internal_links(&page.body);
        assert!(links.len() > 10, "{uri}: {links:?}");
        for href in links {
            assert!(
                href == "/es" || href.starts_with("/es/") || href.starts_with("/es#"),
                "{uri} links to {href}"
            );
        }
    }
}

#[tokio::test]
async fn the_english_pages_keep_their_english_words_and_links() {
    let page = get("/states/TX").await;
    assert!(page.body.contains("<h2 id=\"local\">Local contacts</h2>"));
    assert!(
        page.body
            .contains("href=\"/resources/fbi-dallas-field-office\"")
    );
    // English text on an English page needs no mark beyond the page's own.
    assert!(page.body.contains("<html lang=\"en\">"));
    assert_eq!(page.body.matches(" lang=\"en\"").count(), 1);
    assert!(!page.body.contains("inglés"));
}

#[tokio::test]
async fn a_lower_case_state_code_redirects_within_spanish() {
    let page = get("/es/states/tx").await;
    assert_eq!(page.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(page.headers[header::LOCATION], "/es/states/TX");
}

#[tokio::test]
async fn an_untranslated_record_shows_its_english_text_marked_with_a_notice() {
    // The Crime Victims Fund has no Spanish text: its words stay English, marked so that a
    // screen reader reads them as English, and the page says so in Spanish.
    let page = get("/es/resources/crime-victims-fund").await;
    let body = &page.body;
    assert!(
        body.contains("<h1 lang=\"en\">Crime Victims Fund</h1>"),
        "{body}"
    );
    assert!(body.contains("Esta entrada solo está disponible en inglés."));
    let about = &body[body.find("<h2>Descripción</h2>").unwrap()..];
    assert!(
        about.starts_with("<h2>Descripción</h2>\n<div lang=\"en\">"),
        "{about}"
    );
    // The interface around it is Spanish, dates included.
    assert!(body.contains("<dt>Tipo</dt>"));
    assert!(body.contains(" de 20"), "a Spanish date");

    let english = get("/resources/crime-victims-fund").await;
    assert!(english.body.contains("<h1>Crime Victims Fund</h1>"));
    assert!(!english.body.contains("inglés"));
}

#[tokio::test]
async fn spanish_lists_mark_english_names_and_count_in_spanish() {
    let page = get("/es/kinds/funding").await;
    let body = &page.body;
    assert!(
        body.contains("<h2 class=\"h3\" lang=\"en\"><a href=\"/es/resources/crime-victims-fund\">"),
        "{body}"
    );
    assert!(body.contains("<span class=\"badge\">En todo el país</span>"));
}

#[tokio::test]
async fn the_hotline_reads_in_spanish_and_says_whose_translation_it_is() {
    let page = get("/es/resources/national-human-trafficking-hotline").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(
        body.contains("<h1>Línea Nacional Contra la Trata de Personas</h1>"),
        "{body}"
    );
    // The translation note, naming the official source of the Spanish name, and the way to
    // the English page.
    assert!(body.contains("es una traducción del directorio"));
    assert!(body.contains("El nombre en español viene de esta fuente oficial:"));
    assert!(body.contains(
        "<a href=\"/resources/national-human-trafficking-hotline\" hreflang=\"en\">Ver esta entrada en inglés</a>"
    ));
    assert!(!body.contains("solo está disponible en inglés"));
    // Its lines, their hours and languages, and what happens when you call, in Spanish, with
    // the numbers exactly as the record writes them.
    assert!(body.contains(
        "<a class=\"action\" href=\"tel:+18883737888\">Llame al <span class=\"number\">888-373-7888</span><span class=\"visually-hidden\"> para comunicarse con Línea Nacional Contra la Trata de Personas</span></a>"
    ));
    assert!(body.contains("<a class=\"action\" href=\"sms:233733\">Envíe un texto al <span class=\"number\">233733</span>"));
    assert!(body.contains("<dt>Quién contesta</dt><dd>No son agentes del orden</dd>"));
    assert!(body.contains("<dt>Idiomas</dt><dd>Más de 200 idiomas</dd>"));
    assert!(body.contains("<h2 id=\"facts-heading\">Qué pasa cuando se comunica con ellos</h2>"));
    assert!(body.contains("Última verificación: 28 de noviembre de 2026."));
    // Nothing of the record is left marked as English but its sources' own words.
    let record =
        &body[body.find("<main").unwrap()..body.find("<section class=\"provenance\"").unwrap()];
    assert!(!record.contains(" lang=\"en\""), "{record}");
}

#[tokio::test]
async fn a_state_page_names_its_fbi_offices_in_spanish_and_marks_english_entries() {
    let page = get("/es/states/TX").await;
    let body = &page.body;
    assert!(body.contains(
        "<h3 class=\"h3\"><a href=\"/es/resources/fbi-dallas-field-office\">Oficina del FBI en Dallas, Texas</a></h3>"
    ), "{body}");
    assert!(
        body.contains(
            "<span class=\"visually-hidden\"> ante Oficina del FBI en Dallas, Texas</span>"
        )
    );
    // An entry not yet translated, folded among the professionals' groups, says so.
    let english = body
        .find("<h4 class=\"h3\" lang=\"en\">")
        .expect("an English entry");
    assert!(body[english..].contains(" · Solo en inglés</p>"));
}
