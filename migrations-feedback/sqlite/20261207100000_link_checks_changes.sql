-- A counter that moves with every change to link_checks, kept by triggers so that no writer
-- can forget it: the site polls this one row to learn that `lantern links check` has new
-- results, and only then reads them and renders its kept pages again.
create table link_checks_changes (
    id integer primary key check (id = 1),
    changes integer not null
);

insert into link_checks_changes (id, changes) values (1, 0);

create trigger link_checks_inserted after insert on link_checks
begin
    update link_checks_changes set changes = changes + 1 where id = 1;
end;

create trigger link_checks_updated after update on link_checks
begin
    update link_checks_changes set changes = changes + 1 where id = 1;
end;

create trigger link_checks_deleted after delete on link_checks
begin
    update link_checks_changes set changes = changes + 1 where id = 1;
end;
