-- The feedback store on PostgreSQL, shared by every instance: the same tables as the SQLite
-- store (migrations-feedback/sqlite), in PostgreSQL's types. See that file for what each
-- column holds and why nothing more is kept.

create table form_secret (
    id integer primary key check (id = 1),
    secret bytea not null check (length(secret) = 32)
);

create table feedback (
    id bigint generated always as identity primary key,
    kind text not null check (kind in ('report', 'suggestion')),
    received_hour text not null,
    slug text,
    problem text check (problem in ('phone-wrong', 'link-broken', 'closed-or-moved', 'out-of-date', 'other')),
    message text not null,
    name text,
    reach text,
    states text,
    learned_from text,
    contact text,
    closed_at text,
    close_note text,
    check ((kind = 'report') = (slug is not null and problem is not null)),
    check ((kind = 'suggestion') = (name is not null and reach is not null and learned_from is not null)),
    check ((closed_at is null) = (close_note is null))
);

create index feedback_open on feedback (closed_at, id);

create table link_checks (
    url text primary key,
    checked_at text not null,
    status bigint,
    final_url text,
    outcome text not null check (outcome in ('ok', 'broken', 'unreachable')),
    error text,
    elapsed_ms bigint not null,
    first_failed_at text
);
