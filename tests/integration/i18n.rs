//! The site's words: every message key used exists in both languages, and every key defined
//! is used. A key missing in Spanish would show a Spanish reader the bare key; an unused one
//! is a translation someone keeps up for nothing.

use std::collections::BTreeSet;
use std::path::Path;

use lantern::i18n::{message_keys, source_files};
use lantern::lang::Lang;

/// What reads a message by its key, in templates and code: `layout.t("key")`,
/// `t1("key", …)`, `t2("key", …)` (after a `.` or on their own, as a closure), and
/// `messages.text("key")`, `messages.format("key", …)` (after a `.` only: a bare `text(` or
/// `format!(` is something else).
const LOOKUPS: [(&str, bool); 5] = [
    ("t(", false),
    ("t1(", false),
    ("t2(", false),
    ("text(", true),
    ("format(", true),
];

fn used_keys() -> BTreeSet<String> {
    let mut files = Vec::new();
    collect(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .as_path(),
        &mut files,
    );
    collect(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(),
        &mut files,
    );
    let mut keys = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (lookup, after_dot) in LOOKUPS {
            for (at, _) in text.match_indices(lookup) {
                let before = text[..at].chars().next_back();
                let is_lookup = match before {
                    Some('.') => true,
                    Some(c) => !after_dot && !(c.is_alphanumeric() || c == '_'),
                    None => false,
                };
                if !is_lookup {
                    continue;
                }
                // The key may be on the next line, as rustfmt wraps a long call.
                let Some(rest) = text[at + lookup.len()..].trim_start().strip_prefix('"') else {
                    continue;
                };
                let key = &rest[..rest.find('"').unwrap()];
                keys.insert(key.to_owned());
            }
        }
    }
    keys
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            files.push(path);
        }
    }
}

fn defined_keys(lang: Lang) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (file_lang, name, text) in source_files() {
        if file_lang != lang {
            continue;
        }
        for key in message_keys(text) {
            assert!(
                keys.insert(key.to_owned()),
                "{name}: {key} is defined twice"
            );
        }
    }
    keys
}

#[test]
fn every_key_exists_in_both_languages_and_is_used() {
    let english = defined_keys(Lang::En);
    let spanish = defined_keys(Lang::Es);
    let only_english: Vec<_> = english.difference(&spanish).collect();
    let only_spanish: Vec<_> = spanish.difference(&english).collect();
    assert!(
        only_english.is_empty(),
        "keys missing in Spanish: {only_english:?}"
    );
    assert!(
        only_spanish.is_empty(),
        "keys missing in English: {only_spanish:?}"
    );

    let used = used_keys();
    let missing: Vec<_> = used.difference(&english).collect();
    assert!(
        missing.is_empty(),
        "keys used but defined nowhere: {missing:?}"
    );
    // `language-name` names each language in the key check's own test and in the bundles'.
    let unused: Vec<_> = english
        .difference(&used)
        .filter(|key| *key != "language-name")
        .collect();
    assert!(unused.is_empty(), "keys defined but never used: {unused:?}");
}

#[test]
fn the_same_key_differs_between_the_languages_where_it_is_words() {
    // A Spanish file that copied the English would pass the check above; a page would still
    // be in English. Names the same in both (Lantern) are the exception, listed here.
    let same_in_both = ["site-name"];
    let en = lantern::i18n::messages(Lang::En);
    let es = lantern::i18n::messages(Lang::Es);
    let untranslated: Vec<_> = defined_keys(Lang::En)
        .into_iter()
        .filter(|key| !same_in_both.contains(&key.as_str()))
        .filter(|key| en.text(key) != key && en.text(key) == es.text(key))
        .collect();
    assert!(
        untranslated.is_empty(),
        "the same words in both languages: {untranslated:?}"
    );
}
