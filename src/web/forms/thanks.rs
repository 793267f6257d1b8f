//! The page a sent form lands on (by a 303, so a reload does not send it again).

use askama::Template;

use crate::db::resources::EntryName;
use crate::web::layout::Layout;

#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage {
    pub layout: Layout,
    /// The entry a report was about; none for a suggestion.
    pub entry: Option<EntryName>,
    /// The entry's page, in this page's language.
    pub entry_href: String,
}
