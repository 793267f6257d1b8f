//! Words as search sees them, in one place so the index and the query agree: runs of letters
//! and digits, lower-cased, with accents removed ("Café" and "cafe" are one word), and their
//! stems ("trafficking", "trafficked" → "traffick"; "víctimas", "víctima" → "victim").

use rust_stemmers::{Algorithm, Stemmer};

use crate::lang::Lang;

/// Where the words of `text` are, as byte ranges, in order. Reads bytes, and decodes a
/// character only where one is not ASCII: snippets scan descriptions with this on every
/// results page, and the index every word of the catalog.
pub fn spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        at = next_where(text, at, Looking::ForWord);
        if at >= text.len() {
            return None;
        }
        let start = at;
        at = next_where(text, at, Looking::ForWordEnd);
        Some((start, at))
    })
}

/// What `next_where` looks for: the first character of a word, or the first after one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Looking {
    ForWord,
    ForWordEnd,
}

/// The first position from `at` where what `looking` looks for is, or the end. A loop over
/// bytes that calls nothing for ASCII: a call per character was most of what tokenizing cost.
#[inline]
fn next_where(text: &str, mut at: usize, looking: Looking) -> usize {
    // Whether the character looked for is part of a word.
    let in_word = looking == Looking::ForWord;
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() == in_word {
                return at;
            }
            at += 1;
        } else {
            let c = text[at..].chars().next().expect("a character starts here");
            if c.is_alphanumeric() == in_word {
                return at;
            }
            at += c.len_utf8();
        }
    }
    at
}

/// Writes `word` into `into` as search sees it: lower case, accents folded. Into a buffer
/// the caller keeps, so indexing a catalog's millions of words allocates only for new ones.
pub fn fold_word(word: &str, into: &mut String) {
    into.clear();
    if word.is_ascii() {
        into.push_str(word);
        into.make_ascii_lowercase();
    } else {
        into.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .map(crate::lang::fold_accent),
        );
    }
}

/// The words of `text` with their byte ranges, in order.
pub fn tokens(text: &str) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    spans(text).map(|(start, end)| {
        let mut word = String::new();
        fold_word(&text[start..end], &mut word);
        (start, end, word)
    })
}

/// The words of `text`, without their places.
pub fn words(text: &str) -> Vec<String> {
    tokens(text).map(|(_, _, word)| word).collect()
}

/// Stems the words of one language. Building the stemmer is cheap but not free, so the index
/// keeps one per language it holds.
pub struct Stems(Stemmer);

impl Default for Stems {
    fn default() -> Self {
        Stems::of(Lang::En)
    }
}

impl Stems {
    /// Words are stemmed after their accents are folded, in the index and in queries alike,
    /// so "explotacion" typed on a phone and "explotación" in a record share a stem.
    pub fn of(lang: Lang) -> Self {
        Stems(Stemmer::create(match lang {
            Lang::En => Algorithm::English,
            Lang::Es => Algorithm::Spanish,
        }))
    }

    pub fn stem(&self, word: &str) -> String {
        self.0.stem(word).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_without_accents_or_punctuation() {
        assert_eq!(
            words("Café—\"NEAR(a*b)\" don't 888-373-7888"),
            ["cafe", "near", "a", "b", "don", "t", "888", "373", "7888"]
        );
        let text = "¿Qué pasó?";
        let found: Vec<_> = tokens(text).collect();
        assert_eq!(&text[found[0].0..found[0].1], "Qué");
        assert_eq!(found[1].2, "paso");
    }

    #[test]
    fn words_are_found_across_scripts_and_symbols() {
        let text = "Ñandú—naïve 東京 ok… x²";
        let found: Vec<&str> = spans(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["Ñandú", "naïve", "東京", "ok", "x²"]);
        assert_eq!(words("ÀÉÎ"), ["aei"]);
        assert_eq!(spans("  ").count(), 0);
    }

    #[test]
    fn related_forms_share_a_stem() {
        let stems = Stems::default();
        assert_eq!(stems.stem("trafficking"), stems.stem("trafficked"));
        assert_eq!(stems.stem("victims"), stems.stem("victim"));
        assert_eq!(stems.stem("services"), stems.stem("service"));
    }

    #[test]
    fn spanish_forms_share_a_stem_with_or_without_accents() {
        let stems = Stems::of(Lang::Es);
        let stem = |w: &str| stems.stem(&words(w)[0]);
        assert_eq!(stem("víctimas"), stem("victima"));
        assert_eq!(stem("oficinas"), stem("oficina"));
        assert_eq!(stem("niños"), stem("nino"));
        assert_eq!(stem("denuncias"), stem("denuncia"));
    }
}
