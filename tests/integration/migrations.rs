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
            "fact_translations",
            "kinds",
            "languages",
            "link_translations",
            "links",
            "metadata",
            "organizations",
            "phone_translations",
            "phones",
            "resource_audiences",
            "resource_cards",
            "resource_citations",
            "resource_fact_sources",
            "resource_facts",
            "resource_search_rows",
            "resource_topics",
            "resource_translations",
            "resources",
            "search_intents",
            "service_areas",
            "sources",
            "state_translations",
            "states",
            "synonyms",
            "topics",
            "vocabulary_translations",
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

/// A database made before phones could leave `law_enforcement` out keeps its phones through the
/// rebuild of that table, with their keys and index, and then takes a phone that makes no
/// claim, a value's source and contact facts.
#[tokio::test]
async fn phones_survive_the_rebuild_and_take_what_the_new_schema_allows() {
    let scratch = Scratch::new();
    let path = scratch.database();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let migrator = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations"
    )))
    .await
    .unwrap();
    // The schema as it stood before this change.
    migrator.run_to(20261123000000, &pool).await.unwrap();
    for statement in [
        "insert into sources (id, title, publisher, file) values ('s', 'S', 'P', 'f')",
        "insert into kinds (slug, label, description, position) values ('hotline', 'H', 'D', 0)",
        "insert into resources (id, slug, name, kind, summary, description, is_national, source_id, assured_date)
         values (1, 'r', 'R', 'hotline', 'S', 'D', 1, 's', '2026-11-28')",
        "insert into phones (resource_id, position, number, digits, type, law_enforcement)
         values (1, 0, '911', '911', 'voice', 1)",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let pool = lantern::db::open_for_writing(&path).await.unwrap();
    let kept: (String, Option<bool>) =
        sqlx::query_as("select number, law_enforcement from phones where resource_id = 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(kept, ("911".to_owned(), Some(true)));
    let index: i64 = sqlx::query_scalar(
        "select count(*) from sqlite_schema where type = 'index' and name = 'phones_resource'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(index, 1, "the phones index is rebuilt");
    sqlx::query(
        "insert into phones (resource_id, position, number, digits, type, from_source_id, note)
         values (1, 1, '711', '711', 'tty', 's', 'a note')",
    )
    .execute(&pool)
    .await
    .expect("a phone may make no claim about who answers");
    let fact: i64 = sqlx::query_scalar(
        "insert into resource_facts (resource_id, position, text) values (1, 0, 'A fact.') returning id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into resource_fact_sources (fact_id, position, source_id) values (?1, 0, 's')",
    )
    .bind(fact)
    .execute(&pool)
    .await
    .unwrap();
    // Keys still hold: a phone of no resource, or a value from no source, is refused.
    for bad in [
        "insert into phones (resource_id, position, number, digits, type) values (99, 0, '911', '911', 'voice')",
        "insert into phones (resource_id, position, number, digits, type, from_source_id) values (1, 2, '911', '911', 'voice', 'nope')",
        "insert into links (resource_id, position, url, label, from_source_id) values (1, 0, 'https://x.org/', 'X', 'nope')",
    ] {
        assert!(sqlx::query(bad).execute(&pool).await.is_err(), "{bad}");
    }
    // Deleting the resource takes its phones and facts with it.
    sqlx::query("delete from resources where id = 1")
        .execute(&pool)
        .await
        .unwrap();
    for table in ["phones", "resource_facts", "resource_fact_sources"] {
        let left: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(left, 0, "{table}");
    }
}
