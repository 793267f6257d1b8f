//! `/kinds/training/matrix`: every training record a row, every audience a column, and each
//! mark the database's own answer.

use axum::http::StatusCode;

use crate::common::{escaped, get, imported};

/// The cell the page shows for "serves" or "does not serve".
fn cell(serves: bool) -> &'static str {
    if serves {
        "<td class=\"yes\"><span aria-hidden=\"true\">✓</span><span class=\"visually-hidden\">Yes</span></td>"
    } else {
        "<td class=\"no\"><span aria-hidden=\"true\">–</span><span class=\"visually-hidden\">No</span></td>"
    }
}

#[tokio::test]
async fn every_training_record_is_a_row_marked_with_the_audiences_the_database_gives_it() {
    let (_scratch, state) = imported().await;
    let db = state.db.clone();
    let page = get(&lantern::app(state), "/kinds/training/matrix").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;

    let audiences: Vec<(String, String)> =
        sqlx::query_as("select slug, label from audiences order by position")
            .fetch_all(&db)
            .await
            .unwrap();
    let header: String = audiences
        .iter()
        .map(|(_, label)| format!("<th scope=\"col\">{}</th>", escaped(label)))
        .collect();
    assert!(
        body.contains(&format!("<th scope=\"col\">Entry</th>{header}</tr>")),
        "one column per audience, in order"
    );

    let records: Vec<(i64, String, String)> =
        sqlx::query_as("select id, slug, name from resources where kind = 'training'")
            .fetch_all(&db)
            .await
            .unwrap();
    assert!(records.len() >= 10, "the seeds hold the training records");
    assert_eq!(body.matches("<th scope=\"row\">").count(), records.len());
    for (id, slug, name) in &records {
        let theirs: Vec<String> =
            sqlx::query_scalar("select audience from resource_audiences where resource_id = ?1")
                .bind(id)
                .fetch_all(&db)
                .await
                .unwrap();
        let cells: String = audiences
            .iter()
            .map(|(audience, _)| cell(theirs.contains(audience)))
            .collect();
        let row = format!(
            "<tr><th scope=\"row\"><a href=\"/resources/{slug}\">{}</a></th>{cells}</tr>",
            escaped(name)
        );
        assert!(body.contains(&row), "{slug}: {row}");
    }
}

#[tokio::test]
async fn a_record_with_known_audiences_is_marked_exactly() {
    let (_scratch, state) = imported().await;
    let body = get(&lantern::app(state), "/kinds/training/matrix")
        .await
        .body;
    // seeds/training.toml: CRI-TAC serves law enforcement and tribes. The columns follow
    // seeds/audiences.toml: victims and survivors, anyone, children and youth, families, law
    // enforcement, prosecutors, victim service providers, allied professionals, tribes, grant
    // seekers, researchers and policymakers.
    let expected = [
        false, false, false, false, true, false, false, false, true, false, false,
    ];
    let cells: String = expected.iter().map(|&serves| cell(serves)).collect();
    assert!(body.contains(&format!(
        "<a href=\"/resources/cri-tac\">Collaborative Reform Initiative Technical Assistance Center</a></th>{cells}</tr>"
    )));
    // The table says what it is and where the idea comes from.
    assert!(body.contains("<caption>"));
    assert!(body.contains(&escaped("built from the directory's own records")));
    assert!(body.contains("interactive matrix of specialized training and technical assistance providers and their target audiences"));
    assert!(body.contains("U.S. Department of Justice, updated August 23, 2023"));
    // Its box scrolls on a narrow screen, and keyboard users can scroll it.
    assert!(body.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table of entries and audiences, scrolls sideways\" tabindex=\"0\">"));
}

#[tokio::test]
async fn the_training_list_links_to_its_matrix_and_other_kinds_have_none() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state);
    let training = get(&app, "/kinds/training").await;
    assert!(
        training
            .body
            .contains("<a href=\"/kinds/training/matrix\">")
    );
    let hotlines = get(&app, "/kinds/hotline").await;
    assert!(!hotlines.body.contains("/matrix\""));
    for uri in [
        "/kinds/hotline/matrix",
        "/kinds/other/matrix",
        "/kinds/training/matrix/x",
    ] {
        assert_eq!(get(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // The kind's own page is still its list.
    assert!(
        training
            .body
            .contains("<h1>Training and technical assistance</h1>")
    );
}
