//! One thing wrong with the seeds, said so an editor can find and fix it:
//! `FILE:LINE: entry 'SLUG': FIELD: what is wrong`.

use std::fmt;
use std::path::PathBuf;

use crate::input::Escaped;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    /// The slug (or id, or code) of the entry, when the problem belongs to one.
    pub entry: Option<String>,
    /// The field, as written in the file (`phone[2].number` for the second phone).
    pub field: Option<String>,
    pub message: String,
}

/// Shown with control characters escaped: entries, fields and messages quote the file, and a
/// crafted value must not retitle the terminal or overwrite the line it is printed on.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        write!(f, "{}:{}: ", Escaped::line(&file), self.line)?;
        if let Some(entry) = &self.entry {
            write!(f, "entry '{}': ", Escaped::line(entry))?;
        }
        if let Some(field) = &self.field {
            write!(f, "{}: ", Escaped::line(field))?;
        }
        write!(f, "{}", Escaped::line(&self.message))
    }
}

/// Every problem found in one pass over the seeds, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        write!(
            f,
            "{} problem{} found; nothing was imported",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Problems {}
