//! The HTTP side: one module per area of the site, each with its own `router()`.

pub mod assets;
mod browse;
pub mod budget;
mod cache;
mod card;
pub mod checked_links;
pub mod clock;
mod error;
mod feeds;
pub mod forms;
mod front;
mod guard;
pub mod health;
mod help;
mod hsds;
mod layout;
mod matrix;
mod organizations;
mod page;
mod pages;
pub mod ready;
mod resources;
mod routes;
mod safety;
mod search;
mod state;
mod states;
pub mod view;

use axum::Router;

pub use error::AppError;
pub use page::Segment;
pub use state::{AppState, Shared};

use self::cache::catalog::CatalogPage;
use self::routes::Routes;

/// Every page that depends only on the catalog, as registered.
fn catalog_routes() -> Routes {
    pages::router()
        .merge(help::router())
        .merge(browse::router())
        .merge(matrix::router())
        .merge(safety::router())
        .merge(states::router())
        .merge(card::router())
        .merge(organizations::router())
        .merge(resources::router())
}

/// The route patterns of the registered catalog pages: each is kept in memory and listed in
/// the sitemap.
pub fn catalog_page_routes() -> Vec<&'static str> {
    let (_, catalog) = catalog_routes().into_parts();
    catalog
        .iter()
        .map(|page: &CatalogPage| page.route)
        .collect()
}

pub fn app(state: AppState) -> Router {
    let (catalog_router, catalog) = catalog_routes().into_parts();
    let routes = catalog_router
        .merge(search::router())
        .merge(forms::router())
        .merge(assets::router())
        .merge(feeds::router(catalog.clone()))
        .merge(health::router())
        .merge(ready::router())
        .merge(hsds::router())
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed });
    layered(routes, state, catalog)
}

/// `routes` behind everything the site puts around its handlers (request ids, limits, the
/// security headers, the answer to a panic, the request log), with no catalog pages: for
/// tests that need a route the site does not have, such as one that panics.
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    layered(routes, state, Default::default())
}

fn layered(
    routes: Router<AppState>,
    state: AppState,
    catalog: cache::catalog::CatalogPages,
) -> Router {
    routes
        // One layer for everything around the handlers (see `front`): each `layer` call
        // costs every request a boxed service clone.
        .layer(front::FrontLayer::new(state.clone(), catalog))
        .with_state(state)
}
