-- What happens when someone contacts a resource (issue 13): facts in the directory's words,
-- each with the sources it summarises, in the seeds' order.
create table resource_facts (
    id integer primary key,
    resource_id integer not null references resources (id) on delete cascade,
    position integer not null,
    text text not null
) strict;

create index resource_facts_resource on resource_facts (resource_id);

create table resource_fact_sources (
    fact_id integer not null references resource_facts (id) on delete cascade,
    position integer not null,
    source_id text not null references sources (id),
    primary key (fact_id, source_id)
) strict, without rowid;

-- A number or web address that comes from one of the record's other sources, not the one it
-- follows, names that source, so the page can say so beside the value; a phone may carry a
-- short caveat (`note`) shown beside it too.
alter table phones add column from_source_id text references sources (id);
alter table phones add column note text;
alter table links add column from_source_id text references sources (id);
