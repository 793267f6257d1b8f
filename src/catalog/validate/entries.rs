//! Checks for single entries: sources, vocabulary terms, resources.

use foldhash::{HashSet, HashSetExt};

use super::checker::{At, Checker, Field, Known};
use super::spanish::{English, check_item_es, check_phone_es, check_resource_es, check_term_es};
use crate::catalog::draft::{ResourceDraft, ServiceAreaDraft, SourceDraft, TermDraft};
use crate::catalog::records::{Fact, Link, Phone, Resource, ServiceArea, Source, Term};
use crate::catalog::types::{Date, Kind, PhoneNumber, PhoneType, Slug, StateCode, WebAddress};

pub fn check_source(checker: &mut Checker, at: &At, raw: &SourceDraft) -> Option<Source> {
    let id = checker.parse::<Slug>(at, "id", &raw.id);
    let title = checker.text(at, "title", &raw.title);
    let publisher = checker.text(at, "publisher", &raw.publisher);
    let file = checker.text(at, "file", &raw.file);
    let date = checker.parse_optional::<Date>(at, "date", &raw.date);
    let date_label = checker.optional_text(at, "date_label", &raw.date_label);
    let dated_consistently = match (raw.date.is_some(), raw.date_label.is_some()) {
        (true, false) => {
            checker.report(
                at,
                Some("date_label"),
                "is missing: say what the date is (\"Published\", \"Updated\")",
            );
            false
        }
        (false, true) => {
            checker.report(at, Some("date"), "is missing, but date_label is set");
            false
        }
        _ => true,
    };
    let url = checker.parse_optional::<WebAddress>(at, "url", &raw.url);
    let note = checker.optional_text(at, "note", &raw.note);
    if !dated_consistently {
        return None;
    }
    Some(Source {
        id: id?,
        title: title?,
        publisher: publisher?,
        file: file?,
        date: date?,
        date_label,
        url: url?,
        note,
    })
}

pub fn check_term(checker: &mut Checker, at: &At, raw: &TermDraft) -> Option<Term> {
    let slug = checker.parse::<Slug>(at, "slug", &raw.slug);
    let label = checker.text(at, "label", &raw.label);
    let description = checker.text(at, "description", &raw.description);
    let es = check_term_es(checker, at, (&raw.label, &raw.description), &raw.es);
    Some(Term {
        slug: slug?,
        label: label?,
        description: description?,
        es: es?,
    })
}

pub fn check_resource(
    checker: &mut Checker,
    known: &Known,
    at: &At,
    raw: &ResourceDraft,
) -> Option<Resource> {
    let slug = checker.parse::<Slug>(at, "slug", &raw.slug);
    let name = checker.text(at, "name", &raw.name);
    let alternate_names = checker.names(at, "alternate_names", &raw.alternate_names);
    let kind = checker.parse::<Kind>(at, "kind", &raw.kind);
    let summary = checker.text(at, "summary", &raw.summary).filter(|summary| {
        let one_line = !summary.contains('\n') && summary.chars().count() <= 300;
        if !one_line {
            checker.report(
                at,
                Some("summary"),
                "must be one sentence on one line (at most 300 characters)",
            );
        }
        one_line
    });
    let description = checker.text(at, "description", &raw.description);
    let organization = match raw.organization.as_deref() {
        None => Some(None),
        Some(org) => checker
            .reference(
                at,
                "organization",
                org,
                &known.organizations,
                "organization",
                "organizations.toml",
            )
            .map(Some),
    };
    let topics = check_terms(
        checker,
        at,
        "topics",
        &raw.topics,
        &known.topics,
        "topic",
        "topics.toml",
    );
    let audiences = check_terms(
        checker,
        at,
        "audiences",
        &raw.audiences,
        &known.audiences,
        "audience",
        "audiences.toml",
    );
    let service_area = check_service_area(checker, known, at, &raw.service_area);
    let address = checker.optional_text(at, "address", &raw.address);
    let address_ok = raw.address.is_none() || address.is_some();
    let source = checker.text(at, "source", &raw.source).and_then(|s| {
        checker.reference(at, "source", &s, &known.sources, "source", "sources.toml")
    });
    let also_in: Option<Vec<Slug>> = raw
        .also_in
        .iter()
        .map(|other| {
            if Some(other) == raw.source.as_ref() {
                checker.report(
                    at,
                    Some("also_in"),
                    format!("'{other}' is already the record's source"),
                );
                None
            } else {
                checker.reference(
                    at,
                    "also_in",
                    other,
                    &known.sources,
                    "source",
                    "sources.toml",
                )
            }
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let source_note = checker.optional_text(at, "source_note", &raw.source_note);
    let source_note_ok = raw.source_note.is_none() || source_note.is_some();
    let last_verified = checker.last_verified(at, &raw.last_verified);
    // Read only for a record with Spanish text: most records of a large import have none.
    let translated = raw.es.is_some()
        || raw.phones.iter().any(|p| p.record.es.is_some())
        || raw.links.iter().any(|l| l.record.es.is_some())
        || raw.facts.iter().any(|f| f.record.es.is_some());
    let english = translated.then(|| English::of(raw));
    let english = english.as_ref();
    let es = english.map_or(Some(None), |english| {
        check_resource_es(checker, known, at, english, &raw.es)
    });

    let phones: Option<Vec<Phone>> = raw
        .phones
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let phone = &draft.record;
            let at = At::new(draft, at.entry);
            let field = |name| Field::Item {
                list: "phone",
                index: i + 1,
                name,
            };
            let phone_type = checker.parse::<PhoneType>(&at, field("type"), &phone.phone_type);
            let number = checker
                .text(&at, field("number"), &phone.number)
                .and_then(|n| {
                    // A bad type is reported already; check the number as a voice line meanwhile.
                    PhoneNumber::parse(&n, phone_type.unwrap_or(PhoneType::Voice))
                        .map_err(|message| checker.report(&at, Some(field("number")), message))
                        .ok()
                });
            let description = checker.optional_text(&at, field("description"), &phone.description);
            let hours = checker.optional_text(&at, field("hours"), &phone.hours);
            let languages = checker.optional_text(&at, field("languages"), &phone.languages);
            let note = checker.optional_text(&at, field("note"), &phone.note);
            let from = check_from(checker, &at, field("from"), &phone.from, raw);
            let blanks = [
                &phone.description,
                &phone.hours,
                &phone.languages,
                &phone.note,
            ]
            .iter()
            .zip([&description, &hours, &languages, &note])
            .any(|(raw, checked)| raw.is_some() && checked.is_none());
            let es = english.map_or(Some(None), |english| {
                check_phone_es(checker, &at, i + 1, english, phone)
            });
            if blanks {
                return None;
            }
            Some(Phone {
                number: number?,
                phone_type: phone_type?,
                law_enforcement: phone.law_enforcement,
                description,
                hours,
                languages,
                from: from?,
                note,
                es: es?,
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();

    let links: Option<Vec<Link>> = raw
        .links
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let link = &draft.record;
            let at = At::new(draft, at.entry);
            let field = |name| Field::Item {
                list: "link",
                index: i + 1,
                name,
            };
            let url = checker.parse::<WebAddress>(&at, field("url"), &link.url);
            let label = checker.text(&at, field("label"), &link.label);
            let from = check_from(checker, &at, field("from"), &link.from, raw);
            let label_es = english.map_or(Some(None), |english| {
                let es = link.es.as_ref().map(|es| &es.label);
                check_item_es(checker, &at, english, field("es.label"), es)
            });
            Some(Link {
                url: url?,
                label: label?,
                from: from?,
                label_es: label_es?,
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();

    let facts: Option<Vec<Fact>> = raw
        .facts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let fact = &draft.record;
            let at = At::new(draft, at.entry);
            let field = Field::Item {
                list: "fact",
                index: i + 1,
                name: "sources",
            };
            let text = checker.text(
                &at,
                Field::Item {
                    list: "fact",
                    index: i + 1,
                    name: "text",
                },
                &fact.text,
            );
            let sources = match fact.sources.as_deref() {
                None | Some([]) => {
                    checker.report(
                        &at,
                        Some(field),
                        "is missing: name the source or sources the fact summarises",
                    );
                    None
                }
                Some(ids) => ids
                    .iter()
                    .enumerate()
                    .map(|(j, id)| {
                        if ids[..j].contains(id) {
                            checker.report(&at, Some(field), format!("'{id}' is listed twice"));
                            None
                        } else if raw.source.as_ref() == Some(id) {
                            id.parse().ok()
                        } else {
                            cited_besides(checker, &at, field, id, raw)
                        }
                    })
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect(),
            };
            let text_es = english.map_or(Some(None), |english| {
                let field = Field::Item {
                    list: "fact",
                    index: i + 1,
                    name: "es.text",
                };
                check_item_es(
                    checker,
                    &at,
                    english,
                    field,
                    fact.es.as_ref().map(|es| &es.text),
                )
            });
            Some(Fact {
                text: text?,
                sources: sources?,
                text_es: text_es?,
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();

    if !address_ok || !source_note_ok {
        return None;
    }
    Some(Resource {
        slug: slug?,
        name: name?,
        alternate_names: alternate_names?,
        kind: kind?,
        summary: summary?,
        description: description?,
        organization: organization?,
        topics: topics?,
        audiences: audiences?,
        service_area: service_area?,
        address,
        source: source?,
        also_in: also_in?,
        source_note,
        last_verified: last_verified?,
        phones: phones?,
        links: links?,
        facts: facts?,
        es: es?,
    })
}

/// A value's `from`: `Some(None)` when absent, `None` when present and wrong. A value from the
/// record's own source needs no `from`; any other source must be one the record lists in
/// `also_in`, so the page's sources stay the record's sources.
fn check_from(
    checker: &mut Checker,
    at: &At,
    field: Field,
    from: &Option<String>,
    raw: &ResourceDraft,
) -> Option<Option<Slug>> {
    let Some(id) = from else {
        return Some(None);
    };
    if raw.source.as_ref() == Some(id) {
        checker.report(
            at,
            Some(field),
            format!("'{id}' is the record's own source: leave `from` out"),
        );
        return None;
    }
    cited_besides(checker, at, field, id, raw).map(Some)
}

/// `id`, when it is one of the record's `also_in` sources (whose existence is checked there).
fn cited_besides(
    checker: &mut Checker,
    at: &At,
    field: Field,
    id: &str,
    raw: &ResourceDraft,
) -> Option<Slug> {
    if raw.also_in.iter().any(|other| other == id) {
        id.parse().ok()
    } else {
        checker.report(
            at,
            Some(field),
            format!(
                "'{id}' is not a source the record cites: use its `source` or one of its `also_in`"
            ),
        );
        None
    }
}

/// A required, non-empty list of vocabulary slugs without repeats.
fn check_terms(
    checker: &mut Checker,
    at: &At,
    field: &str,
    values: &Option<Vec<String>>,
    known: &HashSet<&str>,
    what: &str,
    file_hint: &str,
) -> Option<Vec<Slug>> {
    let Some(values) = values else {
        checker.report(at, Some(field), "is missing");
        return None;
    };
    if values.is_empty() {
        checker.report(
            at,
            Some(field),
            format!("is empty: give at least one {what}"),
        );
        return None;
    }
    let mut seen = HashSet::new();
    let slugs: Vec<Option<Slug>> = values
        .iter()
        .map(|value| {
            if !seen.insert(value) {
                checker.report(at, Some(field), format!("'{value}' is listed twice"));
                return None;
            }
            checker.reference(at, field, value, known, what, file_hint)
        })
        .collect();
    slugs.into_iter().collect()
}

fn check_service_area(
    checker: &mut Checker,
    known: &Known,
    at: &At,
    raw: &Option<ServiceAreaDraft>,
) -> Option<ServiceArea> {
    match raw {
        None => {
            checker.report(
                at,
                Some("service_area"),
                "is missing: \"national\" or a list of state codes",
            );
            None
        }
        Some(ServiceAreaDraft::Word(word)) if word == "national" => Some(ServiceArea::National),
        Some(ServiceAreaDraft::Word(word)) => {
            checker.report(
                at,
                Some("service_area"),
                format!("'{word}' is not \"national\": for states, write a list such as [\"TX\"]"),
            );
            None
        }
        Some(ServiceAreaDraft::States(codes)) if codes.is_empty() => {
            checker.report(
                at,
                Some("service_area"),
                "is an empty list: give at least one state code, or \"national\"",
            );
            None
        }
        Some(ServiceAreaDraft::States(codes)) => {
            let mut seen = HashSet::new();
            let states: Vec<Option<StateCode>> = codes
                .iter()
                .map(|code| {
                    if !seen.insert(code) {
                        checker.report(
                            at,
                            Some("service_area"),
                            format!("'{code}' is listed twice"),
                        );
                        return None;
                    }
                    if !known.states.contains(code.as_str()) {
                        checker.report(
                            at,
                            Some("service_area"),
                            format!(
                                "unknown state '{code}' (the 56 jurisdictions are in states.toml)"
                            ),
                        );
                        return None;
                    }
                    code.parse().ok()
                })
                .collect();
            states
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(ServiceArea::States)
        }
    }
}
