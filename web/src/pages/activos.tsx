import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api.ts";
import { type ActionItem, ActionList } from "../components/action-list.tsx";
import { DropImport } from "../components/drop-import.tsx";
import { Status } from "../components/status.tsx";
import { TableWrap } from "../components/table-wrap.tsx";
import { useFormat } from "../format.ts";
import { useApi, useKeysetPages } from "../hooks.ts";
import { useSignedIn } from "../session.tsx";

interface Org {
  id: string;
  name: string;
  sector: string | null;
  state: string | null;
}

interface Asset {
  id: string;
  name: string;
  addresses: string[];
  hostnames: string[];
  role: string;
  roleSource: "confirmed" | "inferred" | "default";
  roleEvidence: string[];
  criticality: string;
  internetExposed: boolean;
  vendor: string | null;
  software: { id: string }[];
  provenance: { source: string; input: string };
  updated: string;
}

const PAGE = 25;

/**
 * An asset's role; an inferred one says so, shows what it rests on, and can be confirmed as it
 * is (PATCH with the same role: a role a person sets is confirmed, and imports keep it).
 */
function RoleCell({ orgId, asset, onConfirmed }: { orgId: string; asset: Asset; onConfirmed: (a: Asset) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const name = t(`assetRole.${asset.role}`, { defaultValue: asset.role });
  if (asset.roleSource !== "inferred") return <>{name}</>;
  const confirm = async () => {
    try {
      onConfirmed(
        await api<Asset>(`/api/v1/orgs/${encodeURIComponent(orgId)}/assets/${encodeURIComponent(asset.id)}`, {
          method: "PATCH",
          body: { role: asset.role },
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="inferred-role">
      {name} <span className="badge">{t("assets.inferred")}</span>
      <details>
        <summary>{t("assets.evidence")}</summary>
        <ul>
          {asset.roleEvidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </details>
      <button type="button" aria-label={t("assets.confirmRoleOf", { name: asset.name })} onClick={() => void confirm()}>
        {t("assets.confirmRole")}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The assets of an organization, a keyset page at a time. */
function AssetTable({ orgId, version }: { orgId: string; version: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  // From the first page again when the organization or an import changes.
  const { rows, next, state, more, setRows } = useKeysetPages<Asset, { assets: Asset[]; next: string | null }>(
    JSON.stringify([orgId, version]),
    (after) => `/api/v1/orgs/${encodeURIComponent(orgId)}/assets${query({ limit: PAGE, after })}`,
    (page) => page.assets,
  );

  return (
    <section aria-labelledby="assets-h">
      <h2 id="assets-h">{t("assets.title")}</h2>
      {rows.length === 0 && state === "done" ? (
        <p className="empty">{t("assets.none")}</p>
      ) : (
        <TableWrap label={t("assets.caption")}>
          <table>
            <caption className="visually-hidden">{t("assets.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("assets.name")}</th>
                <th scope="col">{t("assets.addresses")}</th>
                <th scope="col">{t("assets.role")}</th>
                <th scope="col">{t("assets.criticality")}</th>
                <th scope="col">{t("assets.vendor")}</th>
                <th scope="col">{t("assets.software")}</th>
                <th scope="col">{t("assets.internet")}</th>
                <th scope="col">{t("assets.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>{[...a.addresses, ...a.hostnames].slice(0, 3).join(", ")}</td>
                  <td>
                    <RoleCell
                      orgId={orgId}
                      asset={a}
                      onConfirmed={(b) => setRows(rows.map((r) => (r.id === b.id ? b : r)))}
                    />
                  </td>
                  <td>{t(`criticality.${a.criticality}`, { defaultValue: a.criticality })}</td>
                  <td>{a.vendor ?? "—"}</td>
                  <td>{f.number(a.software.length)}</td>
                  <td>{a.internetExposed ? t("common.yes") : t("common.no")}</td>
                  <td>{f.dateTime(a.updated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {state === "loading" && (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      )}
      {state !== "loading" && state !== "done" && (
        <p className="error" role="alert">
          {t("common.failed", { message: state })}
        </p>
      )}
      {next && state === "done" && (
        <button type="button" onClick={more}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}

/** Activos: the inventory, the import of a scan or SBOM, and the action list with its reasons. */
export function ActivosPage() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const [orgs] = useApi<Org[]>("/api/v1/orgs");
  const [orgId, setOrgId] = useState(session.organization.id);
  const [version, setVersion] = useState(0);
  const [actions, reloadActions] = useApi<{ total: number; items: ActionItem[] }>(
    `/api/v1/orgs/${encodeURIComponent(orgId)}/actions?limit=20`,
  );

  return (
    <>
      <h1>{t("assets.page")}</h1>
      <Status loaded={orgs}>
        {(list) =>
          list.length > 1 && (
            <div className="field-row">
              <label htmlFor="org">{t("assets.organization")}</label>
              <select id="org" value={orgId} onChange={(e) => setOrgId(e.currentTarget.value)}>
                {list.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          )
        }
      </Status>
      {session.capabilities.writeInventory && (
        <DropImport
          orgId={orgId}
          onImported={() => {
            setVersion((v) => v + 1);
            reloadActions();
          }}
        />
      )}
      <AssetTable orgId={orgId} version={version} />
      <section aria-labelledby="acciones" id="acciones-section">
        <h2 id="acciones">{t("actions.title")}</h2>
        <Status loaded={actions}>
          {(a) => (
            <>
              <p className="hint">{t("actions.total", { count: a.total })}</p>
              <ActionList items={a.items} headingId="acciones" />
            </>
          )}
        </Status>
      </section>
    </>
  );
}
