//! `/safety`, "Staying safe online": what the quick exit, private windows and texting can and
//! cannot hide, for someone whose phone or computer may be watched. Every point is a
//! paraphrase of a public source, and the page lists those sources with the date they were
//! read, so a reader (or an editor) can check each sentence.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::response::Html;

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::render;

pub fn router() -> Routes {
    Routes::new().catalog_page(CatalogPage::at("/safety"), safety)
}

/// A public page the advice comes from. Kept here rather than in seeds/sources.toml: those are
/// the sources of catalog entries, and the about page lists them as such.
pub struct Source {
    /// The page's anchor (`#source-{id}`), for the citations beside each point.
    pub id: &'static str,
    pub title: &'static str,
    pub publisher: &'static str,
    pub url: &'static str,
    /// When the page says it was published, if it does.
    pub published: Option<&'static str>,
    pub read: &'static str,
    /// What a reader should know about the copy that was read.
    pub note: Option<Note>,
}

/// A note on a source, said in the page's language (`safety-note-*` messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The copy read shows no page title; the one listed describes the page.
    Untitled,
    /// Undated; the Hotline's channels, hours and languages are also in the reference data.
    HotlineReferenceData,
}

/// The sources, in the order the page first cites them. The Hotline's two pages are the ones
/// ../shared/data/README.md records (nhth-channels.csv, nhth-facts.csv); the other three were
/// read from stored copies of the organizations' own pages.
pub const SOURCES: [Source; 5] = [
    Source {
        id: "okdhs",
        title: "Safety resources - protect yourself",
        publisher: "Oklahoma Human Services",
        url: "https://oklahoma.gov/okdhs/services/purpleribbon/clear.html",
        published: None,
        read: "2026-11-28",
        note: None,
    },
    Source {
        id: "nnedv-spyware",
        title: "Spyware and stalkerware",
        publisher: "Safety Net Project, National Network to End Domestic Violence (TechSafety.org)",
        url: "http://techsafety.org/spyware",
        published: None,
        read: "2026-11-28",
        note: Some(Note::Untitled),
    },
    Source {
        id: "otip-2018",
        title: "Announcing 24/7 Chat & Text for the National Human Trafficking Hotline",
        publisher: "Office on Trafficking in Persons, U.S. Department of Health and Human Services",
        url: "https://www.acf.hhs.gov/otip/success-story/announcing-24-7-chat-text-national-human-trafficking-hotline",
        published: Some("2018-02-07"),
        read: "2026-11-28",
        note: None,
    },
    Source {
        id: "strongheart-privacy",
        title: "Privacy tips",
        publisher: "StrongHearts Native Helpline",
        url: "https://strongheartshelpline.org/get-help/privacy-tips",
        published: None,
        read: "2026-11-28",
        note: Some(Note::Untitled),
    },
    Source {
        id: "nhth-what-we-do",
        title: "What We Do",
        publisher: "National Human Trafficking Hotline",
        url: "https://humantraffickinghotline.org/about-us/what-we-do",
        published: None,
        read: "2026-11-28",
        note: Some(Note::HotlineReferenceData),
    },
];

#[derive(Template)]
#[template(path = "safety.html")]
struct SafetyPage {
    layout: Layout,
    sources: &'static [Source],
}

async fn safety(layout: Layout) -> Result<Html<String>, AppError> {
    render(SafetyPage {
        layout: layout.at(Nav::Safety),
        sources: &SOURCES,
    })
}
