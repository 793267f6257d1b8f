//! `/suggest`: a resource someone thinks the directory should list: its name, what it does,
//! a web address or phone number, the states it serves (from the catalog's), where the person
//! learned of it, and an optional way to reply.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::fields::{FieldErrors, FieldProblem, Posted, optional, text};
use super::gate;
use super::thanks::ThanksPage;
use crate::catalog::StateCode;
use crate::db::directory::{self, StateCount};
use crate::feedback::{Submission, limits};
use crate::lang::Lang;
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::page::render;
use crate::web::state::AppState;

/// What the suggestion form's token is signed for.
const FORM: &str = "suggest";

#[derive(Template)]
#[template(path = "suggest.html")]
struct SuggestPage {
    layout: Layout,
    name: String,
    what: String,
    reach: String,
    states: Vec<StateChoice>,
    learned: String,
    contact: String,
    token: String,
    errors: FieldErrors,
}

/// A state or territory to tick.
struct StateChoice {
    code: String,
    name: String,
    text_lang: Lang,
    checked: bool,
}

/// The form as sent.
#[derive(Default)]
struct Answers {
    name: String,
    what: String,
    reach: String,
    states: BTreeSet<StateCode>,
    learned: String,
    contact: String,
}

pub async fn form(layout: Layout, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let states = directory::states(&state.db, layout.lang).await?;
    let token = gate::new_token(&state, FORM).await?;
    render(page(
        layout,
        states,
        Answers::default(),
        token,
        FieldErrors::default(),
    ))
}

pub async fn send(
    layout: Layout,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    // The body first: a form refused costs no query.
    let sent = gate::receive(&state, FORM, request).await?;
    let states = directory::states(&state.db, layout.lang).await?;
    let (answers, errors) = read(&sent.posted, &states, &layout)?;
    if !errors.is_empty() {
        let page = page(layout, states, answers, sent.token, errors);
        return Ok((StatusCode::BAD_REQUEST, render(page)?).into_response());
    }
    let suggestion = Submission::Suggestion {
        name: answers.name,
        what: answers.what,
        reach: answers.reach,
        states: answers.states.into_iter().collect(),
        learned_from: answers.learned,
        contact: optional(answers.contact),
    };
    let thanks = layout.href("/suggest/thanks");
    gate::accept(&state, sent.client, &suggestion, &thanks).await
}

pub async fn thanks(layout: Layout) -> Result<Html<String>, AppError> {
    render(ThanksPage {
        layout,
        entry: None,
        entry_href: String::new(),
    })
}

fn page(
    layout: Layout,
    states: Vec<StateCount>,
    answers: Answers,
    token: String,
    errors: FieldErrors,
) -> SuggestPage {
    let states = states
        .into_iter()
        .map(|state| StateChoice {
            checked: answers
                .states
                .iter()
                .any(|code| code.as_str() == state.code),
            code: state.code,
            name: state.name,
            text_lang: state.text_lang,
        })
        .collect();
    SuggestPage {
        layout,
        name: answers.name,
        what: answers.what,
        reach: answers.reach,
        states,
        learned: answers.learned,
        contact: answers.contact,
        token,
        errors,
    }
}

/// The fields, and their problems, in the order of the form. States are optional (none means
/// the whole country, or that the person does not know); each one sent must be one the
/// catalog has.
fn read(
    posted: &Posted,
    known: &[StateCount],
    layout: &Layout,
) -> Result<(Answers, FieldErrors), AppError> {
    let mut errors = FieldErrors::default();
    let (name, trouble) = text(posted.one("name")?, limits::NAME, true);
    errors.note(layout, "name", trouble, layout.t("suggest-error-name"));
    let (what, trouble) = text(posted.one("what")?, limits::MESSAGE, true);
    errors.note(layout, "what", trouble, layout.t("suggest-error-what"));
    let (reach, trouble) = text(posted.one("reach")?, limits::REACH, true);
    errors.note(layout, "reach", trouble, layout.t("suggest-error-reach"));
    let mut states = BTreeSet::new();
    let mut unknown = false;
    for code in posted.all("state") {
        match code.parse::<StateCode>() {
            Ok(code) if known.iter().any(|state| state.code == code.as_str()) => {
                states.insert(code);
            }
            _ => unknown = true,
        }
    }
    errors.note(
        layout,
        "states",
        unknown.then_some(FieldProblem::Unknown),
        layout.t("suggest-error-states"),
    );
    let (learned, trouble) = text(posted.one("learned")?, limits::LEARNED_FROM, true);
    errors.note(
        layout,
        "learned",
        trouble,
        layout.t("suggest-error-learned"),
    );
    let (contact, trouble) = text(posted.one("contact")?, limits::CONTACT, false);
    errors.note_length(layout, "contact", trouble);
    Ok((
        Answers {
            name,
            what,
            reach,
            states,
            learned,
            contact,
        },
        errors,
    ))
}
