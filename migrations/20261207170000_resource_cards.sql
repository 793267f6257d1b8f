-- The languages the site publishes (`lang::Lang::ALL`), by their BCP 47 code.
create table languages (
    code text primary key
) strict, without rowid;

insert into languages (code) values ('en'), ('es');

-- Each resource's card in each language the site publishes: what the lists of resources show
-- (`db::resources::ResourceCard`). One definition the card queries select from, so sqlx can
-- check each of them at compile time. A view takes no parameter: the language is a column, and
-- a query asks for `lang = ?`, which finds its one row of `languages` by the primary key (a
-- table rather than a `values` list: with the list, SQLite ran 5-15 % more VM steps per card
-- query than the queries with the language bound directly; with the table, 0-2 %). Name and summary are the record's translation when it has one,
-- else its English text (`text_lang` says which); the kind's label and the states' names are
-- in the language asked for where translated. `english_name`, `kind_position` and
-- `organization_id` are what the lists order and filter by.
create view resource_cards as
select
    l.code as lang,
    r.id as id,
    r.slug as slug,
    coalesce(rt.name, r.name) as name,
    coalesce(rt.summary, r.summary) as summary,
    r.kind as kind,
    coalesce((select vt.label from vocabulary_translations vt
              where vt.vocabulary = 'kind' and vt.slug = r.kind and vt.lang = l.code), k.label) as kind_label,
    r.is_national as is_national,
    -- Names of the states served, comma-separated, in name order; null when none.
    (select group_concat(name, ', ') from (select coalesce(st.name, s.name) as name
        from service_areas sa join states s on s.code = sa.state_code
        left join state_translations st on st.code = s.code and st.lang = l.code
        where sa.resource_id = r.id order by 1)) as states,
    -- `{"phones": [{number, digits, type, note}…], "link": {url, label} or null}`, phones in
    -- seed order, the link the first one.
    json_object(
        'phones', json((select json_group_array(
                                json_object('number', p.number, 'digits', p.digits, 'type', p.type, 'note', p.note)
                                order by p.position)
                        from phones p where p.resource_id = r.id)),
        'link', json((select json_object('url', li.url, 'label', coalesce(lt.label, li.label))
                      from links li left join link_translations lt
                        on lt.resource_id = li.resource_id and lt.position = li.position
                       and lt.lang = l.code
                      where li.resource_id = r.id order by li.position limit 1))) as lines,
    coalesce(rt.lang, 'en') as text_lang,
    r.name as english_name,
    k.position as kind_position,
    r.organization_id as organization_id
from languages l
join resources r
join kinds k on k.slug = r.kind
left join resource_translations rt on rt.resource_id = r.id and rt.lang = l.code;
