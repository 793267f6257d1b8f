//! The names facets show, in directory order: each list holds (slug or code, label) pairs, and
//! the index refers to an entry's kind, topics, audiences, states and agencies by position in
//! them, so filtering and counting compare small numbers rather than strings.

/// Kinds, topics, audiences, states and agencies, each as (slug or code, label).
#[derive(Debug, Default, Clone)]
pub struct Labels {
    pub kinds: Vec<(String, String)>,
    pub topics: Vec<(String, String)>,
    pub audiences: Vec<(String, String)>,
    pub states: Vec<(String, String)>,
    pub agencies: Vec<(String, String)>,
}
