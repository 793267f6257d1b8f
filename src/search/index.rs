//! The search index: every resource's words, held in memory and rebuilt once per catalog.
//!
//! Why in memory and not SQLite's FTS5: a search on the real catalog is a few microseconds of
//! work on integers here, where FTS5 behind sqlx's worker thread cost hundreds of microseconds
//! per query (bm25 and snippets re-read every matching row). The catalog is small next to
//! memory (100,000 entries fit in tens of megabytes), and it changes only on import.
//!
//! Ranking is bm25 as FTS5 computes it (k1 = 1.2, b = 0.75), with a weight per field: each
//! occurrence of a term counts its field's weight, so a word in a name counts ten times one in
//! a description.

use std::borrow::Cow;
use std::collections::HashMap;

use sqlx::SqlitePool;

use super::labels::Labels;
use super::query::{Expression, Match, Term};
use super::text::{self, Stems, spans, tokens};
use crate::db::resources::ResourceCard;

/// The fields searched, in the order of `WEIGHTS`.
const FIELDS: usize = 8;
/// bm25 weight per field: name, alternate names, organization, topics, kind, summary,
/// description, phone numbers.
const WEIGHTS: [f64; FIELDS] = [10.0, 10.0, 3.0, 5.0, 4.0, 2.0, 1.0, 10.0];
const DESCRIPTION: usize = 6;
const PHONES: usize = 7;
/// A snippet is this many words of the description.
const SNIPPET_WORDS: usize = 24;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One resource as search sees it: its words per field, and what filters and facets read.
pub struct Doc {
    pub card: ResourceCard,
    pub facets: FacetPositions,
    /// Term ids of each field's words, in order (phrases are matched on these).
    fields: [Box<[u32]>; FIELDS],
    description: String,
    words: u32,
}

/// A resource's kind, agency, topics, audiences and states (none for national entries), as
/// positions in `Labels`' lists: filtering and counting facets compare and add small numbers
/// instead of hashing strings.
#[derive(Debug, Default)]
pub struct FacetPositions {
    pub kind: Option<usize>,
    pub agency: Option<usize>,
    pub topics: Vec<usize>,
    pub audiences: Vec<usize>,
    pub states: Vec<usize>,
}

/// A query term resolved to the index's term ids.
enum Resolved {
    Phrase(Vec<u32>),
    /// Sorted term ids of every word with the prefix.
    Prefix(Vec<u32>),
    Phone(u32),
}

impl Resolved {
    /// Where this term occurs in a field: each occurrence's first word and its length in
    /// words. Phone numbers occur only in the phone field.
    fn occurrences<'a>(
        &'a self,
        field: usize,
        words: &'a [u32],
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let elsewhere = matches!(self, Resolved::Phone(_)) && field != PHONES;
        let words = if elsewhere { &[][..] } else { words };
        (0..words.len()).filter_map(move |at| {
            let length = match self {
                // The first word alone rules out almost every position; `starts_with` on
                // slices is a call to memcmp, which was a tenth of a search page's time.
                Resolved::Phrase(phrase) => (phrase.first() == Some(&words[at])
                    && words[at..].starts_with(phrase))
                .then_some(phrase.len()),
                Resolved::Prefix(terms) => terms.binary_search(&words[at]).is_ok().then_some(1),
                Resolved::Phone(term) => (words[at] == *term).then_some(1),
            };
            length.map(|length| (at, length))
        })
    }
}

/// The index of one catalog.
#[derive(Default)]
pub struct Index {
    /// In directory order (by id), which is also the unranked order.
    docs: Vec<Doc>,
    /// Stem → term id.
    terms: HashMap<String, u32>,
    /// Word as written → term id: most words people type are here, and need no stemming.
    written: HashMap<String, u32>,
    /// Term ids of a phrase → the documents holding it (see `prepare_phrases`).
    phrases: HashMap<Vec<u32>, Vec<u32>>,
    /// Term id → the documents (positions in `docs`) holding it, ascending.
    postings: Vec<Vec<u32>>,
    /// Every word as written (accents folded), sorted, with how many entries hold it and its
    /// term id: for prefixes and spelling suggestions. Phone numbers are not words here.
    vocabulary: Vec<(String, u32, u32)>,
    average_words: f64,
    stems: Stems,
    /// Every entry's name and alternate names as search words joined by spaces ("national
    /// human trafficking hotline", "nhth") → the entries so named: a query is looked up here
    /// piece by piece, at a cost that does not grow with the catalog.
    names: HashMap<String, Vec<u32>>,
    /// The most words in any name: longer pieces of a query cannot be one.
    longest_name: usize,
}

/// How a query names an entry: exactly (case and punctuation aside), or containing a name of
/// several words whole ("national human trafficking hotline number"), the longer name first.
/// One-word names (acronyms such as "ICE") must match exactly: inside a longer query they are
/// too often part of something else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Naming {
    #[default]
    Not,
    Contains(usize),
    Exactly,
}

/// What the index holds for a resource, as the `resource_search_rows` view gathers it.
#[derive(sqlx::FromRow)]
struct FieldsRow {
    rowid: i64,
    name: String,
    alternate_names: String,
    organization: String,
    topics: String,
    kind: String,
    summary: String,
    description: String,
    phones: String,
}

impl FieldsRow {
    /// The texts, in the index's field order (`DESCRIPTION`, `PHONES`…).
    fn texts(self) -> [String; FIELDS] {
        [
            self.name,
            self.alternate_names,
            self.organization,
            self.topics,
            self.kind,
            self.summary,
            self.description,
            self.phones,
        ]
    }
}

/// What the index is built from, as read from the database.
pub struct IndexRows {
    fields: Vec<FieldsRow>,
    cards: Vec<ResourceCard>,
    /// (resource id, slug or code) pairs: agencies, topics, audiences, states.
    facets: [Vec<(i64, String)>; 4],
    /// (resource id, JSON list of names).
    alternate_names: Vec<(i64, String)>,
}

impl IndexRows {
    /// Reads the catalog's searchable text and facets.
    pub async fn read(pool: &SqlitePool) -> Result<IndexRows, sqlx::Error> {
        let fields: Vec<FieldsRow> = sqlx::query_as(
            "select rowid, name, alternate_names, organization, topics, kind, summary, description, phones
             from resource_search_rows order by rowid",
        )
        .fetch_all(pool)
        .await?;
        let cards = crate::db::resources::all_cards(pool).await?;
        let pairs = |sql: &'static str| sqlx::query_as::<_, (i64, String)>(sql).fetch_all(pool);
        let agencies = pairs(
            "select r.id, o.slug from resources r join organizations o on o.id = r.organization_id",
        )
        .await?;
        let topics = pairs("select resource_id, topic from resource_topics").await?;
        let audiences = pairs("select resource_id, audience from resource_audiences").await?;
        let states = pairs("select resource_id, state_code from service_areas").await?;
        let alternate_names = pairs("select id, alternate_names from resources").await?;
        Ok(IndexRows {
            fields,
            cards,
            facets: [agencies, topics, audiences, states],
            alternate_names,
        })
    }
}

impl Index {
    pub fn build(rows: IndexRows, labels: &Labels) -> Index {
        let IndexRows {
            fields: rows,
            cards,
            facets,
            alternate_names,
        } = rows;
        let mut alternate_names: HashMap<i64, Vec<String>> = (alternate_names.into_iter())
            .map(|(id, json)| (id, serde_json::from_str(&json).unwrap_or_default()))
            .collect();
        let [agencies, topics, audiences, states] = facets;
        // Resource id → positions of its values in a label list.
        let positions = |pairs: Vec<(i64, String)>, list: &[(String, String)]| {
            let at: HashMap<&str, usize> = (list.iter().enumerate())
                .map(|(i, (slug, _))| (slug.as_str(), i))
                .collect();
            let mut by_id: HashMap<i64, Vec<usize>> = HashMap::new();
            for (id, value) in pairs {
                if let Some(&position) = at.get(value.as_str()) {
                    by_id.entry(id).or_default().push(position);
                }
            }
            by_id
        };
        let mut agencies = positions(agencies, &labels.agencies);
        let mut topics = positions(topics, &labels.topics);
        let mut audiences = positions(audiences, &labels.audiences);
        let mut states = positions(states, &labels.states);
        let mut cards: HashMap<i64, Option<ResourceCard>> =
            cards.into_iter().map(|c| (c.id, Some(c))).collect();

        /// A word as written: its term, and how many entries hold it outside phone numbers.
        struct Written {
            term: u32,
            docs: u32,
            last_doc: Option<u32>,
        }
        let mut index = Index::default();
        let mut written: HashMap<String, Written> = HashMap::new();
        for row in rows {
            let Some(card) = take(&mut cards, row.rowid).flatten() else {
                continue;
            };
            let doc = index.docs.len() as u32;
            let texts = row.texts();
            let mut fields: [Box<[u32]>; FIELDS] = Default::default();
            let mut words = 0;
            for (field, text) in texts.iter().enumerate() {
                let mut ids = Vec::new();
                for (_, _, word) in tokens(text) {
                    let entry = written.entry(word).or_insert_with_key(|word| Written {
                        term: index.term(index.stems.stem(word)),
                        docs: 0,
                        last_doc: None,
                    });
                    if field != PHONES && entry.last_doc != Some(doc) {
                        entry.docs += 1;
                        entry.last_doc = Some(doc);
                    }
                    let postings = &mut index.postings[entry.term as usize];
                    if postings.last() != Some(&doc) {
                        postings.push(doc);
                    }
                    ids.push(entry.term);
                }
                words += ids.len() as u32;
                fields[field] = ids.into_boxed_slice();
            }
            let [_, _, _, _, _, _, description, _] = texts;
            let id = card.id;
            let kind = labels
                .kinds
                .iter()
                .position(|(slug, _)| slug == card.kind.slug());
            for name in std::iter::once(card.name.clone())
                .chain(take(&mut alternate_names, id).unwrap_or_default())
            {
                let words = text::words(&name);
                if words.is_empty() {
                    continue;
                }
                index.longest_name = index.longest_name.max(words.len());
                let named = index.names.entry(words.join(" ")).or_default();
                if !named.contains(&doc) {
                    named.push(doc);
                }
            }
            index.docs.push(Doc {
                facets: FacetPositions {
                    kind,
                    agency: take(&mut agencies, id).and_then(|a| a.first().copied()),
                    topics: take(&mut topics, id).unwrap_or_default(),
                    audiences: take(&mut audiences, id).unwrap_or_default(),
                    states: take(&mut states, id).unwrap_or_default(),
                },
                card,
                fields,
                description,
                words,
            });
        }
        index.vocabulary = (written.iter())
            .filter(|(_, w)| w.docs > 0)
            .map(|(word, w)| (word.clone(), w.docs, w.term))
            .collect();
        index.vocabulary.sort_unstable();
        index.written = (written.into_iter())
            .map(|(word, w)| (word, w.term))
            .collect();
        let total: u64 = index.docs.iter().map(|d| u64::from(d.words)).sum();
        index.average_words = total as f64 / index.docs.len().max(1) as f64;
        index
    }

    fn term(&mut self, stem: String) -> u32 {
        let next = self.terms.len() as u32;
        let term = *self.terms.entry(stem).or_insert(next);
        if term == next {
            self.postings.push(Vec::new());
        }
        term
    }

    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// The entries a query names (see `Naming`), with how. `spoken` is every word of the
    /// query; each run of its words no longer than the longest name is looked up once.
    pub fn named(&self, spoken: &[String]) -> HashMap<u32, Naming> {
        let mut named: HashMap<u32, Naming> = HashMap::new();
        for start in 0..spoken.len() {
            let longest = self.longest_name.min(spoken.len() - start);
            for length in 1..=longest {
                let whole = length == spoken.len();
                if !whole && length < 2 {
                    continue;
                }
                let piece = spoken[start..start + length].join(" ");
                let Some(docs) = self.names.get(&piece) else {
                    continue;
                };
                let how = if whole {
                    Naming::Exactly
                } else {
                    Naming::Contains(piece.len())
                };
                for &doc in docs {
                    let best = named.entry(doc).or_default();
                    *best = (*best).max(how);
                }
            }
        }
        named
    }

    /// Whether `word` is a whole word of the catalog (not only the start of one).
    pub fn knows(&self, word: &str) -> bool {
        self.vocabulary
            .binary_search_by(|(w, ..)| w.as_str().cmp(word))
            .is_ok()
    }

    /// Words of the catalog starting with `first`, with how many entries hold each.
    pub fn words_starting_with(&self, first: char) -> impl Iterator<Item = (&str, u32)> {
        let start = self
            .vocabulary
            .partition_point(|(w, ..)| w.chars().next() < Some(first));
        self.vocabulary[start..]
            .iter()
            .take_while(move |(w, ..)| w.starts_with(first))
            .map(|(w, docs, _)| (w.as_str(), *docs))
    }

    fn resolve(&self, term: &Term) -> Option<Resolved> {
        let known = |word: &str| {
            (self.written.get(word).copied())
                .or_else(|| self.terms.get(&self.stems.stem(word)).copied())
        };
        match term {
            Term::Phrase(words) => words
                .iter()
                .map(|w| known(w))
                .collect::<Option<Vec<u32>>>()
                .map(Resolved::Phrase),
            Term::Prefix(prefix) => {
                let start = self
                    .vocabulary
                    .partition_point(|(w, ..)| w.as_str() < prefix.as_str());
                let mut ids: Vec<u32> = self.vocabulary[start..]
                    .iter()
                    .take_while(|(w, ..)| w.starts_with(prefix.as_str()))
                    .map(|(_, _, term)| *term)
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                (!ids.is_empty()).then_some(Resolved::Prefix(ids))
            }
            Term::Phone(digits) => self.written.get(digits).copied().map(Resolved::Phone),
        }
    }

    /// The documents holding a term, ascending.
    fn documents(&self, term: &Resolved) -> Cow<'_, [u32]> {
        match term {
            Resolved::Phrase(ids) if ids.len() == 1 => {
                Cow::Borrowed(&self.postings[ids[0] as usize])
            }
            Resolved::Phrase(ids) => match self.phrases.get(ids) {
                Some(docs) => Cow::Borrowed(docs),
                None => Cow::Owned(self.holding_phrase(ids)),
            },
            Resolved::Prefix(ids) => {
                let mut docs = DocSet::new(self.docs.len());
                for &id in ids {
                    docs.insert_all(&self.postings[id as usize]);
                }
                Cow::Owned(docs.iter().collect())
            }
            Resolved::Phone(id) => Cow::Owned(
                self.postings[*id as usize]
                    .iter()
                    .copied()
                    .filter(|&d| {
                        term.occurrences(PHONES, &self.docs[d as usize].fields[PHONES])
                            .next()
                            .is_some()
                    })
                    .collect(),
            ),
        }
    }

    /// The documents with these words in a row in some field: those with every word, then
    /// those where they follow each other. A pass over every such document, so the phrases
    /// search is known to use (the synonyms) are found once, in `prepare_phrases`.
    fn holding_phrase(&self, ids: &[u32]) -> Vec<u32> {
        let mut docs = self.postings[ids[0] as usize].clone();
        for id in &ids[1..] {
            let other = &self.postings[*id as usize];
            docs.retain(|d| other.binary_search(d).is_ok());
        }
        let phrase = Resolved::Phrase(ids.to_vec());
        docs.retain(|&d| {
            let doc = &self.docs[d as usize];
            (0..FIELDS).any(|f| phrase.occurrences(f, &doc.fields[f]).next().is_some())
        });
        docs
    }

    /// Finds the documents of every phrase of several words among the synonyms, so a search
    /// with "law enforcement" looks its documents up instead of reading every entry with
    /// "law" and "enforcement".
    pub fn prepare_phrases<'s>(&mut self, phrases: impl Iterator<Item = &'s [String]>) {
        for words in phrases {
            if let Some(Resolved::Phrase(ids)) = self.resolve(&Term::Phrase(words.to_vec()))
                && ids.len() > 1
                && !self.phrases.contains_key(&ids)
            {
                let docs = self.holding_phrase(&ids);
                self.phrases.insert(ids, docs);
            }
        }
    }

    /// Runs an expression: the matching documents (positions, ascending) and a scorer.
    pub fn run(&self, expression: &Expression) -> Matches<'_> {
        let mut terms = Vec::new();
        let mut result: Option<DocSet> = None;
        for group in &expression.groups {
            let mut in_group = DocSet::new(self.docs.len());
            for term in group {
                if let Some(resolved) = self.resolve(term) {
                    let docs = self.documents(&resolved);
                    in_group.insert_all(&docs);
                    terms.push((resolved, docs.len()));
                }
            }
            result = Some(match (result, expression.how) {
                (None, _) => in_group,
                (Some(all), Match::All) => all.and(&in_group),
                (Some(any), Match::Any) => any.or(&in_group),
            });
        }
        Matches {
            index: self,
            docs: result.map(|set| set.iter().collect()).unwrap_or_default(),
            terms,
        }
    }
}

/// Takes a resource's value out of a map built for the index, leaving the entry empty.
/// Removing it instead would leave a tombstone, and a table filling with them makes lookups of
/// missing keys (a national entry has no states) probe further. (Not measured on its own: the
/// 100k index build was 14.0 s before this change and 13.4 s after, within noise.)
fn take<T: Default>(map: &mut HashMap<i64, T>, id: i64) -> Option<T> {
    map.get_mut(&id).map(std::mem::take)
}

/// A set of documents as one bit each: unions and intersections of large sets (a common word
/// and its synonyms) cost a pass over their words, not a sort.
struct DocSet(Vec<u64>);

impl DocSet {
    fn new(docs: usize) -> Self {
        DocSet(vec![0; docs.div_ceil(64)])
    }

    fn insert_all(&mut self, docs: &[u32]) {
        for &d in docs {
            self.0[d as usize / 64] |= 1 << (d % 64);
        }
    }

    fn and(mut self, other: &DocSet) -> Self {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
        self
    }

    fn or(mut self, other: &DocSet) -> Self {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
        self
    }

    /// The documents, ascending.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros();
                    bits &= bits - 1;
                    i as u32 * 64 + bit
                })
            })
        })
    }
}

/// The result of running an expression.
pub struct Matches<'i> {
    index: &'i Index,
    /// Positions in the index's documents, ascending.
    pub docs: Vec<u32>,
    /// Each term of the expression the catalog has, with how many entries hold it.
    terms: Vec<(Resolved, usize)>,
}

impl Matches<'_> {
    /// bm25 of a document for this expression: higher is better.
    pub fn score(&self, doc: u32) -> f64 {
        let total = self.index.docs.len() as f64;
        let doc = &self.index.docs[doc as usize];
        let length = K1 * (1.0 - B + B * f64::from(doc.words) / self.index.average_words);
        self.terms
            .iter()
            .map(|(term, holding)| {
                let frequency: f64 = (0..FIELDS)
                    .map(|f| WEIGHTS[f] * term.occurrences(f, &doc.fields[f]).count() as f64)
                    .sum();
                let n = *holding as f64;
                let idf = ((total - n + 0.5) / (n + 0.5)).ln().max(1e-6);
                idf * frequency * (K1 + 1.0) / (frequency + length)
            })
            .sum()
    }
}

/// Marks an expression's terms in snippets. Needs the terms only, not the entries that match
/// them, so it costs no pass over any postings.
pub struct Highlighter<'i> {
    index: &'i Index,
    terms: Vec<Resolved>,
}

impl Index {
    pub fn highlighter(&self, expression: &Expression) -> Highlighter<'_> {
        Highlighter {
            index: self,
            terms: (expression.groups.iter().flatten())
                .filter_map(|term| self.resolve(term))
                .collect(),
        }
    }
}

impl Highlighter<'_> {
    /// A piece of the document's description around its best matches, as HTML: escaped text
    /// with the matches in `<mark>`. `None` when the description holds no match.
    pub fn snippet(&self, doc: u32) -> Option<String> {
        let doc = &self.index.docs[doc as usize];
        let words = &doc.fields[DESCRIPTION];
        // For each word of the description, the term whose match it is part of.
        let mut marks: Vec<Option<usize>> = vec![None; words.len()];
        for (which, term) in self.terms.iter().enumerate() {
            for (at, length) in term.occurrences(DESCRIPTION, words) {
                marks[at..at + length].fill(Some(which));
            }
        }
        let hits: Vec<usize> = (0..words.len()).filter(|&i| marks[i].is_some()).collect();
        let within = |start: usize, end: usize| {
            &hits[hits.partition_point(|&h| h < start)..hits.partition_point(|&h| h < end)]
        };
        // The window with the most different terms, then the most matches; centred on them.
        let window = SNIPPET_WORDS.min(words.len());
        let (_, std::cmp::Reverse(start)) = (hits.iter())
            .map(|&hit| {
                let spread = within(hit, hit + window).last().map_or(0, |l| l - hit + 1);
                let start = hit
                    .saturating_sub((window - spread) / 2)
                    .min(words.len() - window);
                let inside = within(start, start + window);
                let mut distinct: Vec<usize> = inside.iter().filter_map(|&i| marks[i]).collect();
                distinct.sort_unstable();
                distinct.dedup();
                (
                    distinct.len() * 1000 + inside.len(),
                    std::cmp::Reverse(start),
                )
            })
            .max()?;
        let mut html = String::new();
        if start > 0 {
            html.push('…');
        }
        let text = &doc.description;
        let mut printed = None;
        for (i, (from, to)) in spans(text).enumerate().skip(start).take(window) {
            if let Some(previous) = printed {
                escape(&text[previous..from], &mut html);
            }
            if marks[i].is_some() {
                html.push_str("<mark>");
                escape(&text[from..to], &mut html);
                html.push_str("</mark>");
            } else {
                escape(&text[from..to], &mut html);
            }
            printed = Some(to);
        }
        if start + window < words.len() {
            html.push('…');
        }
        Some(html)
    }
}

/// Appends `text` to `html`, escaped as the templates escape everything else.
fn escape(text: &str, html: &mut String) {
    use askama::filters::Escaper;
    // Writing to a String cannot fail.
    let _ = askama::filters::Html.write_escaped_str(html, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::text::words;

    fn entry(id: i64, name: &str, description: &str, phones: &str) -> (FieldsRow, ResourceCard) {
        let text = |t: &str| t.to_owned();
        let row = FieldsRow {
            rowid: id,
            name: text(name),
            alternate_names: String::new(),
            organization: String::new(),
            topics: String::new(),
            kind: String::new(),
            summary: String::new(),
            description: text(description),
            phones: text(phones),
        };
        let card = ResourceCard {
            id,
            slug: format!("entry-{id}"),
            name: text(name),
            summary: String::new(),
            kind: crate::catalog::Kind::Hotline,
            kind_label: "Hotlines".into(),
            is_national: true,
            states: None,
            lines: Default::default(),
            text_lang: crate::lang::Lang::En,
        };
        (row, card)
    }

    fn index() -> Index {
        let (rows, cards) = [
            entry(
                1,
                "Labor Trafficking Hotline",
                "Report <forced> labor & trafficking.",
                "",
            ),
            entry(
                2,
                "Law Enforcement Training",
                "Training for law enforcement officers on trafficked workers.",
                "8883737888 3737888",
            ),
            entry(3, "Enforcement of law", "The law and its enforcement.", ""),
        ]
        .into_iter()
        .unzip();
        Index::build(
            IndexRows {
                fields: rows,
                cards,
                facets: Default::default(),
                alternate_names: Vec::new(),
            },
            &Labels::default(),
        )
    }

    #[test]
    fn a_query_names_an_entry_exactly_or_by_a_whole_name_of_several_words() {
        let index = index();
        let named = |q: &str| {
            let mut found: Vec<(u32, Naming)> = index.named(&words(q)).into_iter().collect();
            found.sort();
            found
        };
        assert_eq!(named("Labor-Trafficking HOTLINE"), [(0, Naming::Exactly)]);
        assert_eq!(
            named("call the labor trafficking hotline now"),
            [(0, Naming::Contains("labor trafficking hotline".len()))]
        );
        assert_eq!(named("hotline"), []);
        assert_eq!(named("law enforcement"), []);
        assert_eq!(named("enforcement of law"), [(2, Naming::Exactly)]);
    }

    fn run(index: &Index, how: Match, terms: Vec<Term>) -> Matches<'_> {
        index.run(&Expression {
            groups: terms.into_iter().map(|t| vec![t]).collect(),
            how,
        })
    }

    fn phrase(text: &str) -> Term {
        Term::Phrase(words(text))
    }

    #[test]
    fn phrases_need_their_words_in_a_row() {
        let index = index();
        assert_eq!(
            run(&index, Match::All, vec![phrase("law enforcement")]).docs,
            [1]
        );
        assert_eq!(
            run(
                &index,
                Match::All,
                vec![phrase("law"), phrase("enforcement")]
            )
            .docs,
            [1, 2]
        );
    }

    #[test]
    fn stems_and_prefixes_find_other_forms() {
        let index = index();
        let stem = run(&index, Match::All, vec![phrase("trafficking")]);
        assert_eq!(stem.docs, [0, 1], "trafficked is a form of trafficking");
        let prefix = run(&index, Match::All, vec![Term::Prefix("traff".into())]);
        assert_eq!(prefix.docs, [0, 1]);
        assert!(
            run(&index, Match::All, vec![phrase("zebra")])
                .docs
                .is_empty()
        );
    }

    #[test]
    fn a_word_in_a_name_outranks_one_in_a_description() {
        let index = index();
        let matches = run(&index, Match::All, vec![phrase("trafficking")]);
        assert!(matches.score(0) > matches.score(1));
    }

    #[test]
    fn phone_digits_match_phone_numbers_only() {
        let index = index();
        let found = run(&index, Match::All, vec![Term::Phone("3737888".into())]);
        assert_eq!(found.docs, [1]);
    }

    #[test]
    fn snippets_are_escaped_and_marked() {
        let index = index();
        let highlighter = index.highlighter(&Expression {
            groups: vec![vec![phrase("forced")], vec![phrase("officers")]],
            how: Match::Any,
        });
        assert_eq!(
            highlighter.snippet(0).as_deref(),
            Some("Report &#60;<mark>forced</mark>&#62; labor &#38; trafficking")
        );
        assert_eq!(
            highlighter.snippet(1).as_deref(),
            Some("Training for law enforcement <mark>officers</mark> on trafficked workers")
        );
        assert_eq!(highlighter.snippet(2), None, "no match in its description");
    }
}
