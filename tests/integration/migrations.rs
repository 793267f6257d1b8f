//! The schema applies to an empty database, and again without harm.

use crate::common::Scratch;

#[tokio::test]
async fn migrations_apply_to_an_empty_database_and_create_its_folder() {
    let scratch = Scratch::new();
    let path = scratch.database();
    assert!(!path.parent().unwrap().exists());
    let pool = lantern::db::open_for_writing(&path).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "select name from sqlite_schema where type in ('table', 'view') and name not like 'sqlite_%'
         and name not like '_sqlx%'
         order by name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        tables,
        [
            "audiences",
            "kinds",
            "links",
            "metadata",
            "organizations",
            "phones",
            "resource_audiences",
            "resource_citations",
            "resource_search_rows",
            "resource_topics",
            "resources",
            "search_intents",
            "service_areas",
            "sources",
            "states",
            "synonyms",
            "topics",
            "zip_prefixes",
        ]
    );
    let imported = lantern::db::imported_seeds_hash(&pool).await.unwrap();
    assert_eq!(imported, None, "an empty database has imported nothing");
    pool.close().await;

    // Opening again applies nothing new and keeps working.
    let pool = lantern::db::open_for_writing(&path).await.unwrap();
    let applied: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        applied,
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .unwrap()
            .count() as i64
    );
}

/// Search builds its index from the `resource_search_rows` view: whatever the tables hold
/// when a catalog is loaded is what search finds, names of topics included.
#[tokio::test]
async fn the_search_index_reads_every_table_it_draws_on() {
    let scratch = Scratch::new();
    lantern::cli::import(
        &crate::common::seeds_dir(),
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap();
    let pool = lantern::db::open_for_writing(&scratch.database())
        .await
        .unwrap();
    let find = |q: &'static str| {
        let pool = pool.clone();
        async move {
            lantern::search::Searcher::new(pool)
                .matching_slugs(q)
                .await
                .unwrap()
        }
    };
    assert!(find("zyxwvut").await.is_empty());
    sqlx::query("update resources set summary = summary || ' zyxwvut' where slug = 'call-911'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(find("zyxwvut").await, ["call-911"]);
    sqlx::query("update topics set label = 'Qwertyuiop' where slug = 'emergencies'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(find("qwertyuiop").await.contains(&"call-911".to_owned()));
    sqlx::query("delete from resources where slug = 'call-911'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(find("zyxwvut").await.is_empty());
}
