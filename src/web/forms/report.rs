//! `/resources/{slug}/report`: what is wrong with an entry (one of the store's `Problem`s), a
//! message, and an optional way to reply.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::fields::{FieldErrors, FieldProblem, Posted, optional, text};
use super::gate;
use super::thanks::ThanksPage;
use crate::catalog::Slug;
use crate::db::resources::{self, EntryName};
use crate::feedback::{Problem, Submission, limits};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::page::{Segment, render};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    layout: Layout,
    /// The form's own address (English form).
    here: String,
    entry: EntryName,
    entry_href: String,
    choices: Vec<Choice>,
    message: String,
    contact: String,
    token: String,
    errors: FieldErrors,
}

/// One of the problems to choose from.
struct Choice {
    code: &'static str,
    label: &'static str,
    checked: bool,
}

/// The form as sent, read into what the store takes (when it has no problems).
#[derive(Default)]
struct Answers {
    problem: Option<Problem>,
    message: String,
    contact: String,
}

pub async fn form(
    layout: Layout,
    State(state): State<AppState>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let (slug, entry) = entry(&state, &slug, &layout).await?;
    let token = gate::new_token(&state, &form_name(&slug)).await?;
    render(page(
        layout,
        &slug,
        entry,
        Answers::default(),
        token,
        FieldErrors::default(),
    ))
}

pub async fn send(
    layout: Layout,
    State(state): State<AppState>,
    Segment(slug): Segment,
    request: Request,
) -> Result<Response, AppError> {
    let (slug, entry) = entry(&state, &slug, &layout).await?;
    let sent = gate::receive(&state, &form_name(&slug), request).await?;
    let (answers, errors) = read(&sent.posted, &layout)?;
    let Some(problem) = answers.problem.filter(|_| errors.is_empty()) else {
        let page = page(layout, &slug, entry, answers, sent.token, errors);
        return Ok((StatusCode::BAD_REQUEST, render(page)?).into_response());
    };
    let thanks = layout.href(&format!("/resources/{slug}/report/thanks"));
    let report = Submission::Report {
        slug,
        problem,
        message: answers.message,
        contact: optional(answers.contact),
    };
    gate::accept(&state, sent.client, &report, &thanks).await
}

pub async fn thanks(
    layout: Layout,
    State(state): State<AppState>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let (slug, entry) = entry(&state, &slug, &layout).await?;
    render(ThanksPage {
        entry_href: entry_href(&layout, &slug),
        entry: Some(entry),
        layout,
    })
}

/// The entry a report is about, or a 404 when there is none by that slug.
async fn entry(
    state: &AppState,
    slug: &str,
    layout: &Layout,
) -> Result<(Slug, EntryName), AppError> {
    let slug: Slug = slug.parse().map_err(|_| AppError::NotFound)?;
    let entry = resources::name(&state.db, slug.as_str(), layout.lang)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((slug, entry))
}

/// What the form's token is signed for: this entry's report form and no other.
fn form_name(slug: &Slug) -> String {
    format!("report/{slug}")
}

fn entry_href(layout: &Layout, slug: &Slug) -> String {
    layout.href(&format!("/resources/{slug}"))
}

fn page(
    layout: Layout,
    slug: &Slug,
    entry: EntryName,
    answers: Answers,
    token: String,
    errors: FieldErrors,
) -> ReportPage {
    let choices = Problem::ALL
        .into_iter()
        .map(|problem| Choice {
            code: problem.code(),
            label: label(&layout, problem),
            checked: answers.problem == Some(problem),
        })
        .collect();
    ReportPage {
        here: format!("/resources/{slug}/report"),
        entry_href: entry_href(&layout, slug),
        layout,
        entry,
        choices,
        message: answers.message,
        contact: answers.contact,
        token,
        errors,
    }
}

fn label(layout: &Layout, problem: Problem) -> &'static str {
    match problem {
        Problem::PhoneWrong => layout.t("report-problem-phone-wrong"),
        Problem::LinkBroken => layout.t("report-problem-link-broken"),
        Problem::ClosedOrMoved => layout.t("report-problem-closed-or-moved"),
        Problem::OutOfDate => layout.t("report-problem-out-of-date"),
        Problem::Other => layout.t("report-problem-other"),
    }
}

/// The fields, and their problems: a problem to choose (one the form offers), a message
/// within its length (needed when the problem is "something else", which says nothing by
/// itself), and a way to reply within its length.
fn read(posted: &Posted, layout: &Layout) -> Result<(Answers, FieldErrors), AppError> {
    let mut errors = FieldErrors::default();
    let problem = match posted.one("problem")? {
        None => Err(FieldProblem::Missing),
        Some(code) => code.parse::<Problem>().map_err(|_| FieldProblem::Unknown),
    };
    errors.note(
        layout,
        "problem",
        problem.err(),
        layout.t("report-error-problem"),
    );
    let problem = problem.ok();
    let needs_message = problem == Some(Problem::Other);
    let (message, trouble) = text(posted.one("message")?, limits::MESSAGE, needs_message);
    errors.note(layout, "message", trouble, layout.t("report-error-message"));
    let (contact, trouble) = text(posted.one("contact")?, limits::CONTACT, false);
    errors.note_length(layout, "contact", trouble);
    Ok((
        Answers {
            problem,
            message,
            contact,
        },
        errors,
    ))
}
