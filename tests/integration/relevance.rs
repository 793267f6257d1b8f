//! Relevance: realistic queries, written from the source documents as a survivor, a neighbour,
//! an officer, a grant writer or a researcher would type them (typos included), each with the
//! entries that must be in the top three. The suite passes at 95 % or better.

use lantern::catalog::Intent;
use lantern::lang::Lang;
use lantern::search::Filters;

use crate::common::imported;

const CASES: &[(&str, &[&str])] = &[
    // Someone in danger, or worried about someone
    ("hotline", &["national-human-trafficking-hotline"]),
    (
        "human trafficking hotline",
        &["national-human-trafficking-hotline"],
    ),
    ("888-373-7888", &["national-human-trafficking-hotline"]),
    ("(888) 373 7888", &["national-human-trafficking-hotline"]),
    ("helpline", &["national-human-trafficking-hotline"]),
    ("emergency", &["call-911"]),
    ("immediate danger", &["call-911"]),
    ("report trafficking", &["fbi-tips"]),
    ("report trafficking houston", &["fbi-houston-field-office"]),
    ("help in houston", &["fbi-houston-field-office"]),
    ("Crime Victims Fund", &["crime-victims-fund"]),
    ("fbi albany", &["fbi-albany-field-office"]),
    ("fbi vermont", &["fbi-albany-field-office"]),
    ("fbi office 05401", &["fbi-albany-field-office"]),
    ("FBI TX dallas", &["fbi-dallas-field-office"]),
    ("ice tip line", &["ice-hsi-tip-line"]),
    ("homeland security investigations", &["ice-hsi-tip-line"]),
    ("866 347 2423", &["ice-hsi-tip-line"]),
    ("missing child", &["ncmec-clearinghouse"]),
    ("NCMEC", &["ncmec-clearinghouse"]),
    (
        "children's advocacy center",
        &["childrens-advocacy-centers"],
    ),
    (
        "witness support materials for kids",
        &["child-victims-and-witnesses-support-materials"],
    ),
    // Officers and prosecutors
    ("task force", &["human-trafficking-task-forces"]),
    ("ICAC", &["icac-task-force-program"]),
    (
        "internet crimes against children",
        &["icac-task-force-program"],
    ),
    ("innocence lost", &["innocence-lost-task-forces"]),
    (
        "police training human trafficking",
        &["cops-office-human-trafficking-resources"],
    ),
    ("CRI-TAC", &["cri-tac"]),
    (
        "ECM task force",
        &["enhanced-collaborative-model-task-forces"],
    ),
    (
        "human trafficking prosecution unit",
        &["htpu-training-and-technical-assistance"],
    ),
    (
        "task force roadmap",
        &["task-force-development-and-operations-roadmap"],
    ),
    (
        "amber alert",
        &["amber-alert-training-and-technical-assistance"],
    ),
    // Grant writers
    ("grants for tribes", &["ovw-tribal-governments-program"]),
    ("tribal coalitions", &["ovw-tribal-coalitions-program"]),
    ("VOCA", &["crime-victims-fund"]),
    ("victim compensation", &["crime-victims-fund"]),
    ("OVC funding", &["ovc-human-trafficking-funding"]),
    ("BJA funding", &["bja-funding"]),
    (
        "legal assistance for victims",
        &["ovw-legal-assistance-for-victims-program"],
    ),
    (
        "regional children's advocacy center",
        &["regional-childrens-advocacy-center-program"],
    ),
    (
        "engage men and boys as allies",
        &["ovw-consolidated-youth-grant-program"],
    ),
    (
        "native american grants",
        &["ovw-tribal-governments-program"],
    ),
    ("lgbtq youth", &["ovw-consolidated-youth-grant-program"]),
    // Researchers and trainers
    (
        "national action plan",
        &["national-action-plan-to-combat-human-trafficking"],
    ),
    ("TIP report", &["trafficking-in-persons-report"]),
    (
        "annual report to congress",
        &["attorney-general-annual-report-trafficking-in-persons"],
    ),
    (
        "national strategy",
        &["national-strategy-to-combat-human-trafficking"],
    ),
    (
        "action research toolkit",
        &["human-trafficking-action-research-toolkit"],
    ),
    (
        "attorney general guidelines",
        &["attorney-general-guidelines-victim-witness-assistance"],
    ),
    ("VAT online", &["victim-assistance-training-online"]),
    (
        "understanding human trafficking course",
        &["understanding-human-trafficking-training"],
    ),
    (
        "capacity building center",
        &["human-trafficking-capacity-building-center"],
    ),
    (
        "calendar of events",
        &["national-calendar-of-crime-victim-assistance-events"],
    ),
    (
        "prevention month january",
        &["national-slavery-and-human-trafficking-prevention-month"],
    ),
    (
        "survivor art gallery",
        &["represent-resilience-virtual-gallery"],
    ),
    // Typos
    ("hotlne", &["national-human-trafficking-hotline"]),
    ("trafficing hotlin", &["national-human-trafficking-hotline"]),
    ("innocense lost", &["innocence-lost-task-forces"]),
    (
        "amber allert",
        &["amber-alert-training-and-technical-assistance"],
    ),
    ("vicitm compensation", &["crime-victims-fund"]),
    (
        "capacity bilding",
        &["human-trafficking-capacity-building-center"],
    ),
];

#[tokio::test]
async fn realistic_queries_find_what_they_should_in_the_top_three() {
    assert!(CASES.len() >= 40);
    let (_scratch, state) = imported().await;
    let mut failures = Vec::new();
    for (query, expected) in CASES {
        let outcome = state
            .search
            .search(Lang::En, query, Filters::default(), 1)
            .await
            .unwrap();
        let top: Vec<&str> = outcome
            .hits
            .iter()
            .take(3)
            .map(|h| h.card.slug.as_str())
            .collect();
        if !expected.iter().all(|slug| top.contains(slug)) {
            failures.push(format!("{query:?}: wanted {expected:?}, top three {top:?}"));
        }
    }
    assert_pass_rate("relevance", CASES.len(), &failures);
}

/// Prints how many of `total` queries passed and each miss, and fails below 95 %.
pub fn assert_pass_rate(suite: &str, total: usize, failures: &[String]) {
    let passed = total - failures.len();
    let rate = passed as f64 / total as f64;
    eprintln!(
        "{suite}: {passed}/{total} queries pass ({:.1} %)",
        rate * 100.0
    );
    for failure in failures {
        eprintln!("  miss: {failure}");
    }
    assert!(
        rate >= 0.95,
        "{suite}: {:.1} % < 95 %:\n{}",
        rate * 100.0,
        failures.join("\n")
    );
}

const HOTLINE: &str = "national-human-trafficking-hotline";

/// What a frightened person types, in English and Spanish, with slips: each must be answered
/// with the Hotline (call and text) and 911 above everything else.
const ASKING_FOR_HELP: &[&str] = &[
    "help",
    "i need help",
    "Help me please",
    "need help now",
    "how do i get out",
    "escape",
    "i am scared",
    "im afraid of my boss",
    "in danger",
    "trapped at work",
    "hotline",
    "human trafficking hotline number",
    "someone to talk to",
    "ayuda",
    "necesito ayuda",
    "AYUDAME",
    "auxilio",
    "tengo miedo",
    "línea de ayuda",
    "linea",
    "help in houston",
    "help 77002",
    // Slips search corrects
    "hlep",
    "hotlne",
];

/// Someone who wants to tell: the Hotline, the FBI's tip line and ICE's come first.
const ASKING_TO_REPORT: &[&str] = &[
    "report",
    "report trafficking",
    "how to report human trafficking",
    "tip line",
    "give a tip",
    "tell police",
    "i want to tell the police",
    "suspicious massage parlor",
    "denunciar",
    "quiero denunciar trata",
    "reportar",
    "report trafficking in texas",
];

async fn answer_of(query: &str) -> (Vec<Intent>, Vec<String>, Vec<String>, Vec<String>) {
    let (_scratch, state) = imported().await;
    let outcome = state
        .search
        .search(Lang::En, query, Filters::default(), 1)
        .await
        .unwrap();
    let hits = outcome.hits.iter().map(|h| h.card.slug.clone()).collect();
    match outcome.answer {
        Some(a) => (
            a.intents,
            a.lines.into_iter().map(|h| h.card.slug).collect(),
            a.local.into_iter().map(|h| h.card.slug).collect(),
            hits,
        ),
        None => (Vec::new(), Vec::new(), Vec::new(), hits),
    }
}

#[tokio::test]
async fn every_request_for_help_is_answered_with_the_hotline_and_911_first() {
    assert!(ASKING_FOR_HELP.len() >= 15);
    let mut failures = Vec::new();
    for query in ASKING_FOR_HELP {
        let (intents, lines, ..) = answer_of(query).await;
        if !intents.contains(&Intent::Help) || lines.iter().take(2).ne([HOTLINE, "call-911"]) {
            failures.push(format!("{query:?}: {intents:?} {lines:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "not answered with help:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_request_to_report_is_answered_with_the_reporting_lines() {
    let mut failures = Vec::new();
    for query in ASKING_TO_REPORT {
        let (intents, lines, ..) = answer_of(query).await;
        let wanted = [HOTLINE, "fbi-tips", "ice-hsi-tip-line"];
        if !intents.contains(&Intent::Report)
            || !wanted.iter().all(|w| lines.iter().any(|l| l == w))
        {
            failures.push(format!("{query:?}: {intents:?} {lines:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "not answered with reporting lines:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn a_place_in_the_request_adds_that_states_local_lines() {
    let (_, lines, local, hits) = answer_of("help in houston").await;
    assert_eq!(lines, [HOTLINE, "call-911"]);
    // "houston" is no state: no local lines are guessed, but the word finds the office first.
    assert!(local.is_empty(), "{local:?}");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("fbi-houston-field-office")
    );

    let (_, _, local, _) = answer_of("report trafficking in texas").await;
    assert_eq!(
        local,
        [
            "fbi-dallas-field-office",
            "fbi-el-paso-field-office",
            "fbi-houston-field-office",
            "fbi-san-antonio-field-office"
        ]
    );
    // A ZIP code names its state: 05401 is Burlington, Vermont, which Albany's office serves.
    let (_, _, local, _) = answer_of("help 05401").await;
    assert_eq!(local, ["fbi-albany-field-office"]);
}

#[tokio::test]
async fn searches_that_ask_for_nothing_get_no_answer_box() {
    for query in [
        "grants for tribes",
        "TIP report",
        "2023 TIP report",
        "TIP report 2023",
        "national action plan",
        "icac",
    ] {
        let (intents, ..) = answer_of(query).await;
        assert!(intents.is_empty(), "{query:?} was answered as {intents:?}");
    }
}

#[tokio::test]
async fn a_query_that_names_an_entry_ranks_it_first() {
    for (query, slug) in [
        ("Crime Victims Fund", "crime-victims-fund"),
        ("crime victims fund", "crime-victims-fund"),
        ("  Crime-Victims   FUND! ", "crime-victims-fund"),
        ("National Human Trafficking Hotline", HOTLINE),
        ("call the national human trafficking hotline now", HOTLINE),
        ("NHTH", HOTLINE),
        ("TIP report", "trafficking-in-persons-report"),
        ("Call 911", "call-911"),
        ("ICE HSI tip line", "ice-hsi-tip-line"),
        ("FBI Houston", "fbi-houston-field-office"),
    ] {
        let (.., hits) = answer_of(query).await;
        assert_eq!(
            hits.first().map(String::as_str),
            Some(slug),
            "{query:?}: {hits:?}"
        );
    }
}
