-- The catalog, as imported from seeds/. Field names follow Open Referral HSDS 3 where it has one
-- (assured_date is HSDS's "last verified"). Every table is rewritten by each import, in one
-- transaction; the site only reads.

create table sources (
    id text primary key,
    title text not null,
    publisher text not null,
    file text not null,
    date text,
    date_label text,
    url text,
    note text
) strict;

create table states (
    code text primary key,
    name text not null unique,
    fips text not null unique,
    kind text not null check (kind in ('state', 'district', 'territory'))
) strict;

-- Controlled vocabularies. `position` keeps the order the seed files give.
create table kinds (
    slug text primary key,
    label text not null,
    description text not null,
    position integer not null
) strict;

create table topics (
    slug text primary key,
    label text not null,
    description text not null,
    position integer not null
) strict;

create table audiences (
    slug text primary key,
    label text not null,
    description text not null,
    position integer not null
) strict;

create table organizations (
    id integer primary key,
    slug text not null unique,
    name text not null,
    -- A JSON array of strings: acronyms and other names.
    alternate_names text not null default '[]' check (json_valid(alternate_names)),
    description text not null,
    url text,
    parent_id integer references organizations (id),
    source_id text not null references sources (id),
    assured_date text not null
) strict;

create table resources (
    id integer primary key,
    slug text not null unique,
    name text not null,
    alternate_names text not null default '[]' check (json_valid(alternate_names)),
    kind text not null references kinds (slug),
    summary text not null,
    description text not null,
    organization_id integer references organizations (id),
    -- 1 when the resource serves the whole country; otherwise service_areas lists its states.
    is_national integer not null check (is_national in (0, 1)),
    address text,
    source_id text not null references sources (id),
    source_note text,
    assured_date text not null
) strict;

create index resources_kind on resources (kind);
create index resources_organization on resources (organization_id);

-- Other sources that mention a resource, besides the one it follows.
create table resource_citations (
    resource_id integer not null references resources (id) on delete cascade,
    source_id text not null references sources (id),
    primary key (resource_id, source_id)
) strict, without rowid;

create table phones (
    id integer primary key,
    resource_id integer not null references resources (id) on delete cascade,
    position integer not null,
    -- As the source writes it; `digits` is what a phone dials.
    number text not null,
    digits text not null,
    type text not null check (type in ('voice', 'text', 'tty')),
    description text,
    hours text,
    languages text,
    law_enforcement integer not null check (law_enforcement in (0, 1))
) strict;

create index phones_resource on phones (resource_id);

create table links (
    id integer primary key,
    resource_id integer not null references resources (id) on delete cascade,
    position integer not null,
    url text not null,
    label text not null
) strict;

create index links_resource on links (resource_id);

create table resource_topics (
    resource_id integer not null references resources (id) on delete cascade,
    topic text not null references topics (slug),
    primary key (resource_id, topic)
) strict, without rowid;

create index resource_topics_topic on resource_topics (topic);

create table resource_audiences (
    resource_id integer not null references resources (id) on delete cascade,
    audience text not null references audiences (slug),
    primary key (resource_id, audience)
) strict, without rowid;

create index resource_audiences_audience on resource_audiences (audience);

create table service_areas (
    resource_id integer not null references resources (id) on delete cascade,
    state_code text not null references states (code),
    primary key (resource_id, state_code)
) strict, without rowid;

create index service_areas_state on service_areas (state_code);

-- Facts about the database itself: the hash of the imported seeds, when they were imported.
create table metadata (
    key text primary key,
    value text not null
) strict;

-- Full-text search over resources. Column order is the order bm25() weights are given in.
create virtual table resource_search using fts5 (
    name,
    alternate_names,
    organization,
    topics,
    kind,
    summary,
    description,
    phones,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- What the search index holds for each resource, gathered from the tables it draws on.
create view resource_search_rows as
select
    r.id as rowid,
    r.name as name,
    (select coalesce(group_concat(value, ' '), '') from json_each(r.alternate_names)) as alternate_names,
    coalesce(
        (select o.name || ' ' || (select coalesce(group_concat(value, ' '), '') from json_each(o.alternate_names))
         from organizations o where o.id = r.organization_id),
        ''
    ) as organization,
    (select coalesce(group_concat(t.label, ' '), '')
     from resource_topics rt join topics t on t.slug = rt.topic
     where rt.resource_id = r.id) as topics,
    (select k.label from kinds k where k.slug = r.kind) as kind,
    r.summary as summary,
    r.description as description,
    -- Ten-digit numbers are also indexed by their last seven digits, so "373-7888" finds them.
    (select coalesce(group_concat(p.digits || case when length(p.digits) = 10 then ' ' || substr(p.digits, 4) else '' end, ' '), '')
     from phones p where p.resource_id = r.id) as phones
from resources r;

-- The same words, unstemmed, for "did you mean" suggestions: its vocabulary (resource_words_vocab)
-- holds words as people write them, where the stemmed index holds "traffick".
create virtual table resource_words using fts5 (
    words,
    tokenize = 'unicode61 remove_diacritics 2',
    content = '',
    contentless_delete = 1,
    detail = 'none'
);

create virtual table resource_words_vocab using fts5vocab (resource_words, row);

-- Keep both indexes in step with every table they draw on. An import sets 'bulk_import' in
-- metadata for its transaction and rebuilds both indexes once at the end instead.
create trigger resources_search_insert after insert on resources
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid = new.id;
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid = new.id;
end;

create trigger resources_search_update after update on resources
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid = old.id;
    delete from resource_words where rowid = old.id;
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid = new.id;
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid = new.id;
end;

create trigger resources_search_delete after delete on resources
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid = old.id;
    delete from resource_words where rowid = old.id;
end;

create trigger resource_topics_search_insert after insert on resource_topics
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid = new.resource_id;
    delete from resource_words where rowid = new.resource_id;
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid = new.resource_id;
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid = new.resource_id;
end;

create trigger resource_topics_search_delete after delete on resource_topics
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid = old.resource_id;
    delete from resource_words where rowid = old.resource_id;
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid = old.resource_id;
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid = old.resource_id;
end;

create trigger phones_search_insert after insert on phones
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid = new.resource_id;
    delete from resource_words where rowid = new.resource_id;
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid = new.resource_id;
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid = new.resource_id;
end;

create trigger phones_search_delete after delete on phones
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid = old.resource_id;
    delete from resource_words where rowid = old.resource_id;
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid = old.resource_id;
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid = old.resource_id;
end;

create trigger organizations_search_update after update on organizations
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid in (select id from resources where organization_id = new.id);
    delete from resource_words where rowid in (select id from resources where organization_id = new.id);
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid in (select id from resources where organization_id = new.id);
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid in (select id from resources where organization_id = new.id);
end;

create trigger topics_search_update after update on topics
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid in (select resource_id from resource_topics where topic = new.slug);
    delete from resource_words where rowid in (select resource_id from resource_topics where topic = new.slug);
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid in (select resource_id from resource_topics where topic = new.slug);
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid in (select resource_id from resource_topics where topic = new.slug);
end;

create trigger kinds_search_update after update on kinds
    when not exists (select 1 from metadata where key = 'bulk_import') begin
    delete from resource_search where rowid in (select id from resources where kind = new.slug);
    delete from resource_words where rowid in (select id from resources where kind = new.slug);
    insert into resource_search (rowid, name, alternate_names, organization, topics, kind, summary, description, phones)
    select * from resource_search_rows where rowid in (select id from resources where kind = new.slug);
    insert into resource_words (rowid, words)
    select rowid, concat_ws(' ', name, alternate_names, organization, topics, kind, summary, description) from resource_search_rows where rowid in (select id from resources where kind = new.slug);
end;

-- Reviewed synonyms for search: every term of a group finds what the others find.
create table synonyms (
    group_id integer not null,
    term text not null,
    primary key (group_id, term)
) strict;

-- The first three digits of ZIP codes and the states they lie in (seeds/zip3_states.csv):
-- `state` is where most of the prefix's ZIP codes are; `states` lists every state present.
create table zip_prefixes (
    prefix text primary key check (length(prefix) = 3),
    state text not null references states (code),
    states text not null check (json_valid(states))
) strict;
