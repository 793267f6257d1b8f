//! The search index: every resource's words, held in memory and rebuilt once per catalog.
//!
//! Why in memory and not SQLite's FTS5: a search on the real catalog is a few microseconds of
//! work on integers here, where FTS5 behind sqlx's worker thread cost hundreds of microseconds
//! per query (bm25 and snippets re-read every matching row). The catalog is small next to
//! memory, and it changes only on import.
//!
//! What it holds, and why in this shape (a catalog of 100,000 entries should fit in as little
//! memory as it can and build in seconds, so nothing is held per entry that can be shared;
//! measured at 100,000: about 305 MB of heap for both languages' indexes together):
//! - every entry's words as term ids, one entry after another in one vector (`words`), each
//!   entry's fields marked by their ends (`Doc::bounds`): phrases, field weights and snippets
//!   are read from these;
//! - for each term, the entries holding it (`Postings`, every term's list in one vector);
//! - the words as written and their stems → term ids, and the sorted vocabulary for prefixes
//!   and spelling suggestions;
//! - every entry's names, for queries that name one (`Names`);
//! - what results show: cards and descriptions (`Cards`, in `cards.rs`).
//!
//! Ranking is bm25 as FTS5 computes it (k1 = 1.2, b = 0.75), with a weight per field: each
//! occurrence of a term counts its field's weight, so a word in a name counts ten times one in
//! a description.
//!
//! Spanish search has an index of its own (built beside the English one; see `search`): each
//! entry's Spanish text (where it has one) beside its English, stemmed as Spanish, in the same
//! fields, so a Spanish query matches either. The English index holds no Spanish text, so
//! English ranking, suggestions and speed are what they were.

use std::borrow::Cow;

use foldhash::HashMap;
use sqlx::SqlitePool;

use super::cards::{Cards, EnglishCards};
use super::labels::Labels;
use super::query::{Expression, Match, Term};
use super::text::{self, Stems, spans};
use super::translations::{ResourceText, Translations};
use crate::db::resources::ResourceCard;
use crate::lang::Lang;

/// The fields searched, in the order of `WEIGHTS`.
const FIELDS: usize = 8;
/// bm25 weight per field: name, alternate names, organization, topics, kind, summary,
/// description, phone numbers. Whole numbers: a score adds a field's weight once per
/// occurrence, which gives exactly weight × count only while they are.
const WEIGHTS: [f64; FIELDS] = [10.0, 10.0, 3.0, 5.0, 4.0, 2.0, 1.0, 10.0];
const DESCRIPTION: usize = 6;
const PHONES: usize = 7;
/// A snippet is this many words of the description.
const SNIPPET_WORDS: usize = 24;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Stands between a field's Spanish and English text, so no phrase spans the two. No term
/// has this id: it matches nothing and has no postings.
const BETWEEN: u32 = u32::MAX;

/// One resource as search sees it: where its words are, and what filters and facets read.
/// Its card and description are in the index's `Cards`, at the same position.
pub struct Doc {
    pub facets: FacetPositions,
    /// Where its fields' words are in `Index::words`: field `f` is `bounds[f]..bounds[f + 1]`.
    bounds: [u32; FIELDS + 1],
    /// How many words of the description field are those of the description snippets are cut
    /// from (the Spanish one in the Spanish index where there is one): it holds them first,
    /// then any other text.
    description_words: u32,
    words: u32,
}

/// A resource's kind, agency, topics, audiences and states (none for national entries), as
/// positions in `Labels`' lists: filtering and counting facets compare and add small numbers
/// instead of hashing strings. The three lists share one allocation.
#[derive(Debug, Default)]
pub struct FacetPositions {
    pub kind: Option<u32>,
    pub agency: Option<u32>,
    /// Topics, then audiences, then states.
    lists: Box<[u32]>,
    /// Where the audiences and the states start in `lists`.
    cuts: [u32; 2],
}

impl FacetPositions {
    fn new(
        kind: Option<u32>,
        agency: Option<u32>,
        [topics, audiences, states]: [Vec<u32>; 3],
    ) -> Self {
        let cuts = [topics.len(), topics.len() + audiences.len()].map(|cut| cut as u32);
        FacetPositions {
            kind,
            agency,
            lists: [topics, audiences, states].concat().into_boxed_slice(),
            cuts,
        }
    }

    pub fn topics(&self) -> &[u32] {
        &self.lists[..self.cuts[0] as usize]
    }

    pub fn audiences(&self) -> &[u32] {
        &self.lists[self.cuts[0] as usize..self.cuts[1] as usize]
    }

    pub fn states(&self) -> &[u32] {
        &self.lists[self.cuts[1] as usize..]
    }
}

/// A query term resolved to the index's term ids.
#[cfg_attr(test, derive(Clone))]
enum Resolved {
    Phrase(Vec<u32>),
    /// Sorted term ids of every word with the prefix.
    Prefix(Vec<u32>),
    Phone(u32),
}

impl Resolved {
    /// Where this term occurs in a field: each occurrence's first word and its length in
    /// words.
    fn occurrences<'a>(
        &'a self,
        field: usize,
        words: &'a [u32],
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        (0..words.len()).filter_map(move |at| self.length_at(field, words, at).map(|l| (at, l)))
    }

    /// The length in words of this term's occurrence starting at `words[at]` in `field`, if
    /// one does: the one rule of what matches where, for `occurrences` and for
    /// `TermFinder::each_in`. Phone numbers occur only in the phone field.
    #[inline]
    fn length_at(&self, field: usize, words: &[u32], at: usize) -> Option<usize> {
        match self {
            // The first word alone rules out almost every position; `starts_with` on slices
            // is a call to memcmp, which was a tenth of a search page's time.
            Resolved::Phrase(phrase) => (phrase.first() == Some(&words[at])
                && words[at..].starts_with(phrase))
            .then_some(phrase.len()),
            Resolved::Prefix(terms) => terms.binary_search(&words[at]).is_ok().then_some(1),
            Resolved::Phone(term) => (field == PHONES && words[at] == *term).then_some(1),
        }
    }
}

/// Term id → the entries (positions in the index) holding it, ascending. Every term's list is
/// in one vector, one after another, the term's at `starts[term]..starts[term + 1]`: built
/// once every entry's words are known, in two passes (count, then fill), so it holds no spare
/// capacity and no allocation per term.
#[derive(Default)]
struct Postings {
    starts: Vec<u32>,
    docs: Vec<u32>,
}

impl Postings {
    fn of(&self, term: u32) -> &[u32] {
        let term = term as usize;
        &self.docs[self.starts[term] as usize..self.starts[term + 1] as usize]
    }

    /// From every entry's words (`words`, each entry's at its `bounds`), for `terms` terms.
    fn build(terms: usize, docs: &[Doc], words: &[u32]) -> Postings {
        // Each term's last entry seen, so an entry is counted once however often it has it.
        let mut last = vec![u32::MAX; terms];
        let mut counts = vec![0u32; terms + 1];
        let every = |each: &mut dyn FnMut(u32, u32)| {
            for (at, doc) in docs.iter().enumerate() {
                let range = doc.bounds[0] as usize..doc.bounds[FIELDS] as usize;
                for &term in &words[range] {
                    if term != BETWEEN {
                        each(term, at as u32);
                    }
                }
            }
        };
        every(&mut |term, doc| {
            if last[term as usize] != doc {
                last[term as usize] = doc;
                counts[term as usize + 1] += 1;
            }
        });
        // Running totals: counts[t] becomes where term t's list starts.
        for t in 1..counts.len() {
            counts[t] += counts[t - 1];
        }
        let starts = counts;
        let mut next = starts.clone();
        let mut postings = vec![0; starts[terms] as usize];
        last.fill(u32::MAX);
        every(&mut |term, doc| {
            if last[term as usize] != doc {
                last[term as usize] = doc;
                postings[next[term as usize] as usize] = doc;
                next[term as usize] += 1;
            }
        });
        Postings {
            starts,
            docs: postings,
        }
    }
}

/// Every entry's name and alternate names as search words joined by spaces ("national human
/// trafficking hotline", "nhth"), with the entry so named, sorted by name: a query is looked up
/// here piece by piece (`Index::named`), at a cost that does not grow with the catalog. One
/// string holds every name, so a name costs no allocation of its own.
#[derive(Default)]
struct Names {
    text: String,
    /// (start, end) of a name in `text`, and its entry; sorted by name, then entry.
    entries: Vec<(u32, u32, u32)>,
    /// The most words in any name: longer pieces of a query cannot be one.
    longest: usize,
}

impl Names {
    fn name(&self, &(start, end, _): &(u32, u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    fn add(&mut self, name: &str, doc: u32) {
        let words = text::words(name);
        if words.is_empty() {
            return;
        }
        self.longest = self.longest.max(words.len());
        let start = self.text.len() as u32;
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(word);
        }
        self.entries.push((start, self.text.len() as u32, doc));
    }

    /// Sorts what `add` gathered, for lookups, and drops an entry's repeated names.
    fn sort(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_unstable_by(|a, b| self.name(a).cmp(self.name(b)).then(a.2.cmp(&b.2)));
        entries.dedup_by(|a, b| a.2 == b.2 && self.name(a) == self.name(b));
        entries.shrink_to_fit();
        self.text.shrink_to_fit();
        self.entries = entries;
    }

    /// The entries named `name`.
    fn get<'n>(&'n self, name: &'n str) -> impl Iterator<Item = u32> + 'n {
        let start = self.entries.partition_point(|e| self.name(e) < name);
        (self.entries[start..].iter())
            .take_while(move |e| self.name(e) == name)
            .map(|&(_, _, doc)| doc)
    }
}

/// The index of one catalog.
#[derive(Default)]
pub struct Index {
    /// In directory order (by id), which is also the unranked order.
    docs: Vec<Doc>,
    /// What results show of each entry, in the same order.
    cards: Cards,
    /// Every entry's words as term ids, entry after entry (see `Doc::bounds`), `BETWEEN`
    /// between a field's Spanish and English text.
    words: Vec<u32>,
    /// Stem → term id.
    terms: HashMap<String, u32>,
    /// Word as written → term id: most words people type are here, and need no stemming.
    written: HashMap<String, u32>,
    /// Term ids of a phrase → the documents holding it (see `prepare_phrases`).
    phrases: HashMap<Vec<u32>, Vec<u32>>,
    postings: Postings,
    /// Every word as written (accents folded), sorted, with how many entries hold it and its
    /// term id: for prefixes and spelling suggestions. Phone numbers are not words here.
    vocabulary: Vec<(String, u32, u32)>,
    average_words: f64,
    stems: Stems,
    /// Set in the Spanish index: a query word is looked up by its Spanish stem, then its
    /// English one.
    spanish: Option<Stems>,
    names: Names,
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
    fn texts(&self) -> [&str; FIELDS] {
        [
            &self.name,
            &self.alternate_names,
            &self.organization,
            &self.topics,
            &self.kind,
            &self.summary,
            &self.description,
            &self.phones,
        ]
    }
}

/// What the index is built from, as read from the database: the same for both languages'
/// indexes, which are built from one reading (the cards, in each language, apart).
pub struct IndexRows {
    fields: Vec<FieldsRow>,
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
            facets: [agencies, topics, audiences, states],
            alternate_names,
        })
    }

    /// Every entry's English texts and buttons, from its English card and its description
    /// here: what both languages' cards share.
    pub fn english_cards(&self, cards: &[ResourceCard]) -> EnglishCards {
        EnglishCards::new(cards.iter().filter_map(|card| {
            let at = (self.fields)
                .binary_search_by_key(&card.id, |row| row.rowid)
                .ok()?;
            Some((card, self.fields[at].description.as_str()))
        }))
    }
}

/// A word as written, while the index is built: its term, and how many entries hold it
/// outside phone numbers.
struct Written {
    term: u32,
    docs: u32,
    last_doc: Option<u32>,
}

impl Index {
    /// The index of the catalog's English text, and of its Spanish text too when
    /// `spanish` is given (with the `cards` and `labels` in Spanish). The cards hold only the
    /// texts and buttons that are not those of `english_cards` (see `cards`).
    pub fn build(
        rows: &IndexRows,
        cards: Vec<ResourceCard>,
        english_cards: &EnglishCards,
        labels: &Labels,
        spanish: Option<&Translations>,
    ) -> Index {
        let IndexRows {
            fields: rows,
            facets,
            alternate_names,
        } = rows;
        let mut alternate_names: HashMap<i64, Vec<String>> = (alternate_names.iter())
            .map(|(id, json)| (*id, serde_json::from_str(json).unwrap_or_default()))
            .collect();
        let [agencies, topics, audiences, states] = facets;
        // Resource id → positions of its values in a label list.
        let positions = |pairs: &[(i64, String)], list: &[(String, String)]| {
            let at: HashMap<&str, u32> = (list.iter().enumerate())
                .map(|(i, (slug, _))| (slug.as_str(), i as u32))
                .collect();
            let mut by_id: HashMap<i64, Vec<u32>> = HashMap::default();
            for (id, value) in pairs {
                if let Some(&position) = at.get(value.as_str()) {
                    by_id.entry(*id).or_default().push(position);
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

        let mut index = Index {
            spanish: spanish.map(|_| Stems::of(Lang::Es)),
            cards: Cards::sharing(english_cards),
            ..Index::default()
        };
        let mut written: HashMap<String, Written> = HashMap::default();
        // The word being read, lower-cased and folded: one buffer for them all.
        let mut word = String::new();
        for row in rows {
            let Some(card) = take(&mut cards, row.rowid).flatten() else {
                continue;
            };
            let id = card.id;
            let facets = FacetPositions::new(
                labels
                    .kinds
                    .iter()
                    .position(|(slug, _)| slug == card.kind.slug())
                    .map(|at| at as u32),
                take(&mut agencies, id).and_then(|a| a.first().copied()),
                [
                    take(&mut topics, id).unwrap_or_default(),
                    take(&mut audiences, id).unwrap_or_default(),
                    take(&mut states, id).unwrap_or_default(),
                ],
            );
            let translated = spanish.and_then(|t| t.resources.get(&id));
            let extra = spanish
                .map(|t| spanish_texts(t, translated, &facets, labels, card.kind.slug()))
                .unwrap_or_default();
            let doc = index.docs.len() as u32;
            let texts = row.texts();
            let mut bounds = [index.words.len() as u32; FIELDS + 1];
            let mut words = 0;
            let mut description_words = 0;
            for (field, (&text, other)) in texts.iter().zip(&extra).enumerate() {
                // A translated description comes first: snippets are cut from it.
                let english = Some((text, Lang::En));
                let spanish = other.as_deref().map(|other| (other, Lang::Es));
                let pieces = match field {
                    DESCRIPTION if spanish.is_some() => [spanish, english],
                    _ => [english, spanish],
                };
                let field_start = index.words.len();
                for (piece, (text, lang)) in pieces.into_iter().flatten().enumerate() {
                    if piece > 0 {
                        index.words.push(BETWEEN);
                    }
                    for (start, end) in spans(text) {
                        text::fold_word(&text[start..end], &mut word);
                        let counted = field != PHONES;
                        let term = match written.get_mut(word.as_str()) {
                            Some(seen) => seen.count(doc, counted),
                            None => {
                                let stem = match (lang, &index.spanish) {
                                    (Lang::Es, Some(stems)) => stems.stem(&word),
                                    _ => index.stems.stem(&word),
                                };
                                let mut new = Written {
                                    term: index.term(stem),
                                    docs: 0,
                                    last_doc: None,
                                };
                                let term = new.count(doc, counted);
                                written.insert(word.clone(), new);
                                term
                            }
                        };
                        index.words.push(term);
                    }
                    if field == DESCRIPTION && piece == 0 {
                        description_words = (index.words.len() - field_start) as u32;
                    }
                }
                let field_words = &index.words[field_start..];
                words += field_words.iter().filter(|&&id| id != BETWEEN).count() as u32;
                bounds[field + 1] = index.words.len() as u32;
            }
            let [english_name, _, _, _, _, _, english_description, _] = texts;
            let [_, _, _, _, _, _, spanish_description, _] = extra;
            let description = spanish_description
                .as_deref()
                .unwrap_or(english_description);
            // A query names an entry by its English or its Spanish names alike.
            index.names.add(english_name, doc);
            for name in take(&mut alternate_names, id).unwrap_or_default() {
                index.names.add(&name, doc);
            }
            if let Some(translated) = translated {
                index.names.add(&translated.name, doc);
                for name in translated.alternate_names() {
                    index.names.add(&name, doc);
                }
            }
            index.cards.push(card, description, english_cards);
            index.docs.push(Doc {
                facets,
                bounds,
                description_words,
                words,
            });
        }
        index.names.sort();
        index.docs.shrink_to_fit();
        index.words.shrink_to_fit();
        index.cards.shrink_to_fit();
        index.postings = Postings::build(index.terms.len(), &index.docs, &index.words);
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

    /// Whether this is the Spanish index.
    pub fn is_spanish(&self) -> bool {
        self.spanish.is_some()
    }

    fn term(&mut self, stem: String) -> u32 {
        let next = self.terms.len() as u32;
        *self.terms.entry(stem).or_insert(next)
    }

    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// What results show of each entry (same positions as `docs`).
    pub fn cards(&self) -> &Cards {
        &self.cards
    }

    /// An entry's words in one field, as term ids.
    fn field(&self, doc: u32, field: usize) -> &[u32] {
        let bounds = &self.docs[doc as usize].bounds;
        &self.words[bounds[field] as usize..bounds[field + 1] as usize]
    }

    /// The entries a query names (see `Naming`), with how. `spoken` is every word of the
    /// query; each run of its words no longer than the longest name is looked up once.
    pub fn named(&self, spoken: &[String]) -> HashMap<u32, Naming> {
        let mut named: HashMap<u32, Naming> = HashMap::default();
        for start in 0..spoken.len() {
            let longest = self.names.longest.min(spoken.len() - start);
            for length in 1..=longest {
                let whole = length == spoken.len();
                if !whole && length < 2 {
                    continue;
                }
                let piece = spoken[start..start + length].join(" ");
                let how = if whole {
                    Naming::Exactly
                } else {
                    Naming::Contains(piece.len())
                };
                for doc in self.names.get(&piece) {
                    let best = named.entry(doc).or_default();
                    *best = (*best).max(how);
                }
            }
        }
        named
    }
    /// Whether the catalog has every word of a phrase (in some form).
    pub fn has_words(&self, words: &[String]) -> bool {
        self.resolve(&Term::Phrase(words.to_vec())).is_some()
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
                .or_else(|| {
                    let stems = self.spanish.as_ref()?;
                    self.terms.get(&stems.stem(word)).copied()
                })
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
            Resolved::Phrase(ids) if ids.len() == 1 => Cow::Borrowed(self.postings.of(ids[0])),
            Resolved::Phrase(ids) => match self.phrases.get(ids) {
                Some(docs) => Cow::Borrowed(docs),
                None => Cow::Owned(self.holding_phrase(ids)),
            },
            Resolved::Prefix(ids) => {
                let mut docs = DocSet::new(self.docs.len());
                for &id in ids {
                    docs.insert_all(self.postings.of(id));
                }
                Cow::Owned(docs.iter().collect())
            }
            Resolved::Phone(id) => Cow::Owned(
                (self.postings.of(*id).iter().copied())
                    .filter(|&d| (term.occurrences(PHONES, self.field(d, PHONES)).next()).is_some())
                    .collect(),
            ),
        }
    }

    /// The documents with these words in a row in some field: those with every word, then
    /// those where they follow each other. A pass over every such document, so the phrases
    /// search is known to use (the synonyms) are found once, in `prepare_phrases`.
    fn holding_phrase(&self, ids: &[u32]) -> Vec<u32> {
        let mut docs = self.postings.of(ids[0]).to_vec();
        for id in &ids[1..] {
            let other = self.postings.of(*id);
            docs.retain(|d| other.binary_search(d).is_ok());
        }
        let phrase = Resolved::Phrase(ids.to_vec());
        docs.retain(|&d| {
            (0..FIELDS).any(|f| phrase.occurrences(f, self.field(d, f)).next().is_some())
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
                    terms.push((resolved, self.idf(docs.len())));
                }
            }
            result = Some(match (result, expression.how) {
                (None, _) => in_group,
                (Some(all), Match::All) => all.and(&in_group),
                (Some(any), Match::Any) => any.or(&in_group),
            });
        }
        let (terms, idfs) = terms.into_iter().unzip();
        Matches {
            index: self,
            docs: result.map(|set| set.iter().collect()).unwrap_or_default(),
            terms: TermFinder::new(terms),
            idfs,
            frequencies: Vec::new(),
        }
    }
}

impl Index {
    /// bm25's inverse document frequency of a term `holding` entries hold, as FTS5 computes
    /// it.
    fn idf(&self, holding: usize) -> f64 {
        let total = self.docs.len() as f64;
        let n = holding as f64;
        ((total - n + 0.5) / (n + 0.5)).ln().max(1e-6)
    }
}

/// An entry's Spanish text per field, in the index's field order: its translation's name,
/// alternate names, summary and description, and the Spanish labels of its topics and kind.
/// `None` where there is nothing in Spanish (organizations and phone numbers never are).
fn spanish_texts(
    translations: &Translations,
    translated: Option<&ResourceText>,
    facets: &FacetPositions,
    labels: &Labels,
    kind: &str,
) -> [Option<String>; FIELDS] {
    let topics: Vec<&str> = (facets.topics().iter())
        .filter_map(|&at| translations.topics.get(&labels.topics[at as usize].0))
        .map(String::as_str)
        .collect();
    let alternate_names = translated.map(|t| t.alternate_names().join(" "));
    [
        translated.map(|t| t.name.clone()),
        alternate_names.filter(|names| !names.is_empty()),
        None,
        (!topics.is_empty()).then(|| topics.join(" ")),
        translations.kinds.get(kind).cloned(),
        translated.map(|t| t.summary.clone()),
        translated.map(|t| t.description.clone()),
        None,
    ]
}

impl Written {
    /// Notes that entry `doc` holds this word (`counted`: outside phone numbers); its term.
    fn count(&mut self, doc: u32, counted: bool) -> u32 {
        if counted && self.last_doc != Some(doc) {
            self.docs += 1;
            self.last_doc = Some(doc);
        }
        self.term
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
    /// Each term of the expression the catalog has.
    terms: TermFinder,
    /// Each term's idf, in the order of `terms` (computed once per search, not once per entry
    /// scored).
    idfs: Vec<f64>,
    /// Room for each term's frequency in the entry being scored: one allocation per search,
    /// not one per entry (a broad search scores a thousand).
    frequencies: Vec<f64>,
}

impl Matches<'_> {
    /// bm25 of a document for this expression: higher is better.
    pub fn score(&mut self, doc: u32) -> f64 {
        let index = self.index;
        let words = index.docs[doc as usize].words;
        let length = K1 * (1.0 - B + B * f64::from(words) / index.average_words);
        // Each term's weighted count of occurrences; a sum of whole numbers, so the order they
        // are added in does not change it.
        let frequencies = &mut self.frequencies;
        frequencies.clear();
        frequencies.resize(self.idfs.len(), 0.0);
        for (field, weight) in WEIGHTS.iter().enumerate() {
            self.terms
                .each_in(field, index.field(doc, field), |which, _, _| {
                    frequencies[which] += weight;
                });
        }
        (self.idfs.iter().zip(frequencies.iter()))
            .map(|(idf, frequency)| idf * frequency * (K1 + 1.0) / (frequency + length))
            .sum()
    }
}

/// Marks an expression's terms in snippets. Needs the terms only, not the entries that match
/// them, so it costs no pass over any postings.
pub struct Highlighter<'i> {
    index: &'i Index,
    terms: TermFinder,
}

impl Index {
    pub fn highlighter(&self, expression: &Expression) -> Highlighter<'_> {
        Highlighter {
            index: self,
            terms: TermFinder::new(
                (expression.groups.iter().flatten())
                    .filter_map(|term| self.resolve(term))
                    .collect(),
            ),
        }
    }
}

/// A query's terms, found in a field in one pass over its words. Synonyms made a query of
/// three words eighteen terms, and asking each term in turn for its occurrences read every
/// word of every field eighteen times: scores and snippets were a third of a results page's
/// time (perf, `/search?q=training+for+police`). Here each word is looked up once: one bit of
/// a small filter rules out almost every word, and the rest are looked up among the terms'
/// first words.
struct TermFinder {
    resolved: Vec<Resolved>,
    /// (term id of a word a term starts with, the term's position in `resolved`), sorted.
    /// A prefix starts with any of its words; a phrase with its first.
    by_first_word_id: Vec<(u32, u32)>,
    /// Bit `id % FILTER_BITS` is set for every id in `by_first_word_id`.
    filter: Box<[u64; FILTER_BITS / 64]>,
}

/// Big enough that a query's few dozen first words (hundreds for a short prefix) leave most
/// bits clear, small enough to make afresh for every search (512 bytes).
const FILTER_BITS: usize = 4096;

impl TermFinder {
    fn new(resolved: Vec<Resolved>) -> Self {
        let mut by_first_word_id = Vec::new();
        for (which, term) in resolved.iter().enumerate() {
            let which = which as u32;
            match term {
                Resolved::Phrase(ids) => {
                    by_first_word_id.extend(ids.first().map(|&id| (id, which)))
                }
                Resolved::Prefix(ids) => by_first_word_id.extend(ids.iter().map(|&id| (id, which))),
                Resolved::Phone(id) => by_first_word_id.push((*id, which)),
            }
        }
        by_first_word_id.sort_unstable();
        let mut filter = Box::new([0; FILTER_BITS / 64]);
        for &(id, _) in &by_first_word_id {
            let bit = id as usize % FILTER_BITS;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        TermFinder {
            resolved,
            by_first_word_id,
            filter,
        }
    }

    fn len(&self) -> usize {
        self.resolved.len()
    }

    /// Calls `found(term, first word, length in words)` for every occurrence of a term in a
    /// field's words, in the order they occur (terms starting at the same word in the order of
    /// `resolved`): what `Resolved::occurrences` gives for each term, in one pass.
    fn each_in(&self, field: usize, words: &[u32], mut found: impl FnMut(usize, usize, usize)) {
        for (at, &word) in words.iter().enumerate() {
            let bit = word as usize % FILTER_BITS;
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let from = self.by_first_word_id.partition_point(|&(id, _)| id < word);
            for &(_, which) in self.by_first_word_id[from..]
                .iter()
                .take_while(|&&(id, _)| id == word)
            {
                if let Some(length) = self.resolved[which as usize].length_at(field, words, at) {
                    found(which as usize, at, length);
                }
            }
        }
    }
}

impl Highlighter<'_> {
    /// A piece of the document's description around its best matches, as HTML: escaped text
    /// with the matches in `<mark>`. `None` when the description holds no match.
    pub fn snippet(&self, doc: u32) -> Option<String> {
        let index = self.index;
        let words =
            &index.field(doc, DESCRIPTION)[..index.docs[doc as usize].description_words as usize];
        // For each word of the description, 1 + the position of the term whose match it is
        // part of, or 0. Where matches overlap, the term listed last marks the word.
        let mut marks: Vec<u32> = vec![0; words.len()];
        self.terms.each_in(DESCRIPTION, words, |which, at, length| {
            for mark in &mut marks[at..at + length] {
                *mark = (*mark).max(which as u32 + 1);
            }
        });
        let hits: Vec<usize> = (0..words.len()).filter(|&i| marks[i] != 0).collect();
        let within = |start: usize, end: usize| {
            &hits[hits.partition_point(|&h| h < start)..hits.partition_point(|&h| h < end)]
        };
        // The window with the most different terms, then the most matches; centred on them.
        let window = SNIPPET_WORDS.min(words.len());
        // For each term, the last window it was counted in: distinct terms are counted
        // without a list per window.
        let mut counted_in = vec![usize::MAX; self.terms.len()];
        let (_, std::cmp::Reverse(start)) = (hits.iter().enumerate())
            .map(|(candidate, &hit)| {
                let spread = within(hit, hit + window).last().map_or(0, |l| l - hit + 1);
                let start = hit
                    .saturating_sub((window - spread) / 2)
                    .min(words.len() - window);
                let inside = within(start, start + window);
                let mut distinct = 0;
                for which in inside.iter().map(|&i| marks[i] as usize - 1) {
                    if counted_in[which] != candidate {
                        counted_in[which] = candidate;
                        distinct += 1;
                    }
                }
                (distinct * 1000 + inside.len(), std::cmp::Reverse(start))
            })
            .max()?;
        let mut html = String::with_capacity(256);
        if start > 0 {
            html.push('…');
        }
        // The text from the window's first word to its last, escaped a run at a time: from
        // one marked word to the next, not word by word.
        let text = index.cards.description(doc);
        let (mut printed, mut end) = (None, 0);
        for (i, (from, to)) in spans(text).enumerate().skip(start).take(window) {
            let unprinted = *printed.get_or_insert(from);
            if marks[i] != 0 {
                escape(&text[unprinted..from], &mut html);
                html.push_str("<mark>");
                escape(&text[from..to], &mut html);
                html.push_str("</mark>");
                printed = Some(to);
            }
            end = to;
        }
        if let Some(unprinted) = printed {
            escape(&text[unprinted..end], &mut html);
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
        let (rows, cards): (Vec<FieldsRow>, Vec<ResourceCard>) = [
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
        let rows = IndexRows {
            fields: rows,
            facets: Default::default(),
            alternate_names: Vec::new(),
        };
        let english = rows.english_cards(&cards);
        Index::build(&rows, cards, &english, &Labels::default(), None)
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
        let mut matches = run(&index, Match::All, vec![phrase("trafficking")]);
        assert!(matches.score(0) > matches.score(1));
    }

    #[test]
    fn postings_list_each_entry_holding_a_word_once_in_order() {
        let index = index();
        let of = |word: &str| index.postings.of(index.written[word]);
        // "law" is twice in entry 1 (name and description) and twice in entry 2.
        assert_eq!(of("law"), [1, 2]);
        assert_eq!(of("hotline"), [0]);
        assert_eq!(of("3737888"), [1]);
    }

    /// Scores and snippets find a query's terms in one pass (`TermFinder::each_in`): it must find
    /// what asking each term for its occurrences finds, overlapping terms, prefixes and phone
    /// numbers (in the phone field only) included.
    #[test]
    fn one_pass_finds_every_terms_occurrences() {
        let index = index();
        let resolved: Vec<Resolved> = [
            phrase("law enforcement"),
            phrase("law"),
            Term::Prefix("traffick".into()),
            phrase("training"),
            Term::Phone("3737888".into()),
        ]
        .iter()
        .map(|term| index.resolve(term).expect("the index has it"))
        .collect();
        let each_term = |field: usize, words: &[u32]| {
            let mut found: Vec<(usize, usize, usize)> = (resolved.iter().enumerate())
                .flat_map(|(which, term)| {
                    (term.occurrences(field, words)).map(move |(at, length)| (which, at, length))
                })
                .collect();
            found.sort_by_key(|&(which, at, _)| (at, which));
            found
        };
        let terms = TermFinder::new(resolved.clone());
        let mut seen = 0;
        for doc in 0..index.docs.len() as u32 {
            for field in 0..FIELDS {
                let words = index.field(doc, field);
                let mut found = Vec::new();
                terms.each_in(field, words, |which, at, length| {
                    found.push((which, at, length))
                });
                assert_eq!(found, each_term(field, words), "entry {doc}, field {field}");
                seen += found.len();
            }
        }
        assert!(seen > 10, "the terms occur: {seen}");
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
