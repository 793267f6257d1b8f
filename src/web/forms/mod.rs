//! The public forms: reporting a problem with an entry (`/resources/{slug}/report`) and
//! suggesting a resource (`/suggest`), in every language, each with its thank-you page.
//!
//! They work without JavaScript and without a cookie: a form is rendered with a signed
//! timestamp (`token`), posted back, checked (`gate`, `fields`, `limits`), stored in the
//! feedback store, and answered with a 303 to its thank-you page, so a reload does not send it
//! again. None of these pages is kept or cached anywhere (`Cache-Control: no-store`), and
//! nothing about who sent a form is stored or logged: the store keeps what the interface's
//! `Submission` holds, and the hourly limits a keyed hash of the address, in memory only.

mod fields;
mod gate;
pub mod limits;
mod report;
mod suggest;
mod thanks;
mod token;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

use super::state::AppState;
use crate::lang::Lang;

pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        router = router
            .route(
                &lang.href("/resources/{slug}/report"),
                get(report::form).post(report::send),
            )
            .route(
                &lang.href("/resources/{slug}/report/thanks"),
                get(report::thanks),
            )
            .route(
                &lang.href("/suggest"),
                get(suggest::form).post(suggest::send),
            )
            .route(&lang.href("/suggest/thanks"), get(suggest::thanks));
    }
    // A form holds a token for one visitor, and what a visitor sent comes back in it: no
    // browser or proxy may keep any of these pages, refusals included.
    router.layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
}
