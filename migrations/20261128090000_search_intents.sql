-- Searches that ask for help or to report are answered first, with the lines listed here
-- (seeds/intents.toml). Reference data for search, like synonyms: replaced at every import.
create table search_intents (
    intent text primary key check (intent in ('help', 'report')),
    position integer not null,
    -- JSON array of lower-case words or phrases, any of which in a query shows the answer.
    terms text not null,
    -- JSON array of resource slugs, in the order the answer shows them.
    answer text not null
);
