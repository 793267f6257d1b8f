-- The feedback store: what visitors report and suggest, link-check results and the secret
-- that signs forms. It lives apart from the catalog, which is rebuilt from the seeds on every
-- import; nothing here is ever rebuilt, so nothing here is lost by an import.

-- One row: the key that signs the timestamp in every form. Made on first start.
create table form_secret (
    id integer primary key check (id = 1),
    secret blob not null check (length(secret) = 32)
);

-- A report about an entry or a suggested resource. It holds what the person wrote and the
-- hour it arrived: never their address, browser or the page they came from.
create table feedback (
    id integer primary key autoincrement,
    kind text not null check (kind in ('report', 'suggestion')),
    -- 'YYYY-MM-DDTHH:00:00Z': to the hour, no finer.
    received_hour text not null,
    -- A report: the entry and what is wrong with it.
    slug text,
    problem text check (problem in ('phone-wrong', 'link-broken', 'closed-or-moved', 'out-of-date', 'other')),
    -- A report's message; a suggestion's "what it does".
    message text not null,
    -- A suggestion: the resource's name, a web address or phone number, the states it serves
    -- (two-letter codes, space-separated) and where the person learned of it.
    name text,
    reach text,
    states text,
    learned_from text,
    -- How to reply, when the person chose to give it.
    contact text,
    closed_at text,
    close_note text,
    check ((kind = 'report') = (slug is not null and problem is not null)),
    check ((kind = 'suggestion') = (name is not null and reach is not null and learned_from is not null)),
    check ((closed_at is null) = (close_note is null))
);

create index feedback_open on feedback (closed_at, id);

-- The last check of each web address in the catalog (`lantern links check`).
create table link_checks (
    url text primary key,
    -- RFC 3339, UTC, to the second.
    checked_at text not null,
    -- The final response's status; null when none came (timeout, refused, TLS).
    status integer,
    final_url text,
    outcome text not null check (outcome in ('ok', 'broken', 'unreachable')),
    error text,
    elapsed_ms integer not null,
    -- When it first failed in the run of failures it is in; null while it works.
    first_failed_at text
);
