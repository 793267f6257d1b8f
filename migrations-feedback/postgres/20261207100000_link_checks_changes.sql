-- A counter that moves with every change to link_checks, as in the SQLite store (see
-- migrations-feedback/sqlite/20261207100000_link_checks_changes.sql): the site polls this one
-- row to learn that `lantern links check` has new results.
create table link_checks_changes (
    id integer primary key check (id = 1),
    changes bigint not null
);

insert into link_checks_changes (id, changes) values (1, 0);

create function link_checks_changed() returns trigger language plpgsql as $$
begin
    update link_checks_changes set changes = changes + 1 where id = 1;
    return null;
end;
$$;

create trigger link_checks_changed after insert or update or delete on link_checks
    for each statement execute function link_checks_changed();
