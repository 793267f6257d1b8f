//! Searches that ask for something rather than name it: "i need help", "ayuda", "report a
//! tip". They are answered first, with the lines in seeds/intents.toml, before the ranked list.
//! The words are data (an operator adds one to the seed file, not to this code); this module
//! only finds them in a query.

use sqlx::SqlitePool;

use super::index::Index;
use super::text::words;
use crate::catalog::Intent;

/// One intent as search uses it: its terms split into words (accents folded, as the query's
/// are), and the positions in the index of the entries its answer shows.
#[derive(Debug)]
struct Loaded {
    intent: Intent,
    terms: Vec<Vec<String>>,
    answer: Vec<u32>,
}

/// Every intent of one catalog, in seed order.
#[derive(Debug, Default)]
pub struct Intents(Vec<Loaded>);

/// The `search_intents` rows: intent, terms and answer (JSON lists), in seed order.
pub struct IntentRows(Vec<(String, String, String)>);

impl IntentRows {
    pub async fn read(pool: &SqlitePool) -> Result<IntentRows, sqlx::Error> {
        sqlx::query_as("select intent, terms, answer from search_intents order by position")
            .fetch_all(pool)
            .await
            .map(IntentRows)
    }
}

impl Intents {
    pub fn new(rows: &IntentRows, index: &Index) -> Intents {
        let cards = index.cards();
        let loaded = (rows.0.iter())
            .filter_map(|(intent, terms, answer)| {
                // The importer checked all three; a row it did not write is ignored.
                let intent = intent.parse().ok()?;
                let terms: Vec<String> = serde_json::from_str(terms).ok()?;
                let answer: Vec<String> = serde_json::from_str(answer).ok()?;
                Some(Loaded {
                    intent,
                    terms: terms.iter().map(|t| words(t)).collect(),
                    answer: (answer.iter())
                        .filter_map(|slug| (0..cards.len() as u32).find(|&d| cards.slug(d) == slug))
                        .collect(),
                })
            })
            .collect();
        Intents(loaded)
    }

    /// Every word of every term.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        (self.0.iter())
            .flat_map(|loaded| loaded.terms.iter().flatten())
            .map(String::as_str)
    }

    /// What a query asks for, and the entries that answer it (each once, in seed order).
    /// `spoken` is every word of the query as typed, stopwords and places included: "i need
    /// help" is a term as a whole.
    pub fn asked(&self, spoken: &[String]) -> (Vec<Intent>, Vec<u32>) {
        let mut intents = Vec::new();
        let mut answer = Vec::new();
        for loaded in &self.0 {
            let said = loaded.terms.iter().any(|term| {
                !term.is_empty() && spoken.windows(term.len()).any(|window| window == term)
            });
            if said {
                intents.push(loaded.intent);
                for doc in &loaded.answer {
                    if !answer.contains(doc) {
                        answer.push(*doc);
                    }
                }
            }
        }
        (intents, answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intents() -> Intents {
        let loaded = |intent, terms: &[&str], answer: &[u32]| Loaded {
            intent,
            terms: terms.iter().map(|t| words(t)).collect(),
            answer: answer.to_vec(),
        };
        Intents(vec![
            loaded(Intent::Help, &["help", "i need help", "línea"], &[0, 1]),
            loaded(Intent::Report, &["report", "tip line"], &[0, 2]),
        ])
    }

    fn asked(q: &str) -> (Vec<Intent>, Vec<u32>) {
        intents().asked(&words(q))
    }

    #[test]
    fn whole_words_in_order_ask() {
        assert_eq!(asked("I need HELP now"), (vec![Intent::Help], vec![0, 1]));
        assert_eq!(asked("ice tip line"), (vec![Intent::Report], vec![0, 2]));
        assert_eq!(asked("line tip").0, []);
        assert_eq!(asked("helpful reports").0, []);
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(asked("LINEA").0, [Intent::Help]);
        assert_eq!(asked("línea").0, [Intent::Help]);
    }

    #[test]
    fn both_intents_share_one_answer() {
        assert_eq!(
            asked("help me report"),
            (vec![Intent::Help, Intent::Report], vec![0, 1, 2])
        );
    }
}
