-- Spanish text of records (issue 15). A translation never holds a number, an address or a web
-- address: those stay in the English tables and are the same in every language. Each import
-- rewrites these tables with the rest of the catalog.

create table resource_translations (
    resource_id integer not null references resources (id) on delete cascade,
    lang text not null check (lang in ('es')),
    name text not null,
    alternate_names text not null default '[]' check (json_valid(alternate_names)),
    summary text not null,
    description text not null,
    -- null: the directory's own translation; otherwise the source whose text this is.
    source_id text references sources (id),
    primary key (resource_id, lang)
) strict, without rowid;

create table vocabulary_translations (
    vocabulary text not null check (vocabulary in ('kind', 'topic', 'audience')),
    slug text not null,
    lang text not null check (lang in ('es')),
    label text not null,
    description text not null,
    primary key (vocabulary, slug, lang)
) strict, without rowid;

create table state_translations (
    code text not null references states (code),
    lang text not null check (lang in ('es')),
    name text not null,
    primary key (code, lang)
) strict, without rowid;

-- A phone's and a link's text, by the resource and the position the English row has (phones
-- and links are numbered within their resource by each import). A phone translates only the
-- fields its English row has; null where the English has none.
create table phone_translations (
    resource_id integer not null references resources (id) on delete cascade,
    position integer not null,
    lang text not null check (lang in ('es')),
    description text,
    hours text,
    languages text,
    primary key (resource_id, position, lang)
) strict, without rowid;

create table link_translations (
    resource_id integer not null references resources (id) on delete cascade,
    position integer not null,
    lang text not null check (lang in ('es')),
    label text not null,
    primary key (resource_id, position, lang)
) strict, without rowid;

create table fact_translations (
    fact_id integer not null references resource_facts (id) on delete cascade,
    lang text not null check (lang in ('es')),
    text text not null,
    primary key (fact_id, lang)
) strict, without rowid;
