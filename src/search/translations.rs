//! The catalog's Spanish text, as Spanish search reads it: resources' names, summaries and
//! descriptions (`resource_translations`), the labels of kinds, topics and audiences
//! (`vocabulary_translations`) and the names of states (`state_translations`). A record or
//! label with no translation is searched and shown in English: nothing here is required, but
//! a translated record has all four texts (the importer checks it).

use std::collections::HashMap;

use sqlx::SqlitePool;

use super::labels::Labels;
use crate::lang::Lang;

/// One resource's translated text.
#[derive(Debug, Default, sqlx::FromRow)]
pub struct ResourceText {
    pub resource_id: i64,
    pub name: String,
    /// A JSON list of names, as in `resources.alternate_names`.
    pub alternate_names: String,
    pub summary: String,
    pub description: String,
}

impl ResourceText {
    /// The alternate names, or none when the list is not a JSON list of strings (the
    /// importer writes only lists; names in a row it did not write are not searched).
    pub fn alternate_names(&self) -> Vec<String> {
        serde_json::from_str(&self.alternate_names).unwrap_or_default()
    }
}

/// The translations of one language.
#[derive(Debug, Default)]
pub struct Translations {
    /// Resource id → its text.
    pub resources: HashMap<i64, ResourceText>,
    /// Slug → label, for kinds, topics and audiences.
    pub kinds: HashMap<String, String>,
    pub topics: HashMap<String, String>,
    pub audiences: HashMap<String, String>,
    /// State code → name ("NM" → "Nuevo México").
    pub states: HashMap<String, String>,
}

impl Translations {
    pub async fn read(pool: &SqlitePool, lang: Lang) -> Result<Translations, sqlx::Error> {
        let resources: Vec<ResourceText> = sqlx::query_as(
            "select resource_id, name, alternate_names, summary, description
             from resource_translations where lang = ?1",
        )
        .bind(lang.code())
        .fetch_all(pool)
        .await?;
        let vocabulary: Vec<(String, String, String)> = sqlx::query_as(
            "select vocabulary, slug, label from vocabulary_translations where lang = ?1",
        )
        .bind(lang.code())
        .fetch_all(pool)
        .await?;
        let states: Vec<(String, String)> =
            sqlx::query_as("select code, name from state_translations where lang = ?1")
                .bind(lang.code())
                .fetch_all(pool)
                .await?;
        let mut translations = Translations {
            resources: (resources.into_iter())
                .map(|text| (text.resource_id, text))
                .collect(),
            states: states.into_iter().collect(),
            ..Translations::default()
        };
        for (vocabulary, slug, label) in vocabulary {
            let labels = match vocabulary.as_str() {
                "kind" => &mut translations.kinds,
                "topic" => &mut translations.topics,
                "audience" => &mut translations.audiences,
                // The table's check allows no other; a row it did not hold is not shown.
                _ => continue,
            };
            labels.insert(slug, label);
        }
        Ok(translations)
    }

    /// `english` with every label this language has replaced: the same lists in the same
    /// order (the index refers to values by position), so filters and facets work unchanged.
    pub fn labels(&self, english: &Labels) -> Labels {
        let translate = |list: &[(String, String)], names: &HashMap<String, String>| {
            (list.iter())
                .map(|(slug, label)| (slug.clone(), names.get(slug).unwrap_or(label).clone()))
                .collect()
        };
        Labels {
            kinds: translate(&english.kinds, &self.kinds),
            topics: translate(&english.topics, &self.topics),
            audiences: translate(&english.audiences, &self.audiences),
            states: translate(&english.states, &self.states),
            agencies: english.agencies.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        (list.iter())
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn labels_keep_their_order_and_fall_back_to_english() {
        let english = Labels {
            kinds: pairs(&[("hotline", "Hotlines"), ("reporting", "Reporting")]),
            states: pairs(&[("NM", "New Mexico"), ("TX", "Texas")]),
            ..Labels::default()
        };
        let spanish = Translations {
            kinds: HashMap::from([("hotline".into(), "Líneas directas".into())]),
            states: HashMap::from([("NM".into(), "Nuevo México".into())]),
            ..Translations::default()
        };
        let labels = spanish.labels(&english);
        assert_eq!(
            labels.kinds,
            pairs(&[("hotline", "Líneas directas"), ("reporting", "Reporting")])
        );
        assert_eq!(
            labels.states,
            pairs(&[("NM", "Nuevo México"), ("TX", "Texas")])
        );
    }

    #[test]
    fn alternate_names_are_a_json_list_or_none() {
        let text = |json: &str| ResourceText {
            alternate_names: json.to_owned(),
            ..ResourceText::default()
        };
        assert_eq!(
            text(r#"["Línea Nacional"]"#).alternate_names(),
            ["Línea Nacional"]
        );
        assert!(text("not json").alternate_names().is_empty());
        assert!(text("").alternate_names().is_empty());
    }
}
