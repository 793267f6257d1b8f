//! The validated catalog: every record Lantern publishes, built only by `validate` (from drafts)
//! or read back from the database, and trusted from then on.

use super::types::{Date, Intent, Kind, PhoneNumber, PhoneType, Slug, StateCode, WebAddress};

/// A document or data file that records cite.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: Slug,
    pub title: String,
    pub publisher: String,
    pub file: String,
    pub date: Option<Date>,
    /// "Published", "Updated", …: what `date` is the date of.
    pub date_label: Option<String>,
    pub url: Option<WebAddress>,
    pub note: Option<String>,
}

/// A term of the topic or audience vocabulary.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: Slug,
    pub label: String,
    pub description: String,
    pub es: Option<TermText>,
}

/// A vocabulary term's words in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermText {
    pub label: String,
    pub description: String,
}

/// A kind, with the words the site shows for it.
#[derive(Debug, Clone)]
pub struct KindTerm {
    pub kind: Kind,
    pub label: String,
    pub description: String,
    pub es: Option<TermText>,
}

/// One of the 56 jurisdictions.
#[derive(Debug, Clone)]
pub struct State {
    pub code: StateCode,
    pub name: String,
    pub fips: String,
    /// "state", "district" or "territory".
    pub kind: String,
    /// The Spanish name (exonym where there is one: "Nuevo México").
    pub name_es: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub slug: Slug,
    pub name: String,
    pub alternate_names: Vec<String>,
    pub description: String,
    pub parent: Option<Slug>,
    pub url: Option<WebAddress>,
    pub source: Slug,
    pub last_verified: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceArea {
    National,
    States(Vec<StateCode>),
}

#[derive(Debug, Clone)]
pub struct Phone {
    pub number: PhoneNumber,
    pub phone_type: PhoneType,
    /// Whether the person who answers is law enforcement, when a source says: someone deciding
    /// whether to call needs to know. `None` makes no claim either way.
    pub law_enforcement: Option<bool>,
    pub description: Option<String>,
    pub hours: Option<String>,
    pub languages: Option<String>,
    /// The source the number comes from when it is not the record's own (one of its
    /// `also_in`): shown beside the number, so nobody takes it for the main source's.
    pub from: Option<Slug>,
    /// A short caveat shown beside the number ("given as a named official's line").
    pub note: Option<String>,
    /// The Spanish description, hours and languages (each only where the English has one).
    pub es: Option<PhoneText>,
}

/// A phone's words in another language; the number never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneText {
    pub description: Option<String>,
    pub hours: Option<String>,
    pub languages: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub url: WebAddress,
    pub label: String,
    /// As for phones: the `also_in` source the address comes from, when not the record's own.
    pub from: Option<Slug>,
    /// The Spanish label.
    pub label_es: Option<String>,
}

/// Something a person should know before contacting a resource ("the Hotline is not law
/// enforcement"), in the directory's words, with the sources it summarises (the record's
/// `source` or its `also_in`).
#[derive(Debug, Clone)]
pub struct Fact {
    pub text: String,
    pub sources: Vec<Slug>,
    /// The fact in Spanish.
    pub text_es: Option<String>,
}

/// A resource's text in another language. Numbers, addresses and web addresses are not text:
/// they are the record's own, in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceText {
    pub name: String,
    pub alternate_names: Vec<String>,
    pub summary: String,
    pub description: String,
    /// The source whose translation this is (the Hotline's own Spanish page); `None` when the
    /// translation is the directory's.
    pub source: Option<Slug>,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub slug: Slug,
    pub name: String,
    pub alternate_names: Vec<String>,
    pub kind: Kind,
    pub summary: String,
    pub description: String,
    pub organization: Option<Slug>,
    pub topics: Vec<Slug>,
    pub audiences: Vec<Slug>,
    pub service_area: ServiceArea,
    pub address: Option<String>,
    /// The source the record follows.
    pub source: Slug,
    /// Other sources that mention it.
    pub also_in: Vec<Slug>,
    /// Where sources disagree: which one the record follows, and what the other says.
    pub source_note: Option<String>,
    pub last_verified: Date,
    pub phones: Vec<Phone>,
    pub links: Vec<Link>,
    /// What happens when someone contacts it.
    pub facts: Vec<Fact>,
    /// The record in Spanish, when it has been translated.
    pub es: Option<ResourceText>,
}

/// What a resource is filed under, without its texts: its kind, topics, audiences, every
/// source it names, and which of its optional parts it has. Small enough to hold for every
/// resource of a large catalog (the HSDS API filters by it; `db::load_outlines` reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceOutline {
    pub slug: Slug,
    pub kind: Kind,
    pub topics: Vec<Slug>,
    pub audiences: Vec<Slug>,
    /// The source it follows, the others that mention it, its Spanish text's, its links' and
    /// its facts': sorted, each once.
    pub sources: Vec<Slug>,
    pub last_verified: Date,
    pub has_source_note: bool,
    pub has_address: bool,
    /// How many other names its Spanish text has, when it has one.
    pub es_alternate_names: Option<usize>,
    pub has_links: bool,
    pub has_facts: bool,
}

impl Resource {
    pub fn outline(&self) -> ResourceOutline {
        let mut sources: Vec<Slug> = std::iter::once(&self.source)
            .chain(&self.also_in)
            .chain(self.es.iter().filter_map(|es| es.source.as_ref()))
            .chain(self.links.iter().filter_map(|link| link.from.as_ref()))
            .chain(self.facts.iter().flat_map(|fact| &fact.sources))
            .cloned()
            .collect();
        sources.sort();
        sources.dedup();
        ResourceOutline {
            slug: self.slug.clone(),
            kind: self.kind,
            topics: self.topics.clone(),
            audiences: self.audiences.clone(),
            sources,
            last_verified: self.last_verified,
            has_source_note: self.source_note.is_some(),
            has_address: self.address.is_some(),
            es_alternate_names: self.es.as_ref().map(|es| es.alternate_names.len()),
            has_links: !self.links.is_empty(),
            has_facts: !self.facts.is_empty(),
        }
    }
}

/// The first three digits of ZIP codes and where they are.
#[derive(Debug, Clone)]
pub struct ZipPrefix {
    pub prefix: String,
    /// Where most of the prefix's ZIP codes are.
    pub state: StateCode,
    /// Every state (of the 56) the prefix's ZIP codes are in, majority first.
    pub states: Vec<StateCode>,
}

/// Searches whose words ask for something (help, or to report) are answered with these lines
/// first, before the ranked results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIntent {
    pub intent: Intent,
    /// Words or phrases, lower case, any of which in a query shows the answer.
    pub terms: Vec<String>,
    /// The resources the answer shows, in order.
    pub answer: Vec<Slug>,
}

/// The whole validated catalog, in seed order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub sources: Vec<Source>,
    pub kinds: Vec<KindTerm>,
    pub topics: Vec<Term>,
    pub audiences: Vec<Term>,
    pub states: Vec<State>,
    pub organizations: Vec<Organization>,
    pub resources: Vec<Resource>,
    /// Groups of search terms that mean the same, lower case.
    pub synonyms: Vec<Vec<String>>,
    /// Words that ask for help or to report, and the lines that answer them.
    pub intents: Vec<SearchIntent>,
    pub zip_prefixes: Vec<ZipPrefix>,
    /// A hash of the seed files, so `serve` can tell whether the database is current.
    pub hash: String,
}
