-- History by SQL: multiplies the rows the services hold into `copies` more of the same, so that a few
-- driven orders become tens of thousands (issue 13, "cost flat with history": the plan guard
-- Tests/IntegrationTests/QueryPlanTests.swift and scripts/bench.sh load history with it).
--
-- Usage (one psql session: the function lives in pg_temp, which is per session; nothing permanent is made):
--
--   scripts/infra.sh psql -d o2c -f - \
--     -c "select pg_temp.o2c_multiply_history(1000, array['orders','credit','warehouse','finance','aftersales'])" \
--     < scripts/history.sql
--
-- (`-f -` reads this file from standard input: infra.sh runs psql from / as the postgres OS user, where a
-- relative path names nothing; psql runs -f and -c in order, in one session.) From a program: run this file,
-- then the select, on the same connection (Tests/IntegrationTests/Support/PlanGuard.swift).
--
-- The second argument names the five service schemas: in the `o2c` database they are orders, credit,
-- warehouse, finance, aftersales (the default when it is left out); the test harness makes `<id>` (orders),
-- `<id>_credit`, `<id>_warehouse`, `<id>_finance`, `<id>_aftersales`. The function returns the number of
-- rows it added and says per table how many (NOTICE).
--
-- What a copy is: for copy k (1 … copies) every row that holds a uuid anywhere in its text, json or text[]
-- columns (ids are `ORD-<uuid>`, `DN-<uuid>`, `GP-<uuid>`…, message ids plain uuids, and the same ids appear
-- inside saga state, lines and outbox payloads) is inserted again with the first group of every uuid
-- replaced by k as eight decimal digits. Every id of the copy is remapped the same way in every column of
-- every schema, so foreign keys and references between the services (finance's order ids, warehouse's
-- dispatch note ids, the orders saga's invoice ids) stay consistent: copy k is a complete world of orders
-- of its own, with its own customers.
--   - Columns a sequence or an identity fills (outbox ids, history and transition ids) are left out: the
--     sequence numbers the copies.
--   - Rows without a uuid (schema_migrations, rule settings and their history, business calendars,
--     products, stock) are not copied: they are configuration, not history. schema_migrations is skipped
--     by name as well.
--   - A copy that would break a unique constraint is dropped (`on conflict do nothing`).
--   - Tables are filled parents first (foreign keys within the schemas), so every constraint is checked.
--   - A copy of an outbox row counts as sent (`sent_at` = now when the original was unsent), so the relays
--     do not publish copies; multiply after the driven orders have finished and the outboxes drained.
--   - It reads the columns from pg_catalog each time, so a new migration needs no change here.
-- Then the schemas are analyzed. Multiply once: a second call copies the copies as well where a table has
-- no unique key (history rows), and remaps copies onto each other where it has one.
create or replace function pg_temp.o2c_multiply_history(
    copies int, schemas text[] default array['orders', 'credit', 'warehouse', 'finance', 'aftersales']
) returns bigint
language plpgsql as $history$
declare
    uuid_pattern constant text := '[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
    remaining regclass[];
    ready regclass[];
    tbl regclass;
    is_outbox boolean;
    col record;
    candidates text[];
    probe text;
    holds boolean[];
    targets text[];
    sources text[];
    filters text[];
    templates text[];
    added bigint;
    total bigint := 0;
    started timestamptz := clock_timestamp();
    table_started timestamptz;
    i int;
begin
    if copies is null or copies < 1 then
        raise exception 'copies must be at least 1 (got %)', copies;
    end if;
    if exists (select 1 from unnest(schemas) s where to_regnamespace(quote_ident(s)) is null) then
        raise exception 'no such schema among %', schemas;
    end if;
    select coalesce(array_agg(c.oid::regclass order by n.nspname, c.relname), '{}') into remaining
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (schemas) and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname <> 'schema_migrations';

    while cardinality(remaining) > 0 loop
        -- The tables none of whose parents (other than themselves) is still to be filled.
        select coalesce(array_agg(t), '{}') into ready
        from unnest(remaining) t
        where not exists (
            select 1 from pg_constraint f
            where f.contype = 'f' and f.conrelid = t and f.confrelid <> t and f.confrelid = any (remaining));
        if cardinality(ready) = 0 then
            ready := remaining;  -- a cycle of foreign keys: as they come (each statement is checked whole)
        end if;

        foreach tbl in array ready loop
            table_started := clock_timestamp();
            select c.relname = 'outbox' into is_outbox from pg_class c where c.oid = tbl;
            targets := '{}';
            sources := '{}';
            filters := '{}';
            candidates := '{}';
            -- The columns to copy: all but dropped, generated, identity and sequence-filled ones.
            for col in
                select a.attname, format_type(a.atttypid, a.atttypmod) as type_name,
                       (t.typcategory = 'S' or a.atttypid in ('json'::regtype, 'jsonb'::regtype)
                        or (t.typcategory = 'A' and e.typcategory = 'S')) as textual
                from pg_attribute a
                join pg_type t on t.oid = a.atttypid
                left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
                left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                  and a.attidentity = '' and coalesce(pg_get_expr(d.adbin, d.adrelid), '') not like 'nextval(%'
                order by a.attnum
            loop
                targets := targets || quote_ident(col.attname);
                sources := sources || ('b.' || quote_ident(col.attname));
                if col.textual then
                    candidates := candidates || col.attname;
                end if;
            end loop;
            if cardinality(candidates) = 0 then
                continue;
            end if;
            -- Which of the text columns hold a uuid in some row (only those are rewritten).
            select string_agg(format('bool_or(%I::text ~ %L)', c, uuid_pattern), ', ') into probe
            from unnest(candidates) c;
            execute format('select array[%s] from %s', probe, tbl) into holds;
            -- Each such column of a row is rewritten once into a template (a chr(1) where each uuid's first group
            -- was), which every copy fills with its number: a plain replace() per copy, not a regular expression.
            templates := '{}';
            for i in 1 .. cardinality(candidates) loop
                if holds[i] then
                    filters := filters || format('b.%I::text ~ %L', candidates[i], uuid_pattern);
                    templates := templates || format(
                        'regexp_replace(b.%I::text, %L, chr(1) || ''\1'', ''g'') as o2c_template_%s', candidates[i],
                        uuid_pattern, i);
                    sources[array_position(targets, quote_ident(candidates[i]))] := format(
                        'replace(b.o2c_template_%s, chr(1), g.prefix)::%s', i,
                        (select format_type(a.atttypid, a.atttypmod) from pg_attribute a
                         where a.attrelid = tbl and a.attname = candidates[i]));
                end if;
            end loop;
            if cardinality(filters) = 0 then
                continue;  -- configuration: no row names anything with a uuid
            end if;
            if is_outbox and 'sent_at' = any (targets) then
                sources[array_position(targets, 'sent_at')] := 'coalesce(b.sent_at, now())';
            end if;
            execute format(
                'with b as materialized (select b.*, %s from %s b where %s), '
                || 'g as materialized (select lpad(k::text, 8, ''0'') as prefix from generate_series(1, %s) k) '
                || 'insert into %s (%s) select %s from b cross join g on conflict do nothing',
                array_to_string(templates, ', '), tbl, array_to_string(filters, ' or '), copies,
                tbl, array_to_string(targets, ', '), array_to_string(sources, ', '));
            get diagnostics added = row_count;
            total := total + added;
            raise notice '% rows into % in % s', added, tbl,
                round(extract(epoch from clock_timestamp() - table_started)::numeric, 2);
        end loop;
        select coalesce(array_agg(t), '{}') into remaining from unnest(remaining) t where t <> all (ready);
    end loop;

    for i in 1 .. cardinality(schemas) loop
        for tbl in
            select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = schemas[i] and c.relkind in ('r', 'p')
        loop
            execute format('analyze %s', tbl);
        end loop;
    end loop;
    raise notice 'history: % rows added in % s (analyzed)', total,
        round(extract(epoch from clock_timestamp() - started)::numeric, 2);
    return total;
end
$history$;
