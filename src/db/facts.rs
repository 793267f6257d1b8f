//! Contact facts as the database lists them, one row per (fact, source), grouped back into each
//! resource's facts: the resource page and the snapshot (export, API) read them the same way.

/// Contact facts read one row per (fact, source), ordered by resource, fact and source: each
/// resource's facts, in order, each with its sources, made into `F` by `make`.
/// The text `T` is the fact's words: in one language, or in each language it has.
pub(super) fn group_facts<T, S, F>(
    rows: impl IntoIterator<Item = (i64, i64, T, S)>,
    make: impl Fn(T, Vec<S>) -> F,
) -> std::collections::HashMap<i64, Vec<F>> {
    let mut grouped: std::collections::HashMap<i64, Vec<(T, Vec<S>)>> = Default::default();
    let mut last_fact = None;
    for (resource_id, fact_id, text, source) in rows {
        let facts = grouped.entry(resource_id).or_default();
        if last_fact != Some(fact_id) {
            facts.push((text, Vec::new()));
            last_fact = Some(fact_id);
        }
        facts.last_mut().expect("pushed above").1.push(source);
    }
    grouped
        .into_iter()
        .map(|(resource, facts)| {
            let made = facts.into_iter().map(|(text, sources)| make(text, sources));
            (resource, made.collect())
        })
        .collect()
}
