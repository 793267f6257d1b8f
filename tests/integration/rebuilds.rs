//! What is kept per catalog version (the search data, the HSDS API's records) is built once
//! per version, however many requests ask for it at the same moment.

use crate::common::{get, imported, seeds_dir};

#[tokio::test]
async fn concurrent_requests_after_an_import_build_once() {
    let (scratch, state) = imported().await;
    // Another import: the state has built nothing yet, and now serves a newer catalog.
    lantern::cli::import(
        &seeds_dir(),
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap();
    let app = lantern::app(state.clone());

    // All three requests are under way before any build ends: each waits on the database
    // first, so `join` starts the next while the first is still building. The Spanish one
    // finds what the English ones built: both languages are built at once.
    let (a, b, c) = tokio::join!(
        get(&app, "/search?q=training+for+police"),
        get(&app, "/search?q=hotline"),
        get(&app, "/es/search?q=ayuda")
    );
    let statuses = [a, b, c].map(|page| page.status.as_u16());
    assert_eq!(statuses, [200, 200, 200]);
    assert_eq!(
        state.search.builds(),
        1,
        "the search data was built once, in both languages"
    );

    let (a, b) = tokio::join!(
        get(&app, "/hsds/services"),
        get(&app, "/hsds/organizations")
    );
    assert_eq!((a.status.as_u16(), b.status.as_u16()), (200, 200));
    assert_eq!(state.hsds_builds(), 1, "the API's records were built once");
}

#[tokio::test]
async fn the_search_data_and_the_api_records_are_built_before_serving() {
    let (_scratch, state) = imported().await;
    state.build_per_catalog().await.unwrap();
    let app = lantern::app(state.clone());
    assert_eq!(get(&app, "/search?q=hotline").await.status.as_u16(), 200);
    assert_eq!(get(&app, "/hsds/services").await.status.as_u16(), 200);
    assert_eq!(
        (state.search.builds(), state.hsds_builds()),
        (1, 1),
        "requests used what was built before them"
    );
}

#[tokio::test]
async fn a_corrupt_zip_prefix_row_is_an_error_not_skipped() {
    let (scratch, state) = imported().await;
    let writer = lantern::db::open_for_writing(&scratch.database())
        .await
        .unwrap();
    // Valid JSON (the table checks that much), but not a list of state codes.
    sqlx::query("update zip_prefixes set states = '{\"TX\": 1}' where prefix = '770'")
        .execute(&writer)
        .await
        .unwrap();
    writer.close().await;
    let error = (state.search.data().await.err()).expect("a corrupt row is an error");
    assert!(error.to_string().contains("770"), "{error}");
}
