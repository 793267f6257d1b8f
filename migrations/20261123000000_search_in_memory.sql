-- Search moved into memory (src/search/index.rs), built per catalog from the
-- resource_search_rows view, which stays: it is still what search reads. The FTS5 indexes and
-- the triggers that kept them current have no reader left, so they go.
drop trigger if exists resources_search_insert;
drop trigger if exists resources_search_update;
drop trigger if exists resources_search_delete;
drop trigger if exists resource_topics_search_insert;
drop trigger if exists resource_topics_search_delete;
drop trigger if exists phones_search_insert;
drop trigger if exists phones_search_delete;
drop trigger if exists organizations_search_update;
drop trigger if exists topics_search_update;
drop trigger if exists kinds_search_update;
drop table if exists resource_words_vocab;
drop table if exists resource_words;
drop table if exists resource_search;
