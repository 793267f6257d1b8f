//! `/resources/{slug}`: one entry, contact first, with its source and schema.org data.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use serde_json::{Value, json};
use sqlx::SqlitePool;

use super::checked_links::{CheckedLinks, Found};
use super::clock::Clock;
use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::{Segment, render};
use super::view::{Translation, is_stale};
use crate::db::resources::{self, ResourceDetail, TranslatedBy};

pub fn router() -> Routes {
    Routes::new().catalog_page(
        CatalogPage::each(
            "/resources/{slug}",
            "select '/resources/' || slug, assured_date from resources",
        ),
        resource,
    )
}

#[derive(Template)]
#[template(path = "resource.html")]
struct ResourcePage {
    layout: Layout,
    r: ResourceDetail,
    /// What the page says about the language of the record's words.
    translation: Translation,
    /// The states it serves, for "Serves Texas, Oklahoma".
    state_names: String,
    stale: bool,
    description_paragraphs: Vec<String>,
    json_ld: Value,
    /// What the link checker last found, shown beside each link.
    link_checks: std::sync::Arc<Found>,
}

async fn resource(
    layout: Layout,
    State(db): State<SqlitePool>,
    State(clock): State<Clock>,
    State(checked_links): State<CheckedLinks>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let r = resources::detail(&db, &slug, lang)
        .await?
        .ok_or(AppError::NotFound)?;
    render(ResourcePage {
        translation: Translation::of(
            layout.lang,
            r.resource.text_lang,
            match &r.translated_by {
                Some(TranslatedBy::Source(source)) => Some(source.clone()),
                Some(TranslatedBy::Directory) | None => None,
            },
        ),
        state_names: r
            .states
            .iter()
            .map(|s| s.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        json_ld: json_ld(&r, &layout),
        layout: layout.at(Nav::Browse),
        stale: is_stale(&r.resource.assured_date, clock.today()),
        description_paragraphs: r
            .resource
            .description
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
        link_checks: checked_links.current(),
        r,
    })
}

/// schema.org data for search engines and assistants: the same facts the page shows, in the
/// page's language.
fn json_ld(r: &ResourceDetail, layout: &Layout) -> Value {
    let area: Value = if r.resource.is_national {
        json!({ "@type": "Country", "name": "United States" })
    } else {
        r.states
            .iter()
            .map(|s| json!({ "@type": "AdministrativeArea", "name": s.label }))
            .collect()
    };
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Service",
        "name": r.resource.name,
        "description": r.resource.summary,
        "serviceType": r.resource.kind_label,
        "areaServed": area,
    });
    if !r.alternate_names.is_empty() {
        data["alternateName"] = json!(r.alternate_names);
    }
    if let Some(org) = &r.resource.organization_name {
        data["provider"] = json!({ "@type": "Organization", "name": org });
    }
    if let Some(address) = &r.resource.address {
        data["address"] = json!(address);
    }
    let contacts: Vec<Value> =
        r.phones
            .iter()
            .map(|p| {
                let mut contact = json!({
                    "@type": "ContactPoint",
                    "telephone": p.href().split_once(':').map_or("", |(_, n)| n),
                    "contactType": p.description.as_deref().unwrap_or(super::view::reach_verb(layout, &p.phone_type)),
                });
                if let Some(hours) = &p.hours {
                    contact["hoursAvailable"] = json!(hours);
                }
                if let Some(languages) = &p.languages {
                    contact["availableLanguage"] = json!(languages);
                }
                json!({ "@type": "ServiceChannel", "servicePhone": contact })
            })
            .chain(r.links.iter().map(
                |l| json!({ "@type": "ServiceChannel", "serviceUrl": l.url, "name": l.label }),
            ))
            .collect();
    if !contacts.is_empty() {
        data["availableChannel"] = json!(contacts);
    }
    data
}
