//! Reading the files an import is given (seed files, HSDS packages) without trusting them:
//! only regular files, only inside the folder they were found in once symbolic links are
//! resolved, only up to a size limit, and each read once and indexed by line once.
//!
//! An import is run by an operator, but its files may come from elsewhere (a package sent by
//! another directory, a seed folder from a pull request). A link to `/etc/passwd`, a FIFO
//! that never ends, or `/dev/zero` must be a clear error, not a leak, a hang or an
//! out-of-memory kill.

use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file an import reads, in bytes (`--max-import-bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxBytes(pub u64);

impl MaxBytes {
    /// 64 MiB: far above any real seed file or package, far below what would strain memory.
    pub const DEFAULT: MaxBytes = MaxBytes(64 * 1024 * 1024);
}

impl Default for MaxBytes {
    fn default() -> Self {
        MaxBytes::DEFAULT
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {}: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the {what} at {}: {source}", .path.display())]
    Folder {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} leads outside {} (to {}): only files inside the folder are read",
        .path.display(), .folder.display(), .resolved.display()
    )]
    Outside {
        path: PathBuf,
        folder: PathBuf,
        resolved: PathBuf,
    },
    #[error("{} is {what}, not a regular file: only regular files are read", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{} is larger than the limit of {limit} bytes: raise --max-import-bytes if it is \
         meant to be this large",
        .path.display()
    )]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{} is not UTF-8 text", .path.display())]
    NotText { path: PathBuf },
}

/// A file's text, with where each line starts, so any byte offset becomes a line number
/// without rescanning the text.
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

thread_local! {
    static TEXTS_INDEXED: Cell<usize> = const { Cell::new(0) };
}

/// How many texts this thread has read and indexed: imports are synchronous, so a test can
/// tell that each file was read and indexed exactly once. For tests; nothing else needs it.
#[doc(hidden)]
pub fn texts_indexed_on_this_thread() -> usize {
    TEXTS_INDEXED.with(Cell::get)
}

impl SourceText {
    pub fn new(path: PathBuf, text: String) -> SourceText {
        TEXTS_INDEXED.with(|count| count.set(count.get() + 1));
        let line_starts = std::iter::once(0)
            .chain(newline_offsets(&text).map(|at| at + 1))
            .collect();
        SourceText {
            path,
            text,
            line_starts,
        }
    }

    /// The 1-based line that byte `offset` is on.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // The number of lines starting at or before `offset`.
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// Byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

fn newline_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, byte)| byte == b'\n')
        .map(|(at, _)| at)
}

/// Reads `path`, which must be a regular file inside `folder` once symbolic links are
/// resolved, of at most `max` bytes, and UTF-8.
pub fn read_inside(folder: &Path, path: &Path, max: MaxBytes) -> Result<SourceText, InputError> {
    let folder = canonical(folder)?;
    let resolved = canonical(path)?;
    let outside = |resolved: PathBuf| InputError::Outside {
        path: path.to_owned(),
        folder: folder.clone(),
        resolved,
    };
    if !resolved.starts_with(&folder) {
        return Err(outside(resolved));
    }
    let (file, len) = open_file(path, &resolved, max)?;
    // A folder on the way may have been swapped for a link between the look above and the
    // opening: ask the system where the file opened really is.
    if let Some(opened) = where_opened(&file)
        && !opened.starts_with(&folder)
    {
        return Err(outside(opened));
    }
    read_opened(path, file, len, max)
}

/// Reads `path`, given by the operator by name: it may be anywhere, but must still be a
/// regular file of at most `max` bytes.
pub fn read_given(path: &Path, max: MaxBytes) -> Result<SourceText, InputError> {
    let (file, len) = open_file(path, &canonical(path)?, max)?;
    read_opened(path, file, len, max)
}

/// `path` with every symbolic link resolved.
fn canonical(path: &Path) -> Result<PathBuf, InputError> {
    path.canonicalize()
        .map_err(|source| InputError::Unreadable {
            path: path.to_owned(),
            source,
        })
}

/// Opens `resolved` (what `path` leads to) if it is a regular file within the limit; returns
/// it with its length.
fn open_file(path: &Path, resolved: &Path, max: MaxBytes) -> Result<(File, u64), InputError> {
    let unreadable = |source| InputError::Unreadable {
        path: path.to_owned(),
        source,
    };
    let refuse_unless_a_file = |metadata: &std::fs::Metadata| match not_a_file(metadata) {
        Some(what) => Err(InputError::NotAFile {
            path: path.to_owned(),
            what,
        }),
        None => Ok(()),
    };
    // Look before opening: opening a FIFO for reading waits for a writer.
    refuse_unless_a_file(&std::fs::metadata(resolved).map_err(unreadable)?)?;
    let file = open_without_waiting(resolved).map_err(unreadable)?;
    // And look again at what was opened, in case it was swapped in between.
    let opened = file.metadata().map_err(unreadable)?;
    refuse_unless_a_file(&opened)?;
    if opened.len() > max.0 {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            limit: max.0,
        });
    }
    Ok((file, opened.len()))
}

fn read_opened(path: &Path, file: File, len: u64, max: MaxBytes) -> Result<SourceText, InputError> {
    let unreadable = |source| InputError::Unreadable {
        path: path.to_owned(),
        source,
    };
    // Never more than the limit, even if the file grows while it is read.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max.0 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max.0 {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            limit: max.0,
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| InputError::NotText {
        path: path.to_owned(),
    })?;
    Ok(SourceText::new(path.to_owned(), text))
}

fn not_a_file(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO swapped in after the check opens at once instead of hanging the
    // import (and is then refused by the second look). It changes nothing for a file.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Where the file behind an open handle is, as the system sees it (Linux's /proc).
#[cfg(target_os = "linux")]
fn where_opened(file: &File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(not(target_os = "linux"))]
fn where_opened(_file: &File) -> Option<PathBuf> {
    None
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Text from a file or a package, shown with its control characters escaped, so a crafted
/// value cannot retitle a terminal, rewrite the line it is printed on, or add a line of its
/// own. [`Escaped::line`] escapes line breaks too (a name, a field, one message);
/// [`Escaped::lines`] keeps them (a list of messages laid out one per line).
pub struct Escaped<'a> {
    text: &'a str,
    keep_line_breaks: bool,
}

impl<'a> Escaped<'a> {
    pub fn line(text: &'a str) -> Self {
        Escaped {
            text,
            keep_line_breaks: false,
        }
    }

    pub fn lines(text: &'a str) -> Self {
        Escaped {
            text,
            keep_line_breaks: true,
        }
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text
            .chars()
            .try_for_each(|c| write_escaped(f, c, self.keep_line_breaks))
    }
}

/// Writes `c`, or `\u{…}` in its place when it is a control character a terminal would obey.
pub fn write_escaped(out: &mut impl fmt::Write, c: char, keep_line_breaks: bool) -> fmt::Result {
    let kept = keep_line_breaks && (c == '\n' || c == '\t');
    if is_unsafe_char(c) && !kept {
        write!(out, "\\u{{{:x}}}", c as u32)
    } else {
        out.write_char(c)
    }
}

/// Characters no catalog text may hold: C0 controls, DEL, C1 controls, and the bidirectional
/// overrides and isolates that make text display as something other than what it says.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Why `text` cannot be catalog text, naming the first bad character; `allow_breaks` lets
/// tabs and newlines through (for descriptions).
pub fn check_clean(text: &str, allow_breaks: bool) -> Result<(), String> {
    let bad = text
        .chars()
        .find(|&c| is_unsafe_char(c) && !(allow_breaks && (c == '\n' || c == '\t')));
    match bad {
        None => Ok(()),
        Some(c) => Err(format!(
            "holds the control character U+{:04X}{}: remove it",
            c as u32,
            match c {
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' =>
                    " (a bidirectional override, which makes text display as something else)",
                '\n' | '\t' => " (a line break or tab, which this field cannot hold)",
                _ => "",
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines() {
        let text = SourceText::new("x".into(), "a\nbc\n\nd".into());
        let lines: Vec<usize> = (0..=7).map(|at| text.line_of(at)).collect();
        assert_eq!(lines, [1, 1, 2, 2, 2, 3, 4, 4]);
        assert_eq!(text.line_start(2), 2);
        assert_eq!(text.line_start(9), 7);
    }

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        let crafted = "x\u{1b}]0;TITLE\u{7}\u{1b}[2K\rall good\u{202e}\nnext\tline";
        assert_eq!(
            Escaped::lines(crafted).to_string(),
            "x\\u{1b}]0;TITLE\\u{7}\\u{1b}[2K\\u{d}all good\\u{202e}\nnext\tline"
        );
        assert_eq!(
            Escaped::line("a\nfake line").to_string(),
            "a\\u{a}fake line"
        );
    }

    #[test]
    fn clean_text_refuses_controls_and_overrides() {
        assert!(check_clean("Hotline: 888-373-7888", false).is_ok());
        assert!(check_clean("two\nlines\tand a tab", true).is_ok());
        for bad in [
            "nul\u{0}",
            "esc\u{1b}[2K",
            "bell\u{7}",
            "del\u{7f}",
            "\u{202e}evil",
            "\u{2066}iso",
        ] {
            assert!(check_clean(bad, true).is_err(), "{bad:?}");
        }
        assert!(check_clean("two\nlines", false).is_err());
        assert!(check_clean("cr\r\n", true).is_err());
    }
}
