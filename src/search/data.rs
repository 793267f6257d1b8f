//! What search needs, loaded once per catalog for each language: the index, place names and
//! ZIP prefixes, synonym groups, and the labels facets show. None of it depends on what anyone
//! searches. The Spanish data holds the catalog's Spanish text beside its English, with
//! Spanish stems, stopwords, state names and labels. Both languages' data are built together,
//! from one reading of the catalog (`Bilingual`).

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::SqlitePool;

use super::cards::EnglishCards;
use super::index::{Index, IndexRows};
use super::intent::{IntentRows, Intents};
use super::labels::Labels;
use super::query::{self, ParsedQuery, Places, Synonyms};
use super::translations::Translations;
use crate::db::per_catalog::off_the_runtime;
use crate::db::resources::{ResourceCard, all_cards_in};
use crate::lang::Lang;

/// Everything search reads, loaded once per catalog: a search asks the database nothing.
#[derive(Default)]
pub struct SearchData {
    pub lang: Lang,
    pub places: Places,
    pub synonyms: Synonyms,
    pub labels: Labels,
    pub index: Index,
    pub intents: Intents,
    /// Spanish only: the words of synonyms and intents that no entry holds ("denunciar"
    /// where no record is translated yet), sorted. Search understands them, so they are
    /// neither corrected nor missing from corrections ("denunsiar" → "denunciar").
    understood: Vec<String>,
}

/// A `zip_prefixes` row whose states are not the JSON list of codes the importer writes: the
/// database was changed by something else, and a ZIP search would silently find nothing.
#[derive(Debug, thiserror::Error)]
#[error("zip_prefixes row {prefix:?}: states {states:?} is not a JSON list of state codes")]
struct CorruptZipPrefix {
    prefix: String,
    states: String,
}

/// What both languages' `SearchData` are made of, read from the database once: the Spanish
/// index holds the same entries, words and facets as the English one, and reading them is
/// about half of a build's time on a large catalog. Each language's data is then made from
/// it on the blocking pool (`build`), since that is seconds of CPU for a large catalog.
struct Rows {
    /// Read for Spanish search; English search reads none of it.
    spanish_text: Translations,
    states: Vec<(String, String)>,
    zips: HashMap<String, Vec<String>>,
    synonyms: Vec<Vec<String>>,
    /// In English.
    labels: Labels,
    index: IndexRows,
    intents: IntentRows,
}

/// Every entry's card, in each language: apart from `Rows`, since each build takes its own.
struct CardsIn {
    english: Vec<ResourceCard>,
    spanish: Vec<ResourceCard>,
}

impl Rows {
    /// The rows, and every entry's card in each language.
    async fn read(pool: &SqlitePool) -> Result<(Rows, CardsIn), sqlx::Error> {
        // The three largest readings at once, on connections of their own while the pool
        // has them free.
        let (index, english_cards, spanish_cards) = tokio::try_join!(
            IndexRows::read(pool),
            all_cards_in(pool, Lang::En),
            all_cards_in(pool, Lang::Es),
        )?;
        let states: Vec<(String, String)> =
            sqlx::query_as("select code, name from states order by name")
                .fetch_all(pool)
                .await?;
        let zips: Vec<(String, String)> = sqlx::query_as("select prefix, states from zip_prefixes")
            .fetch_all(pool)
            .await?;
        let zips = zips
            .into_iter()
            .map(|(prefix, states)| match serde_json::from_str(&states) {
                Ok(codes) => Ok((prefix, codes)),
                Err(_) => Err(sqlx::Error::Decode(Box::new(CorruptZipPrefix {
                    prefix,
                    states,
                }))),
            })
            .collect::<Result<_, _>>()?;
        let rows: Vec<(i64, String)> =
            sqlx::query_as("select group_id, term from synonyms order by group_id, term")
                .fetch_all(pool)
                .await?;
        let mut synonyms: Vec<Vec<String>> = Vec::new();
        let mut last = None;
        for (group, term) in rows {
            if last != Some(group) {
                synonyms.push(Vec::new());
                last = Some(group);
            }
            synonyms.last_mut().expect("pushed above").push(term);
        }
        let labels = |sql: &'static str| sqlx::query_as::<_, (String, String)>(sql).fetch_all(pool);
        let labels = Labels {
            kinds: labels("select slug, label from kinds order by position").await?,
            topics: labels("select slug, label from topics order by position").await?,
            audiences: labels("select slug, label from audiences order by position").await?,
            agencies: labels("select slug, name from organizations order by name").await?,
            states: states.clone(),
        };
        let rows = Rows {
            spanish_text: Translations::read(pool, Lang::Es).await?,
            states,
            zips,
            synonyms,
            labels,
            index,
            intents: IntentRows::read(pool).await?,
        };
        let cards = CardsIn {
            english: english_cards,
            spanish: spanish_cards,
        };
        Ok((rows, cards))
    }

    /// The search data of `lang`, with its `cards`, sharing the texts and buttons of
    /// `english`.
    fn build(&self, lang: Lang, cards: Vec<ResourceCard>, english: &EnglishCards) -> SearchData {
        let translations = match lang {
            Lang::En => None,
            Lang::Es => Some(&self.spanish_text),
        };
        let mut synonyms = Synonyms::in_language(&self.synonyms, lang);
        let mut places = Places::new(&self.states, self.zips.clone());
        let mut labels = self.labels.clone();
        if let Some(translations) = translations {
            places = places.in_language(lang, &translations.states);
            labels = translations.labels(&labels);
        }
        let mut index = Index::build(&self.index, cards, english, &labels, translations);
        let intents = Intents::new(&self.intents, &index);
        let mut understood = Vec::new();
        if lang == Lang::Es {
            understood = (synonyms.terms().flatten().map(String::as_str))
                .chain(intents.words())
                .filter(|word| !index.knows(word))
                .map(str::to_owned)
                .collect();
            understood.sort_unstable();
            understood.dedup();
        }
        synonyms.keep_terms(|words| index.has_words(words));
        index.prepare_phrases(synonyms.terms());
        SearchData {
            lang,
            intents,
            places,
            synonyms,
            index,
            labels,
            understood,
        }
    }
}

/// The search data of both languages, for one catalog: built together, from one reading.
pub struct Bilingual {
    english: Arc<SearchData>,
    spanish: Arc<SearchData>,
}

impl Bilingual {
    /// Reads the catalog once and builds both languages' data from it, at once.
    pub async fn load(pool: &SqlitePool) -> Result<Bilingual, sqlx::Error> {
        let (rows, cards) = Rows::read(pool).await?;
        let rows = Arc::new(rows);
        // Gathered first: both builds share them.
        let (shared, english_cards) = off_the_runtime({
            let rows = rows.clone();
            move || (rows.index.english_cards(&cards.english), cards.english)
        })
        .await;
        let shared = Arc::new(shared);
        let english = off_the_runtime({
            let (rows, shared) = (rows.clone(), shared.clone());
            move || rows.build(Lang::En, english_cards, &shared)
        });
        let spanish = off_the_runtime(move || rows.build(Lang::Es, cards.spanish, &shared));
        let (english, spanish) = tokio::join!(english, spanish);
        Ok(Bilingual {
            english: Arc::new(english),
            spanish: Arc::new(spanish),
        })
    }

    /// What search in `lang` reads.
    pub fn get(&self, lang: Lang) -> &Arc<SearchData> {
        match lang {
            Lang::En => &self.english,
            Lang::Es => &self.spanish,
        }
    }
}

impl SearchData {
    /// Parses a query and marks whether its last word is complete, which decides whether it
    /// also matches as a prefix.
    pub fn parse(&self, q: &str) -> ParsedQuery {
        let mut parsed = query::parse(q, &self.places);
        parsed.last_word_complete = parsed.words.last().is_some_and(|w| self.index.knows(w));
        parsed
    }

    /// For each word the index does not know, the closest word it does (a slip or two away),
    /// preferring the more common. `None` when every word is known or none has a near
    /// neighbour. Candidates share the first letter (slips there are rare), so this looks at a
    /// slice of the vocabulary, not all of it.
    pub fn correction(&self, parsed: &ParsedQuery) -> Option<Vec<(String, String)>> {
        let mut corrections = Vec::new();
        for word in &parsed.words {
            let budget = query::typo_budget(word);
            let understood = self.understood.binary_search(word).is_ok();
            if budget == 0
                || word.chars().all(|c| c.is_ascii_digit())
                || self.index.knows(word)
                || understood
            {
                continue;
            }
            let Some(first) = word.chars().next() else {
                continue;
            };
            let len = word.chars().count();
            let also = (self.understood.iter())
                .filter(|w| w.starts_with(first))
                .map(|w| (w.as_str(), 0));
            let best = (self.index.words_starting_with(first).chain(also))
                .filter(|(term, _)| term.chars().count().abs_diff(len) <= budget)
                .map(|(term, docs)| {
                    (
                        query::edit_distance(word, term),
                        std::cmp::Reverse(docs),
                        term,
                    )
                })
                .filter(|(distance, ..)| *distance <= budget)
                .min();
            if let Some((_, _, term)) = best {
                corrections.push((word.clone(), term.to_owned()));
            }
        }
        (!corrections.is_empty()).then_some(corrections)
    }
}
