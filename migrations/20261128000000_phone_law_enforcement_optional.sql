-- Who answers a line is a claim only a source can make: no source says who answers 911, and a
-- wrong "law enforcement" may keep someone who fears police or immigration enforcement from
-- calling. law_enforcement becomes nullable (null: the directory makes no claim). SQLite cannot
-- drop a not-null constraint in place, so the table is rebuilt with its rows, index and keys.
-- The resource_search_rows view reads phones by name and is untouched: the new table takes the
-- old one's name, never a rename of a live table the view points at.
create table phones_before (
    id integer primary key,
    resource_id integer not null,
    position integer not null,
    number text not null,
    digits text not null,
    type text not null,
    description text,
    hours text,
    languages text,
    law_enforcement integer not null
) strict;

insert into phones_before
select id, resource_id, position, number, digits, type, description, hours, languages, law_enforcement
from phones;

drop table phones;

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
    -- 1 when a source says law enforcement answers, 0 when it says otherwise, null when no
    -- source says.
    law_enforcement integer check (law_enforcement in (0, 1))
) strict;

insert into phones
select id, resource_id, position, number, digits, type, description, hours, languages, law_enforcement
from phones_before;

drop table phones_before;

create index phones_resource on phones (resource_id);
