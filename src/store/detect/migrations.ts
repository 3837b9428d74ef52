import type { Statement } from "../backend.js";
import type { AreaMigrations } from "../migration.js";

/**
 * The detect area's migrations, in its block 180–189. Append only.
 *
 * 180: `detect_indicators`, the detection index's narrow read. One row per indicator id: the
 * fields of its current version (the last by version, as `versions: ["last"]` has it for the
 * system reader), copied out of the stored JSON by triggers on `objects`, in (date_added, seq)
 * order, so loading the index walks ~200-byte rows in key order instead of the objects' ~500-byte
 * texts through a secondary index, with no JSON parsed at read time. The triggers keep it true
 * whatever writes `objects` (the ingest path, the bare import, a migration): a new version replaces
 * the row (revoked or not: the index drops a revoked one), an older version stored later does not,
 * and a deleted or rewritten version gives the row back to the id's last remaining version.
 * Readers other than the system one still read `objects` (their TLP rules pick the last version
 * *they* may see), see objects/indicator-fields.ts.
 */

/** The columns of a row, filled from an `objects` row `alias` (its raw text parsed as `json`, PostgreSQL). */
const COLUMNS =
  "id, date_added, seq, version, revoked, pattern, pattern_type, valid_from, valid_until, modified, ignore_warninglists";

const raw = (sql: string): Statement => ({ sql, parameters: [] });

function sqliteValues(o: string, named = false): string {
  const as = (name: string) => (named ? ` as ${name}` : "");
  return `${o}.id, ${o}.date_added, ${o}.seq,
    case when ${o}.version_sort = '' then ${o}.date_added else ${o}.version_sort end${as("version")},
    coalesce((${o}.raw -> '$.revoked') = 'true', 0)${as("revoked")}, ${o}.raw ->> '$.pattern'${as("pattern")},
    ${o}.raw ->> '$.pattern_type'${as("pattern_type")}, ${o}.raw ->> '$.valid_from'${as("valid_from")},
    ${o}.raw ->> '$.valid_until'${as("valid_until")}, ${o}.raw ->> '$.modified'${as("modified")},
    coalesce((${o}.raw -> '$.x_centinela_ignore_warninglists') = 'true', 0)${as("ignore_warninglists")}`;
}

/** The id's last version (ties: the one stored last), as a select of COLUMNS' values. */
function sqliteLastOf(id: string): string {
  return `select ${sqliteValues("o")} from objects o where o.id = ${id} and o.type = 'indicator' and json_valid(o.raw)
    order by case when o.version_sort = '' then o.date_added else o.version_sort end desc, o.seq desc limit 1`;
}

function sqlite180(): Statement[] {
  return [
    raw(`create table detect_indicators (id text not null, date_added text not null, seq integer not null,
      version text not null, revoked integer not null, pattern, pattern_type, valid_from, valid_until, modified,
      ignore_warninglists integer not null, primary key (date_added, seq)) without rowid`),
    raw("create unique index detect_indicators_id on detect_indicators (id)"),
    // A store filled before: every indicator's last version (the window picks one per id).
    raw(`insert into detect_indicators (${COLUMNS}) select ${COLUMNS} from (select ${sqliteValues("o", true)},
      row_number() over (partition by o.id order by case when o.version_sort = '' then o.date_added else o.version_sort end desc,
        o.seq desc) as n from objects o where o.type = 'indicator' and json_valid(o.raw)) where n = 1`),
    raw(`create trigger detect_indicators_insert after insert on objects
      when new.type = 'indicator' and json_valid(new.raw)
      begin
        insert into detect_indicators (${COLUMNS}) values (${sqliteValues("new")})
        on conflict (id) do update set date_added = excluded.date_added, seq = excluded.seq, version = excluded.version,
          revoked = excluded.revoked, pattern = excluded.pattern, pattern_type = excluded.pattern_type,
          valid_from = excluded.valid_from, valid_until = excluded.valid_until, modified = excluded.modified,
          ignore_warninglists = excluded.ignore_warninglists
        where excluded.version >= detect_indicators.version;
      end`),
    raw(`create trigger detect_indicators_delete after delete on objects when old.type = 'indicator'
      begin
        delete from detect_indicators where id = old.id and seq = old.seq;
        insert into detect_indicators (${COLUMNS}) select * from (${sqliteLastOf("old.id")})
          where not exists (select 1 from detect_indicators d where d.id = old.id);
      end`),
    raw(`create trigger detect_indicators_update after update of id, type, version_sort, date_added, raw on objects
      when old.type = 'indicator' or new.type = 'indicator'
      begin
        delete from detect_indicators where id in (old.id, new.id);
        insert into detect_indicators (${COLUMNS}) select * from (${sqliteLastOf("old.id")});
        insert into detect_indicators (${COLUMNS}) select * from (${sqliteLastOf("new.id")})
          where not exists (select 1 from detect_indicators d where d.id = new.id);
      end`),
  ];
}

/** PostgreSQL: COLUMNS' values of `o`, its raw text parsed once into `j`. */
function pgValues(o: string, j: string): string {
  return `${o}.id, ${o}.date_added, ${o}.seq,
    case when ${o}.version_sort = '' then ${o}.date_added else ${o}.version_sort end,
    case when (${j} -> 'revoked')::text = 'true' then 1 else 0 end, ${j} ->> 'pattern', ${j} ->> 'pattern_type',
    ${j} ->> 'valid_from', ${j} ->> 'valid_until', ${j} ->> 'modified',
    case when (${j} -> 'x_centinela_ignore_warninglists')::text = 'true' then 1 else 0 end`;
}

function postgres180(): Statement[] {
  const upsert = `on conflict (id) do update set date_added = excluded.date_added, seq = excluded.seq,
      version = excluded.version, revoked = excluded.revoked, pattern = excluded.pattern,
      pattern_type = excluded.pattern_type, valid_from = excluded.valid_from, valid_until = excluded.valid_until,
      modified = excluded.modified, ignore_warninglists = excluded.ignore_warninglists`;
  return [
    raw(`create table detect_indicators (id text primary key, date_added text not null, seq bigint not null,
      version text not null, revoked integer not null, pattern text, pattern_type text, valid_from text,
      valid_until text, modified text, ignore_warninglists integer not null)`),
    raw("create unique index detect_indicators_added on detect_indicators (date_added, seq)"),
    // Text that is not JSON has no fields (the SQLite side checks json_valid); PostgreSQL 15 has no IS JSON.
    raw(`create function detect_json(text) returns json language plpgsql immutable as $$
      begin return $1::json; exception when others then return null; end $$`),
    raw(`insert into detect_indicators (${COLUMNS}) select distinct on (o.id) ${pgValues("o", "j.v")}
      from objects o cross join lateral (select detect_json(o.raw) as v) j
      where o.type = 'indicator' and j.v is not null
      order by o.id, case when o.version_sort = '' then o.date_added else o.version_sort end desc, o.seq desc`),
    raw(`create function detect_indicators_refresh(the_id text) returns void language plpgsql as $$
      begin
        delete from detect_indicators where id = the_id;
        insert into detect_indicators (${COLUMNS}) select ${pgValues("o", "j.v")}
          from objects o cross join lateral (select detect_json(o.raw) as v) j
          where o.id = the_id and o.type = 'indicator' and j.v is not null
          order by case when o.version_sort = '' then o.date_added else o.version_sort end desc, o.seq desc limit 1;
      end $$`),
    raw(`create function detect_indicators_put() returns trigger language plpgsql as $$
      declare j json;
      begin
        if tg_op = 'INSERT' then
          j := detect_json(new.raw);
          if j is null then return null; end if;
          insert into detect_indicators as d (${COLUMNS}) values (${pgValues("new", "j")})
            ${upsert} where excluded.version >= d.version;
        elsif tg_op = 'DELETE' then
          if exists (select 1 from detect_indicators where id = old.id and seq = old.seq) then
            perform detect_indicators_refresh(old.id);
          end if;
        else
          perform detect_indicators_refresh(old.id);
          if new.id <> old.id then perform detect_indicators_refresh(new.id); end if;
        end if;
        return null;
      end $$`),
    raw(`create trigger detect_indicators_insert after insert on objects for each row
      when (new.type = 'indicator') execute function detect_indicators_put()`),
    raw(`create trigger detect_indicators_delete after delete on objects for each row
      when (old.type = 'indicator') execute function detect_indicators_put()`),
    raw(`create trigger detect_indicators_update after update of id, type, version_sort, date_added, raw on objects
      for each row when (old.type = 'indicator' or new.type = 'indicator') execute function detect_indicators_put()`),
  ];
}

/**
 * PostgreSQL's json operators refuse a whole text that holds the escape \u0000 anywhere ("cannot
 * be converted to text"), so one indicator with it in a description failed its whole write
 * (STIX allows the escape; SQLite reads it). The copy's fields are read from the text with the
 * escape replaced by U+FFFD: the stored raw text is untouched, and a pattern with a NUL in it
 * could not match a log anyway.
 */
function postgres181(): Statement[] {
  return [
    raw(`create or replace function detect_json(text) returns json language plpgsql immutable as $$
      begin return replace($1, '\\u0000', '\\ufffd')::json; exception when others then return null; end $$`),
  ];
}

/** The detect area's migrations, for migrate.ts. */
export const DETECT_MIGRATIONS: AreaMigrations = {
  area: "detect",
  block: [180, 189],
  migrations: [
    {
      version: 180,
      name: "detect: the indicator index's fields of each current indicator, kept by triggers",
      statements: (_db, f) => (f.triggers === "sqlite" ? sqlite180() : postgres180()),
    },
    {
      version: 181,
      name: "detect: PostgreSQL reads an indicator whose text holds \\u0000",
      statements: (_db, f) => (f.triggers === "sqlite" ? [] : postgres181()),
    },
  ],
};
