//! Values written to the log, bounded: at most [`MAX_CHARS`] characters of the value, control
//! characters escaped (so at most a few KB once escaped). Whatever an error quotes (a database message, a hyper error, a file name) reaches
//! the log as one short line, never as a 60 KB one or as terminal escape codes.

use std::fmt::{self, Display, Write};

/// Characters of one logged value; the rest is cut and marked.
pub const MAX_CHARS: usize = 256;

/// Shows `T` bounded and escaped.
pub struct Logged<T>(pub T);

impl<T: Display> Display for Logged<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bounded = Bounded {
            out: f,
            left: MAX_CHARS,
            cut: false,
        };
        // A value cut short stops with an error from `Bounded`, which is not the log's error.
        let _ = write!(bounded, "{}", self.0);
        let cut = bounded.cut;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

struct Bounded<'a, 'b> {
    out: &'a mut fmt::Formatter<'b>,
    left: usize,
    cut: bool,
}

impl Write for Bounded<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            if self.left == 0 {
                self.cut = true;
                return Err(fmt::Error);
            }
            self.left -= 1;
            crate::input::write_escaped(self.out, c, false)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Logged, MAX_CHARS};

    #[test]
    fn long_values_are_cut_and_controls_escaped() {
        let long = "x".repeat(60_000);
        let shown = Logged(&long).to_string();
        assert_eq!(shown.chars().count(), MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(Logged("a\u{1b}[2Kb\nc").to_string(), "a\\u{1b}[2Kb\\u{a}c");
        assert_eq!(Logged("short").to_string(), "short");
    }
}
