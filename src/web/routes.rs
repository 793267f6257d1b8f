//! The site's routes as the page modules register them. A catalog page is one line,
//! `.catalog_page(CatalogPage::at("/help"), help)`, which also makes it kept, listed in the
//! sitemap and sent with the catalog pages' `Cache-Control` (see `cache::catalog`).

use axum::Router;
use axum::handler::Handler;
use axum::routing::get;

use super::cache::catalog::{CatalogPage, CatalogPages};
use super::state::AppState;

/// A router and the catalog pages registered on it.
pub struct Routes {
    router: Router<AppState>,
    catalog: Vec<CatalogPage>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes {
            router: Router::new(),
            catalog: Vec::new(),
        }
    }

    /// Serves `handler` (GET and HEAD) as a catalog page.
    pub fn catalog_page<H, T>(mut self, page: CatalogPage, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(page.route, get(handler));
        self.catalog.push(page);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.catalog.extend(other.catalog);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, CatalogPages) {
        (self.router, CatalogPages::new(self.catalog))
    }
}
