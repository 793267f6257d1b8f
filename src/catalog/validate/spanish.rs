//! Checks for Spanish text (`es` tables): complete where a reader needs it whole, and adding no
//! fact. A translation carries no number or web address the English record does not: a wrong
//! digit in a translated phone number would send a frightened person to a stranger.

use foldhash::HashSet;

use super::checker::{At, Checker, Field, Known};
use crate::catalog::draft::{
    PhoneDraft, ResourceDraft, ResourceEsDraft, StateEsDraft, TermEsDraft,
};
use crate::catalog::records::{PhoneText, ResourceText, TermText};

/// What the English record says that a translation may repeat: its numbers (digits only, so
/// "(518) 465-7551" is one number) and its text, lower case, where web addresses are looked up.
pub struct English {
    numbers: HashSet<String>,
    text: String,
}

impl English {
    /// Every text, number and address of the record.
    pub fn of(raw: &ResourceDraft) -> English {
        let mut values: Vec<&Option<String>> = vec![
            &raw.name,
            &raw.summary,
            &raw.description,
            &raw.address,
            &raw.source_note,
        ];
        for phone in &raw.phones {
            let p = &phone.record;
            values.extend([&p.number, &p.description, &p.hours, &p.languages, &p.note]);
        }
        for link in &raw.links {
            values.extend([&link.record.url, &link.record.label]);
        }
        for fact in &raw.facts {
            values.push(&fact.record.text);
        }
        let texts: Vec<&str> = values
            .into_iter()
            .filter_map(|v| v.as_deref())
            .chain(raw.alternate_names.iter().map(String::as_str))
            .collect();
        English::from_texts(&texts)
    }

    /// A vocabulary term's or a state's English words.
    pub fn from_texts(texts: &[&str]) -> English {
        English {
            numbers: texts.iter().flat_map(|t| numbers(t)).collect(),
            text: texts.join("\n").to_lowercase(),
        }
    }

    /// Reports a number or web address in `text` that the English does not have; false then.
    pub fn check(&self, checker: &mut Checker, at: &At, field: Field, text: &str) -> bool {
        let mut ok = true;
        for number in numbers(text) {
            if !self.numbers.contains(&number) {
                checker.report(
                    at,
                    Some(field),
                    format!(
                        "carries the number {number}, which the English record does not: a \
                         translation keeps every number as the English writes it"
                    ),
                );
                ok = false;
            }
        }
        for address in web_addresses(text) {
            if !self.text.contains(&address) {
                checker.report(
                    at,
                    Some(field),
                    format!(
                        "carries the web address '{address}', which the English record does not"
                    ),
                );
                ok = false;
            }
        }
        ok
    }
}

/// The numbers in `text`, digits only: a run of digits, joined to the next run by at most two
/// of `-`, `.`, `(`, `)` or a space, as phone numbers are written ("888-373-7888",
/// "(518) 465-7551").
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        loop {
            while i < chars.len() && chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
            }
            let mut j = i;
            while j < chars.len() && j - i < 2 && matches!(chars[j], '-' | '.' | '(' | ')' | ' ') {
                j += 1;
            }
            if j > i && j < chars.len() && chars[j].is_ascii_digit() {
                i = j;
            } else {
                break;
            }
        }
        found.push(digits);
    }
    found
}

/// Words of `text` that are web or e-mail addresses, lower case: with a scheme, starting
/// `www.`, or a domain ending in a dot and two to six letters ("humantraffickinghotline.org").
/// Capitals are not domains here: "EE.UU." is an abbreviation.
pub fn web_addresses(text: &str) -> Vec<String> {
    let punctuation: &[char] = &[
        '.', ',', ';', ':', '!', '?', '¡', '¿', '(', ')', '[', ']', '"', '\'', '«', '»', '“', '”',
    ];
    text.split_whitespace()
        .map(|word| word.trim_matches(punctuation))
        .filter(|word| {
            if word.contains("://") || word.starts_with("www.") {
                return true;
            }
            let Some((before, tld)) = word.rsplit_once('.') else {
                return false;
            };
            !before.is_empty()
                && (2..=6).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_lowercase())
                && !word.chars().any(|c| c.is_uppercase())
        })
        .map(str::to_lowercase)
        .collect()
}

/// A required Spanish text that adds no number or address.
fn required(
    checker: &mut Checker,
    at: &At,
    english: &English,
    field: Field,
    value: &Option<String>,
) -> Option<String> {
    let text = checker.text(at, field, value)?;
    english.check(checker, at, field, &text).then_some(text)
}

/// `[resource.es]`: name, summary and description together (a page cannot show half a
/// translation), alternate names if any, and the source of the Spanish if it is not ours.
/// `Some(None)` when there is none, `None` when it is wrong.
pub fn check_resource_es(
    checker: &mut Checker,
    known: &Known,
    at: &At,
    english: &English,
    es: &Option<ResourceEsDraft>,
) -> Option<Option<ResourceText>> {
    let Some(es) = es else {
        return Some(None);
    };
    let name = required(checker, at, english, "es.name".into(), &es.name);
    let summary = required(checker, at, english, "es.summary".into(), &es.summary).filter(|s| {
        let one_line = !s.contains('\n') && s.chars().count() <= 300;
        if !one_line {
            checker.report(
                at,
                Some("es.summary"),
                "must be one sentence on one line (at most 300 characters)",
            );
        }
        one_line
    });
    let description = required(
        checker,
        at,
        english,
        "es.description".into(),
        &es.description,
    );
    let alternate_names = checker
        .names(at, "es.alternate_names", &es.alternate_names)
        .filter(|names| {
            let checked: Vec<bool> = names
                .iter()
                .map(|n| english.check(checker, at, "es.alternate_names".into(), n))
                .collect();
            checked.into_iter().all(|ok| ok)
        });
    let source = match es.source.as_deref() {
        None => Some(None),
        Some(id) => checker
            .reference(
                at,
                "es.source",
                id,
                &known.sources,
                "source",
                "sources.toml",
            )
            .map(Some),
    };
    Some(Some(ResourceText {
        name: name?,
        alternate_names: alternate_names?,
        summary: summary?,
        description: description?,
        source: source?,
    }))
}

/// `[resource.phone.es]`: exactly the fields the English phone has. One missing would leave
/// English in a Spanish line; one more would be a fact no source gave (hours where the English
/// gives none).
pub fn check_phone_es(
    checker: &mut Checker,
    at: &At,
    index: usize,
    english: &English,
    phone: &PhoneDraft,
) -> Option<Option<PhoneText>> {
    let Some(es) = &phone.es else {
        return Some(None);
    };
    let field = |name| Field::Item {
        list: "phone",
        index,
        name,
    };
    let mut ok = true;
    let mut translate = |name: &'static str, english_value: &Option<String>, value| {
        let value: &Option<String> = value;
        let bare = name.trim_start_matches("es.");
        match (english_value, value) {
            (None, None) => None,
            (None, Some(_)) => {
                checker.report(
                    at,
                    Some(field(name)),
                    format!("the English phone has no {bare} to translate"),
                );
                ok = false;
                None
            }
            (Some(_), None) => {
                checker.report(
                    at,
                    Some(field(name)),
                    format!(
                        "is missing: the English phone has {bare}, so its Spanish needs it too"
                    ),
                );
                ok = false;
                None
            }
            (Some(_), Some(_)) => {
                let text = required(checker, at, english, field(name), value);
                ok &= text.is_some();
                text
            }
        }
    };
    let description = translate("es.description", &phone.description, &es.description);
    let hours = translate("es.hours", &phone.hours, &es.hours);
    let languages = translate("es.languages", &phone.languages, &es.languages);
    if ok && description.is_none() && hours.is_none() && languages.is_none() {
        checker.report(
            at,
            Some(field("es")),
            "is empty: the English phone has no description, hours or languages to translate",
        );
        ok = false;
    }
    ok.then_some(Some(PhoneText {
        description,
        hours,
        languages,
    }))
}

/// The one text of a link's or a fact's `es` table (`[resource.link.es]` `label`,
/// `[resource.fact.es]` `text`), when the table is there: `field` names it.
pub fn check_item_es(
    checker: &mut Checker,
    at: &At,
    english: &English,
    field: Field,
    es: Option<&Option<String>>,
) -> Option<Option<String>> {
    match es {
        None => Some(None),
        Some(value) => required(checker, at, english, field, value).map(Some),
    }
}

/// `[kind.es]`, `[topic.es]`, `[audience.es]`: label and description together.
pub fn check_term_es(
    checker: &mut Checker,
    at: &At,
    english: (&Option<String>, &Option<String>),
    es: &Option<TermEsDraft>,
) -> Option<Option<TermText>> {
    let Some(es) = es else {
        return Some(None);
    };
    let texts: Vec<&str> = [english.0, english.1]
        .into_iter()
        .filter_map(|t| t.as_deref())
        .collect();
    let english = English::from_texts(&texts);
    let label = required(checker, at, &english, "es.label".into(), &es.label);
    let description = required(
        checker,
        at,
        &english,
        "es.description".into(),
        &es.description,
    );
    Some(Some(TermText {
        label: label?,
        description: description?,
    }))
}

/// `[state.es]`: the Spanish name.
pub fn check_state_es(
    checker: &mut Checker,
    at: &At,
    english_name: &Option<String>,
    es: &Option<StateEsDraft>,
) -> Option<Option<String>> {
    let Some(es) = es else {
        return Some(None);
    };
    let texts: Vec<&str> = english_name.as_deref().into_iter().collect();
    let english = English::from_texts(&texts);
    required(checker, at, &english, "es.name".into(), &es.name).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_phone_numbers_are_written() {
        assert_eq!(
            numbers("Llame al (518) 465-7551 o al 911, 24 horas"),
            ["5184657551", "911", "24"]
        );
        assert_eq!(numbers("888-373-7888."), ["8883737888"]);
        assert!(numbers("sin cifras").is_empty());
    }

    #[test]
    fn web_addresses_are_domains_not_abbreviations() {
        assert_eq!(
            web_addresses("Visite www.ejemplo.org, o https://x.gov/a. EE.UU. etc."),
            ["www.ejemplo.org", "https://x.gov/a"]
        );
        assert_eq!(
            web_addresses("Escriba a help@humantraffickinghotline.org."),
            ["help@humantraffickinghotline.org"]
        );
    }
}
