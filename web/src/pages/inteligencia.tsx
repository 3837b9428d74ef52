import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { query } from "../api.ts";
import { type GraphEdge, IntelGraph, type IntelNode } from "../components/intel-graph.tsx";
import { Status } from "../components/status.tsx";
import { TableWrap } from "../components/table-wrap.tsx";
import { useFormat } from "../format.ts";
import { useApi, useKeysetPages } from "../hooks.ts";
import { Link, useRouter } from "../router.tsx";

/**
 * Inteligencia: a search by value, name, ATT&CK or CVE id, or STIX id over what the user's
 * organization may see (the API applies TLP in the store), the reports and sightings that
 * mention the first hits, and one object's detail — versions, where it came from, who mentions
 * it and its neighbourhood as a small graph. The search is in the address (?q=), so it can be
 * bookmarked and the browser's back button returns to it.
 */

interface Hit extends IntelNode {
  term?: string;
  via?: string;
  externalIds: string[];
  dateAdded: string;
  pattern: string | null;
  revoked: boolean;
}

interface SearchPage {
  objects: Hit[];
  related: Hit[];
  next: string | null;
}

interface Detail {
  object: Hit;
  raw: string;
  versions: { versionKey: string; dateAdded: string; tlp: string | null; revoked: boolean }[];
  provenance: {
    organization: string | null;
    createdBy: string | null;
    firstAdded: string;
    externalReferences: { sourceName: string | null; externalId: string | null; url: string | null }[];
  };
  mentionedBy: Hit[];
  graph: { nodes: IntelNode[]; edges: GraphEdge[]; truncated: boolean };
}

const PAGE = 25;

/** The stored text, indented when it parses (it always should: the store keeps valid JSON). */
function pretty(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** A TLP badge: the marking's name on its own colour (TLP 2.0's palette, in styles.css). */
export function TlpBadge({ tlp }: { tlp: string | null }) {
  const { t } = useTranslation();
  const level = tlp ?? "none";
  return (
    <span className={`tlp tlp-${level.replace("+", "-")}`}>{tlp ? `TLP:${tlp.toUpperCase()}` : t("intel.noTlp")}</span>
  );
}

function HitRows({ hits }: { hits: Hit[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      {hits.map((h) => (
        <tr key={`${h.id}-${h.via ?? ""}`}>
          <td>
            <Link href={`/inteligencia/${encodeURIComponent(h.id)}`}>{h.title}</Link>
            {h.revoked ? <span className="muted"> · {t("intel.revoked")}</span> : null}
          </td>
          <td>{h.type}</td>
          <td>
            <TlpBadge tlp={h.tlp} />
          </td>
          <td>{h.externalIds.slice(0, 3).join(", ")}</td>
          <td>{f.dateTime(h.dateAdded)}</td>
        </tr>
      ))}
    </>
  );
}

function HitTable({ caption, hits }: { caption: string; hits: Hit[] }) {
  const { t } = useTranslation();
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("intel.col.title")}</th>
            <th scope="col">{t("intel.col.type")}</th>
            <th scope="col">{t("intel.col.tlp")}</th>
            <th scope="col">{t("intel.col.ids")}</th>
            <th scope="col">{t("intel.col.added")}</th>
          </tr>
        </thead>
        <tbody>
          <HitRows hits={hits} />
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The results of one search, more pages on demand (keyset cursor). */
function Results({ q }: { q: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  // A new search starts from the first page.
  const {
    rows: hits,
    first,
    next,
    state,
    more,
  } = useKeysetPages<Hit, SearchPage>(
    q,
    (after) => `/api/v1/intel/search${query({ q, limit: PAGE, after })}`,
    (page) => page.objects,
    (kept, page) => {
      // A later page may repeat an object matched by another of its terms: list it once.
      const seen = new Set(kept.map((h) => h.id));
      return [...kept, ...page.filter((h) => !seen.has(h.id))];
    },
  );
  const related = first?.related ?? [];
  if (state !== "loading" && state !== "done") {
    return (
      <p className="error" role="alert">
        {t("common.failed", { message: state })}
      </p>
    );
  }
  return (
    <>
      <p role="status">
        {state === "loading" && hits.length === 0
          ? t("common.loading")
          : hits.length === 0
            ? t("intel.none", { q })
            : t("intel.found", { count: hits.length, n: f.number(hits.length), q })}
      </p>
      {hits.length > 0 ? <HitTable caption={t("intel.results", { q })} hits={hits} /> : null}
      {next ? (
        <button type="button" onClick={more} disabled={state === "loading"}>
          {t("common.more")}
        </button>
      ) : null}
      {related.length > 0 ? <HitTable caption={t("intel.related")} hits={related} /> : null}
    </>
  );
}

function SearchPageView() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const q = location.search.get("q") ?? "";
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (value !== "") navigate(`/inteligencia${query({ q: value })}`);
  };
  return (
    <>
      <h1>{t("intel.title")}</h1>
      <search>
        <form className="search" onSubmit={submit}>
          <label htmlFor="intel-q">{t("intel.searchLabel")}</label>
          <input
            id="intel-q"
            type="search"
            value={text}
            maxLength={200}
            placeholder={t("intel.placeholder")}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">{t("intel.search")}</button>
        </form>
      </search>
      <p className="muted">{t("intel.hint")}</p>
      {q !== "" ? <Results q={q} /> : null}
    </>
  );
}

function DetailView({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [loaded] = useApi<Detail>(`/api/v1/intel/objects/${encodeURIComponent(id)}`);
  return (
    <Status loaded={loaded}>
      {(d) => (
        <>
          <p>
            <Link href="/inteligencia">{t("intel.back")}</Link>
          </p>
          <h1>{d.object.title}</h1>
          <p>
            {d.object.type} · <TlpBadge tlp={d.object.tlp} />
            {d.object.revoked ? ` · ${t("intel.revoked")}` : ""}
          </p>
          {d.object.pattern ? (
            <p>
              {t("intel.pattern")} <code>{d.object.pattern}</code>
            </p>
          ) : null}
          <h2>{t("intel.provenance")}</h2>
          <ul>
            <li>{t("intel.firstAdded", { when: f.dateTime(d.provenance.firstAdded) })}</li>
            {d.provenance.organization ? <li>{t("intel.fromOrg", { org: d.provenance.organization })}</li> : null}
            {d.provenance.createdBy ? <li>{t("intel.createdBy", { id: d.provenance.createdBy })}</li> : null}
            {d.provenance.externalReferences.map((r) => (
              <li key={`${r.sourceName}-${r.externalId}-${r.url}`}>
                {[r.sourceName, r.externalId].filter(Boolean).join(" ")}
                {r.url ? (
                  <>
                    {" "}
                    <span className="muted">{r.url}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <h2>{t("intel.graph")}</h2>
          <IntelGraph center={d.object.id} nodes={d.graph.nodes} edges={d.graph.edges} />
          {d.graph.truncated ? <p className="muted">{t("intel.truncated")}</p> : null}
          {d.mentionedBy.length > 0 ? (
            <HitTable caption={t("intel.mentionedBy")} hits={d.mentionedBy as Hit[]} />
          ) : null}
          <TableWrap label={t("intel.versions")}>
            <table>
              <caption>{t("intel.versions")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("intel.col.version")}</th>
                  <th scope="col">{t("intel.col.added")}</th>
                  <th scope="col">{t("intel.col.tlp")}</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.versionKey}>
                    <td>
                      {v.versionKey}
                      {v.revoked ? ` · ${t("intel.revoked")}` : ""}
                    </td>
                    <td>{f.dateTime(v.dateAdded)}</td>
                    <td>
                      <TlpBadge tlp={v.tlp} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <details>
            <summary>{t("intel.raw")}</summary>
            <pre className="raw">{pretty(d.raw)}</pre>
          </details>
        </>
      )}
    </Status>
  );
}

/** /inteligencia (search) and /inteligencia/ID (one object). */
export function InteligenciaPage() {
  const { location } = useRouter();
  const id = location.path.startsWith("/inteligencia/")
    ? decodeURIComponent(location.path.slice("/inteligencia/".length))
    : "";
  return id === "" ? <SearchPageView /> : <DetailView id={id} />;
}
