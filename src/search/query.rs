//! What a person typed → what to search for: words, a phone number, places. Pure functions,
//! no database: the places and synonyms they need are passed in.
//!
//! Nothing typed is ever syntax. Words are split on anything that is not a letter or digit, so
//! quotes, stars, colons, parentheses and operators are separators, and the expression the
//! index runs is built from those words as data (`Expression`), never as a query string.

use std::borrow::Cow;
use std::collections::HashMap;

use super::text::Stems;
use crate::lang::Lang;

/// Longer queries are cut (with a note): no one types more, and cost grows with length.
pub const MAX_QUERY_CHARS: usize = 200;

/// Words that carry no meaning on their own. Dropped when the query has other words, so
/// "help for kids in texas" does not require every entry to contain "for".
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how", "i", "in",
    "is", "it", "me", "my", "near", "of", "on", "or", "our", "the", "to", "we", "what", "where",
    "who", "with", "you", "your",
];

/// The same in Spanish, accents folded as words are ("dónde" is "donde"). A Spanish search
/// drops these and the English ones: people on the Spanish site also type English.
const STOPWORDS_ES: &[&str] = &[
    "a", "al", "como", "con", "cual", "de", "del", "donde", "el", "en", "es", "esta", "este",
    "favor", "hay", "la", "las", "lo", "los", "me", "mi", "mis", "necesito", "o", "para", "por",
    "puedo", "que", "quiero", "se", "su", "sus", "te", "tu", "un", "una", "unos", "unas", "y",
    "yo",
];

/// Whether a word carries no meaning on its own in a search in `lang`.
fn is_stopword(word: &str, lang: Lang) -> bool {
    STOPWORDS.contains(&word) || (lang == Lang::Es && STOPWORDS_ES.contains(&word))
}

/// Place names, codes and ZIP prefixes the query may mention, and the language of the search
/// (which decides the stopwords, and whether "en" as well as "in" leads a place name).
#[derive(Debug, Default, Clone)]
pub struct Places {
    lang: Lang,
    /// (name in words, code): ("new york" as ["new", "york"], "NY").
    names: Vec<(Vec<String>, String)>,
    codes: Vec<String>,
    /// ZIP prefix → the states it lies in, majority first.
    zips: HashMap<String, Vec<String>>,
    /// Code → display name.
    display: HashMap<String, String>,
}

impl Places {
    pub fn new(states: &[(String, String)], zips: HashMap<String, Vec<String>>) -> Self {
        let mut names: Vec<(Vec<String>, String)> = states
            .iter()
            .map(|(code, name)| (words(name), code.clone()))
            .collect();
        // Common ways of writing names the reference list spells otherwise.
        for (alias, code) in [
            ("virgin islands", "VI"),
            ("us virgin islands", "VI"),
            ("washington dc", "DC"),
        ] {
            if states.iter().any(|(c, _)| c == code) {
                names.push((words(alias), code.to_owned()));
            }
        }
        // Longest first, so "west virginia" wins over "virginia".
        names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Places {
            lang: Lang::En,
            names,
            codes: states.iter().map(|(code, _)| code.clone()).collect(),
            zips,
            display: states.iter().cloned().collect(),
        }
    }

    /// The places of a search in `lang`, with the states' names in it (`names`, code → name,
    /// "NM" → "Nuevo México") besides the English ones: chips show them.
    pub fn in_language(mut self, lang: Lang, names: &HashMap<String, String>) -> Self {
        self.lang = lang;
        for (code, name) in names {
            self.names.push((words(name), code.clone()));
            self.display.insert(code.clone(), name.clone());
        }
        self.names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self
    }

    pub fn name_of(&self, code: &str) -> Option<&str> {
        self.display.get(code).map(String::as_str)
    }
}

/// A place found in the query, shown as a removable chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The name of the state it names ("Texas"), or of each state a ZIP code lies in
    /// ("Connecticut, New York"), in the search's language.
    pub label: String,
    /// The ZIP code, when the place is one: the page says "ZIP 06390 (…)" in its language.
    pub zip: Option<String>,
    pub states: Vec<String>,
    /// The query without this place, for the chip's remove link.
    pub without: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The query as searched (cut to `MAX_QUERY_CHARS`).
    pub text: String,
    /// Lower-case words left to match, in order.
    pub words: Vec<String>,
    /// Digits of a phone number in the query (ten, or the last seven).
    pub phone: Option<String>,
    pub places: Vec<Place>,
    /// A ZIP code the directory cannot place (military mail, or unknown).
    pub unplaced_zip: Option<String>,
    /// The last word is a whole word of the index, so it matches as itself (and its other
    /// forms), not as the start of longer words. Set by the caller, who can look in the index.
    pub last_word_complete: bool,
    pub truncated: bool,
}

impl ParsedQuery {
    /// Nothing left to search by words or number (places may still filter).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phone.is_none()
    }
}

pub use super::text::words;

fn is_phoneish(token: &str) -> bool {
    !token.is_empty()
        && token.chars().any(|c| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || "()-.+\u{2013}\u{2014}".contains(c))
}

fn digits(token: &str) -> String {
    token.chars().filter(char::is_ascii_digit).collect()
}

pub fn parse(input: &str, places: &Places) -> ParsedQuery {
    let mut text: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let truncated = text.len() < input.len();
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    let mut used = vec![false; tokens.len()];
    let mut parsed = ParsedQuery {
        text: text.clone(),
        truncated,
        ..ParsedQuery::default()
    };

    // A phone number, in whatever format: up to four adjacent number-like tokens whose digits
    // make ten (or eleven with a leading 1), or one token of seven ("373-7888").
    'phone: for start in 0..tokens.len() {
        for end in (start..tokens.len().min(start + 4)).rev() {
            if !tokens[start..=end].iter().all(|t| is_phoneish(t)) {
                continue;
            }
            let mut number: String = tokens[start..=end].iter().map(|t| digits(t)).collect();
            if number.len() == 11 && number.starts_with('1') {
                number.remove(0);
            }
            let single = start == end;
            if number.len() == 10
                || (single && number.len() == 7 && tokens[start].contains(['-', '.']))
            {
                parsed.phone = Some(number);
                used[start..=end].iter_mut().for_each(|u| *u = true);
                break 'phone;
            }
        }
    }

    // Places: ZIP codes, upper-case USPS codes, state names (with a leading "in").
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    // Each token as the words a place name is compared with ("texas," → "texas").
    let spoken: Vec<String> = tokens.iter().map(|t| words(t).join(" ")).collect();
    let mut i = 0;
    while i < tokens.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let token = tokens[i];
        let zip = token.split_once('-').map_or(token, |(five, _)| five);
        if zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit()) {
            used[i] = true;
            match places.zips.get(&zip[..3]) {
                Some(states) => {
                    let names: Vec<&str> =
                        states.iter().filter_map(|s| places.name_of(s)).collect();
                    parsed.places.push(Place {
                        label: names.join(", "),
                        zip: Some(zip.to_owned()),
                        states: states.clone(),
                        without: without(&tokens, &[i]),
                    });
                }
                None => parsed.unplaced_zip = Some(zip.to_owned()),
            }
            i += 1;
            continue;
        }
        if token.len() == 2
            && token.bytes().all(|b| b.is_ascii_uppercase())
            && places.codes.iter().any(|c| c == token)
        {
            used[i] = true;
            parsed
                .places
                .push(place(places, token, without(&tokens, &[i])));
            i += 1;
            continue;
        }
        let found = places.names.iter().find(|(name, _)| {
            lower.len() >= i + name.len()
                && (i..i + name.len()).all(|j| !used[j])
                && name.iter().zip(&spoken[i..]).all(|(n, t)| t == n)
        });
        if let Some((name, code)) = found {
            let mut span: Vec<usize> = (i..i + name.len()).collect();
            let leads = |word: &str| word == "in" || (places.lang == Lang::Es && word == "en");
            if i > 0 && !used[i - 1] && leads(&lower[i - 1]) {
                span.insert(0, i - 1);
            }
            span.iter().for_each(|&j| used[j] = true);
            parsed
                .places
                .push(place(places, code, without(&tokens, &span)));
            i += name.len();
            continue;
        }
        i += 1;
    }

    let rest: Vec<String> = tokens
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .flat_map(|(t, _)| words(t))
        .collect();
    let meaningful: Vec<String> = rest
        .iter()
        .filter(|w| !is_stopword(w, places.lang))
        .cloned()
        .collect();
    parsed.words = if meaningful.is_empty() {
        rest
    } else {
        meaningful
    };
    parsed
}

fn place(places: &Places, code: &str, without: String) -> Place {
    Place {
        label: places.name_of(code).unwrap_or(code).to_owned(),
        zip: None,
        states: vec![code.to_owned()],
        without,
    }
}

/// The query with the tokens at `skip` taken out.
fn without(tokens: &[&str], skip: &[usize]) -> String {
    tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, t)| *t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How the words of a query are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Every word (or one of its synonyms) must appear.
    All,
    /// Any word will do: the fallback when nothing has them all.
    Any,
}

/// One thing an entry may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// These words in a row, each matched by its stem (one word is a phrase of one).
    Phrase(Vec<String>),
    /// Any word that begins with this: the last word, perhaps still being typed.
    Prefix(String),
    /// A phone number's digits, matched among phone numbers only.
    Phone(String),
}

/// A query as the index runs it: groups of alternatives, all or any of which must match.
/// Built from words, never parsed from what was typed, so nothing typed is syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    pub groups: Vec<Vec<Term>>,
    pub how: Match,
}

/// Synonym groups ("kids", "children", "youth"), each term split into words once, when the
/// catalog is loaded, rather than on every search.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
    /// Each term as a query's words are compared with it. In English, the term itself. In
    /// Spanish, without stopwords ("trata de personas" is typed as "trata", "personas" once
    /// "de" is dropped) and stemmed, as the query's words then are: "trata de persona" and
    /// "niño" are the terms "trata de personas" and "niños".
    keys: Vec<Vec<Vec<String>>>,
    /// A key's first word → (its group, its position among the group's keys), in the order of
    /// `keys`: a query's word is compared with the keys it could start, not with every key.
    by_first_word: foldhash::HashMap<String, Vec<(usize, usize)>>,
    lang: Lang,
}

impl Synonyms {
    pub fn new(groups: &[Vec<String>]) -> Self {
        Synonyms::in_language(groups, Lang::En)
    }

    pub fn in_language(groups: &[Vec<String>], lang: Lang) -> Self {
        let groups: Vec<Vec<Vec<String>>> = groups
            .iter()
            .map(|terms| terms.iter().map(|t| words(t)).collect())
            .collect();
        let keys = match lang {
            Lang::En => groups.clone(),
            Lang::Es => {
                let stems = Stems::of(lang);
                (groups.iter())
                    .map(|terms| {
                        (terms.iter())
                            .map(|term| {
                                let meaningful: Vec<&String> =
                                    term.iter().filter(|w| !is_stopword(w, lang)).collect();
                                let kept = if meaningful.is_empty() {
                                    term.iter().collect()
                                } else {
                                    meaningful
                                };
                                kept.into_iter().map(|w| stems.stem(w)).collect()
                            })
                            .collect()
                    })
                    .collect()
            }
        };
        let mut by_first_word: foldhash::HashMap<String, Vec<(usize, usize)>> =
            foldhash::HashMap::default();
        for (group, terms) in keys.iter().enumerate() {
            for (at, key) in terms.iter().enumerate() {
                if let Some(first) = key.first() {
                    by_first_word
                        .entry(first.clone())
                        .or_default()
                        .push((group, at));
                }
            }
        }
        Synonyms {
            groups,
            keys,
            by_first_word,
            lang,
        }
    }

    /// Keeps, as alternatives a query is expanded to, only the terms `found` holds: a term
    /// the index has no word of matches nothing, and English search need not look up the
    /// Spanish terms of its groups on every query. The keys stay: a query that types a term
    /// still gets its group ("trata de personas" in English search finds "trafficking").
    pub fn keep_terms(&mut self, found: impl Fn(&[String]) -> bool) {
        for group in &mut self.groups {
            group.retain(|term| found(term));
        }
    }

    /// A query's words as they are compared with the keys.
    fn keyed<'w>(&self, typed: &'w [String]) -> Cow<'w, [String]> {
        match self.lang {
            Lang::En => Cow::Borrowed(typed),
            Lang::Es => {
                let stems = Stems::of(self.lang);
                Cow::Owned(typed.iter().map(|w| stems.stem(w)).collect())
            }
        }
    }

    /// Every term, as words.
    pub fn terms(&self) -> impl Iterator<Item = &[String]> {
        self.groups.iter().flatten().map(Vec::as_slice)
    }

    /// The longest synonym term `typed` starts with: its length in the query's words, and
    /// its group.
    fn longest_at(&self, typed: &[String]) -> Option<(usize, &[Vec<String>])> {
        let starting = self.by_first_word.get(typed.first()?)?;
        (starting.iter())
            .map(|&(group, at)| (&self.keys[group][at], group))
            .filter(|(key, _)| typed.starts_with(key))
            .max_by_key(|(key, _)| key.len())
            .map(|(key, group)| (key.len(), self.groups[group].as_slice()))
    }
}

/// Builds the expression. A word that starts a synonym phrase is replaced by the group as
/// alternatives; the last word also matches as a prefix (people search as they type), when it
/// is long enough for that to narrow anything. `None` when there is nothing to match.
pub fn expression(query: &ParsedQuery, synonyms: &Synonyms, how: Match) -> Option<Expression> {
    let mut groups = Vec::new();
    let mut i = 0;
    let typed = &query.words;
    let keyed = synonyms.keyed(typed);
    while i < typed.len() {
        match synonyms.longest_at(&keyed[i..]) {
            Some((length, group)) => {
                groups.push(group.iter().map(|t| Term::Phrase(t.clone())).collect());
                i += length;
            }
            None => {
                let word = &typed[i];
                let last = i + 1 == typed.len();
                let prefix = last
                    && !query.last_word_complete
                    && word.chars().count() >= 3
                    && !word.chars().all(|c| c.is_ascii_digit());
                groups.push(vec![if prefix {
                    Term::Prefix(word.clone())
                } else {
                    Term::Phrase(vec![word.clone()])
                }]);
                i += 1;
            }
        }
    }
    if let Some(phone) = &query.phone {
        groups.push(vec![Term::Phone(phone.clone())]);
    }
    (!groups.is_empty()).then_some(Expression { groups, how })
}

/// Written as FTS5 would write it, for tests and logs: `("a b" OR "c") AND "d"*`.
impl std::fmt::Display for Expression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let term = |t: &Term| match t {
            Term::Phrase(words) => format!("\"{}\"", words.join(" ")),
            Term::Prefix(word) => format!("\"{word}\"*"),
            Term::Phone(digits) => format!("phones : \"{digits}\""),
        };
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|group| match group.as_slice() {
                [one] => term(one),
                many => format!(
                    "({})",
                    many.iter().map(term).collect::<Vec<_>>().join(" OR ")
                ),
            })
            .collect();
        let joint = match self.how {
            Match::All => " AND ",
            Match::Any => " OR ",
        };
        f.write_str(&groups.join(joint))
    }
}

/// Damerau-Levenshtein distance (optimal string alignment), on characters: strsim's, which
/// measured 2.5 times as fast as the one written here before (664 against 1,694 ns a pair of
/// catalog words, `cargo bench --bench search`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// How far a word may be from a suggestion: one slip in a short word, two in a long one.
pub fn typo_budget(word: &str) -> usize {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// Replaces whole words of `text` (case-insensitively) by their corrections.
pub fn replace_words(text: &str, corrections: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        match corrections.iter().find(|(wrong, _)| *wrong == lower) {
            Some((_, right)) => out.push_str(right),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        let states = [
            ("TX", "Texas"),
            ("NY", "New York"),
            ("CT", "Connecticut"),
            ("VA", "Virginia"),
            ("WV", "West Virginia"),
            ("VI", "U.S. Virgin Islands"),
            ("IN", "Indiana"),
        ]
        .map(|(c, n)| (c.to_owned(), n.to_owned()));
        let zips = HashMap::from([
            ("063".to_owned(), vec!["CT".to_owned(), "NY".to_owned()]),
            ("770".to_owned(), vec!["TX".to_owned()]),
        ]);
        Places::new(&states, zips)
    }

    fn expr(q: &str) -> Option<String> {
        expression(&parse(q, &places()), &Synonyms::default(), Match::All).map(|e| e.to_string())
    }

    #[test]
    fn typed_syntax_is_plain_text() {
        assert_eq!(expr("\"hotline\" OR *").as_deref(), Some("\"hotline\"*"));
        assert_eq!(expr("NEAR(a b)").as_deref(), Some("\"b\""));
        assert_eq!(
            expr("name:hotline -x").as_deref(),
            Some("\"name\" AND \"hotline\" AND \"x\"")
        );
        assert_eq!(expr("\"*:()^-+"), None);
        assert_eq!(expr(""), None);
    }

    #[test]
    fn a_complete_last_word_is_not_a_prefix() {
        let mut parsed = parse("labor trafficking", &places());
        parsed.last_word_complete = true;
        assert_eq!(
            expression(&parsed, &Synonyms::default(), Match::All)
                .map(|e| e.to_string())
                .as_deref(),
            Some("\"labor\" AND \"trafficking\"")
        );
    }

    #[test]
    fn the_last_word_is_a_prefix_when_long_enough() {
        assert_eq!(
            expr("labor traff").as_deref(),
            Some("\"labor\" AND \"traff\"*")
        );
        assert_eq!(expr("ab").as_deref(), Some("\"ab\""));
    }

    #[test]
    fn stopwords_go_when_other_words_stay() {
        assert_eq!(
            parse("help for the kids", &places()).words,
            ["help", "kids"]
        );
        assert_eq!(parse("the", &places()).words, ["the"]);
    }

    #[test]
    fn synonyms_become_alternatives() {
        let synonyms = Synonyms::new(&[
            vec![
                "sex trafficking".to_owned(),
                "commercial sexual exploitation".to_owned(),
            ],
            vec!["kids".to_owned(), "children".to_owned()],
        ]);
        let parsed = parse("sex trafficking kids", &places());
        assert_eq!(
            expression(&parsed, &synonyms, Match::All)
                .map(|e| e.to_string())
                .as_deref(),
            Some(
                "(\"sex trafficking\" OR \"commercial sexual exploitation\") AND (\"kids\" OR \"children\")"
            )
        );
        assert_eq!(
            expression(&parsed, &synonyms, Match::Any)
                .map(|e| e.to_string())
                .as_deref(),
            Some(
                "(\"sex trafficking\" OR \"commercial sexual exploitation\") OR (\"kids\" OR \"children\")"
            )
        );
    }

    #[test]
    fn places_become_filters_and_leave_the_rest() {
        let parsed = parse("hotline in new york", &places());
        assert_eq!(parsed.words, ["hotline"]);
        assert_eq!(parsed.places[0].states, ["NY"]);
        assert_eq!(parsed.places[0].label, "New York");
        assert_eq!(parsed.places[0].without, "hotline");

        let parsed = parse("west virginia fbi", &places());
        assert_eq!(parsed.places[0].states, ["WV"]);
        assert_eq!(parsed.words, ["fbi"]);

        let parsed = parse("fbi TX", &places());
        assert_eq!(parsed.places[0].states, ["TX"]);
        // Lower-case "in" is a word, not Indiana.
        let parsed = parse("help in texas", &places());
        assert_eq!(parsed.places.len(), 1);
        assert_eq!(parsed.places[0].states, ["TX"]);
    }

    #[test]
    fn spanish_searches_drop_spanish_stopwords_and_know_spanish_state_names() {
        let names = HashMap::from([
            ("NY".to_owned(), "Nueva York".to_owned()),
            ("TX".to_owned(), "Texas".to_owned()),
        ]);
        let spanish = places().in_language(Lang::Es, &names);
        let parsed = parse("trata de personas en Nueva York", &spanish);
        assert_eq!(parsed.words, ["trata", "personas"]);
        assert_eq!(parsed.places[0].states, ["NY"]);
        assert_eq!(parsed.places[0].label, "Nueva York");
        assert_eq!(parsed.places[0].without, "trata de personas");
        // English names and codes still place a Spanish search.
        assert_eq!(parse("fbi new york", &spanish).places[0].states, ["NY"]);
        assert_eq!(parse("fbi TX", &spanish).places[0].states, ["TX"]);
        // An English search keeps "de" and does not know the Spanish name.
        let english = parse("trata de personas en Nueva York", &places());
        assert!(english.places.is_empty());
        assert!(english.words.contains(&"de".to_owned()));
    }

    #[test]
    fn spanish_synonyms_match_without_stopwords_accents_or_plurals() {
        let groups = [vec![
            "trafficking".to_owned(),
            "trata de personas".to_owned(),
        ]];
        let synonyms = Synonyms::in_language(&groups, Lang::Es);
        let spanish = places().in_language(Lang::Es, &HashMap::new());
        for q in ["trata de personas", "TRATA DE PERSONA", "trata personas"] {
            let mut parsed = parse(q, &spanish);
            parsed.last_word_complete = true;
            assert_eq!(
                expression(&parsed, &synonyms, Match::All)
                    .map(|e| e.to_string())
                    .as_deref(),
                Some("(\"trafficking\" OR \"trata de personas\")"),
                "{q:?}"
            );
        }
        // In English the term is matched as written.
        let synonyms = Synonyms::new(&groups);
        let mut parsed = parse("trata personas", &places());
        parsed.last_word_complete = true;
        assert_eq!(
            expression(&parsed, &synonyms, Match::All)
                .map(|e| e.to_string())
                .as_deref(),
            Some("\"trata\" AND \"personas\"")
        );
    }

    #[test]
    fn zip_codes_name_every_state_of_their_prefix() {
        let parsed = parse("06390 shelter", &places());
        assert_eq!(parsed.places[0].states, ["CT", "NY"]);
        assert_eq!(parsed.places[0].label, "Connecticut, New York");
        assert_eq!(parsed.places[0].zip.as_deref(), Some("06390"));
        assert_eq!(parsed.words, ["shelter"]);
        let parsed = parse("09012", &places());
        assert_eq!(parsed.unplaced_zip.as_deref(), Some("09012"));
        assert!(parsed.places.is_empty());
    }

    #[test]
    fn phone_numbers_in_any_format() {
        for q in [
            "888-373-7888",
            "(888) 373-7888",
            "1 888 373 7888",
            "+1 (888) 373-7888",
            "8883737888",
            "888.373.7888",
        ] {
            assert_eq!(
                parse(q, &places()).phone.as_deref(),
                Some("8883737888"),
                "{q}"
            );
        }
        assert_eq!(
            parse("373-7888", &places()).phone.as_deref(),
            Some("3737888")
        );
        assert_eq!(parse("call 911", &places()).phone, None);
        assert_eq!(parse("fy 2021", &places()).phone, None);
        assert_eq!(
            expr("call (866) 347-2423").as_deref(),
            Some("\"call\"* AND phones : \"8663472423\"")
        );
    }

    #[test]
    fn long_queries_are_cut() {
        let long = "trafficking ".repeat(40);
        let parsed = parse(&long, &places());
        assert!(parsed.truncated);
        assert!(parsed.text.chars().count() <= MAX_QUERY_CHARS);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("hotline", "hotline"), 0);
        assert_eq!(edit_distance("hotlne", "hotline"), 1);
        assert_eq!(edit_distance("hotilne", "hotline"), 1);
        assert_eq!(edit_distance("trafficing", "trafficking"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn corrections_keep_the_rest_of_the_query() {
        let fixed = replace_words("Hotlne in Texas", &[("hotlne".into(), "hotline".into())]);
        assert_eq!(fixed, "hotline in Texas");
    }
}
