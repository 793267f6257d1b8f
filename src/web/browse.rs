//! Lists by kind and by topic.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use sqlx::SqlitePool;

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::{Segment, render};
use crate::catalog::Kind;
use crate::db::directory::{self, TermCount};
use crate::db::resources::{self, ResourceCard};
use crate::lang::Lang;

pub fn router() -> Routes {
    Routes::new()
        .catalog_page(
            CatalogPage::each("/kinds/{kind}", "select '/kinds/' || slug, null from kinds"),
            kind,
        )
        .catalog_page(CatalogPage::at("/topics"), topics)
        .catalog_page(
            CatalogPage::each(
                "/topics/{slug}",
                "select '/topics/' || slug, null from topics",
            ),
            topic,
        )
}

/// A titled list of resource cards: a kind's or a topic's page.
#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub heading: String,
    pub intro: String,
    /// The language of `heading` and `intro`.
    pub text_lang: Lang,
    /// The page above this one, as its English address and its name in the page's language.
    pub parent_href: &'static str,
    pub parent_label: &'static str,
    /// Another view of the same entries (the training matrix), as (English address, link text).
    pub other_view: Option<(&'static str, &'static str)>,
    pub cards: Vec<ResourceCard>,
}

async fn kind(
    layout: Layout,
    State(db): State<SqlitePool>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let kind: Kind = slug.parse().map_err(|_| AppError::NotFound)?;
    let term = directory::kind(&db, kind, lang)
        .await?
        .ok_or(AppError::NotFound)?;
    render(ListPage {
        cards: resources::by_kind(&db, kind, lang).await?,
        // Only training has a matrix (see `matrix`).
        other_view: (kind == Kind::Training)
            .then_some(("/kinds/training/matrix", layout.t("list-training-matrix"))),
        text_lang: term.text_lang,
        heading: term.label,
        intro: term.description,
        parent_href: "/kinds",
        parent_label: layout.t("kinds-heading"),
        layout: layout.at(Nav::Browse),
    })
}

#[derive(Template)]
#[template(path = "topics.html")]
struct TopicsPage {
    layout: Layout,
    topics: Vec<TermCount>,
}

async fn topics(layout: Layout, State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    render(TopicsPage {
        layout: layout.at(Nav::Browse),
        topics: directory::topics(&db, lang).await?,
    })
}

async fn topic(
    layout: Layout,
    State(db): State<SqlitePool>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let topic = directory::topic(&db, &slug, lang)
        .await?
        .ok_or(AppError::NotFound)?;
    render(ListPage {
        cards: resources::by_topic(&db, &topic.slug, lang).await?,
        other_view: None,
        text_lang: topic.text_lang,
        heading: topic.label,
        intro: topic.description,
        parent_href: "/topics",
        parent_label: layout.t("topics-heading"),
        layout: layout.at(Nav::Browse),
    })
}
