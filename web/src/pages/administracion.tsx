import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { type AdminUser, ChangeError, ListTable, type Org, useChange, useKeptApi } from "../components/admin-kit.tsx";
import { MAP_STATES } from "../components/mexico-map.tsx";
import { ShownOnce } from "../components/shown-once.tsx";
import { Status } from "../components/status.tsx";
import { useFormat } from "../format.ts";
import es from "../i18n/es.json";
import { useSignedIn } from "../session.tsx";
import { CollectionsSection, FeedsSection, TokensSection } from "./administracion-acceso.tsx";

/**
 * Administración (admins only; the server refuses the routes to every other role anyway):
 * organizations with their sector and state, user accounts (a new password is shown once),
 * API tokens (shown once), collections with their grants, and the feeds' health.
 */

const ROLES = ["admin", "analyst", "reader", "partner"] as const;
/** The sectors, from the catalog's labels (a test checks each sector of the inventory has one). */
const SECTORS = Object.keys(es)
  .filter((k) => k.startsWith("sector."))
  .map((k) => k.slice("sector.".length));

function OrgsSection({ orgs, reload }: { orgs: Org[]; reload(): void }) {
  const { t } = useTranslation();
  const change = useChange();
  const [name, setName] = useState("");
  const [sector, setSector] = useState("");
  const [state, setState] = useState("");
  const states = [...MAP_STATES].sort((a, b) => a.name.localeCompare(b.name, "es"));
  const stateName = (code: string | null) => MAP_STATES.find((s) => s.code === code)?.name ?? "—";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void change.run(async () => {
      await api("/api/v1/orgs", {
        method: "POST",
        body: { name, ...(sector ? { sector } : {}), ...(state ? { state } : {}) },
      });
      setName("");
      setSector("");
      setState("");
      reload();
    });
  };
  return (
    <section aria-labelledby="orgs-h">
      <h2 id="orgs-h">{t("admin.orgs.title")}</h2>
      <ListTable
        label={t("admin.orgs.title")}
        columns={[t("admin.orgs.name"), t("admin.orgs.sector"), t("admin.orgs.state")]}
      >
        {orgs.map((o) => (
          <tr key={o.id}>
            <th scope="row">{o.name}</th>
            <td>{o.sector ? t(`sector.${o.sector}`, { defaultValue: o.sector }) : "—"}</td>
            <td>{stateName(o.state)}</td>
          </tr>
        ))}
      </ListTable>
      <form className="admin-form" onSubmit={submit}>
        <h3>{t("admin.orgs.add")}</h3>
        <label htmlFor="org-name">{t("admin.orgs.name")}</label>
        <input id="org-name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <label htmlFor="org-sector">{t("admin.orgs.sector")}</label>
        <select id="org-sector" value={sector} onChange={(e) => setSector(e.currentTarget.value)}>
          <option value="">{t("admin.orgs.noProfile")}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`sector.${s}`)}
            </option>
          ))}
        </select>
        <label htmlFor="org-state">{t("admin.orgs.state")}</label>
        <select id="org-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
          <option value="">{t("admin.orgs.noProfile")}</option>
          {states.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </select>
        <p className="hint">{t("admin.orgs.hint")}</p>
        <ChangeError error={change.error} />
        <button type="submit" disabled={change.busy}>
          {t("admin.orgs.submit")}
        </button>
      </form>
    </section>
  );
}

function UsersSection({ orgs, users, reload }: { orgs: Org[]; users: AdminUser[]; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useSignedIn();
  const change = useChange();
  const [username, setUsername] = useState("");
  const [org, setOrg] = useState("");
  const [role, setRole] = useState<string>("analyst");
  const [secret, setSecret] = useState<{ user: string; password: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void change.run(async () => {
      const made = await api<{ user: AdminUser; password: string }>("/api/v1/users", {
        method: "POST",
        body: { username, org: org || orgs[0]?.id || "", role },
      });
      setSecret({ user: made.user.username, password: made.password });
      setUsername("");
      reload();
    });
  };
  const reset = (u: AdminUser) =>
    change.run(async () => {
      const made = await api<{ password: string }>(`/api/v1/users/${encodeURIComponent(u.id)}/password`, {
        method: "POST",
      });
      setSecret({ user: u.username, password: made.password });
    });
  const setActive = (u: AdminUser, active: boolean) =>
    change.run(async () => {
      await api(`/api/v1/users/${encodeURIComponent(u.id)}`, { method: "PATCH", body: { active } });
      reload();
    });
  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t("admin.users.title")}</h2>
      {secret && (
        <ShownOnce
          label={t("admin.users.password", { user: secret.user })}
          value={secret.password}
          onDone={() => setSecret(null)}
        />
      )}
      <ListTable
        label={t("admin.users.title")}
        columns={[
          t("admin.users.username"),
          t("admin.users.org"),
          t("admin.users.role"),
          t("admin.users.state"),
          t("admin.users.created"),
          t("admin.actions"),
        ]}
      >
        {users.map((u) => (
          <tr key={u.id}>
            <th scope="row">{u.username}</th>
            <td>{u.orgName ?? u.orgId}</td>
            <td>{t(`role.${u.role}`, { defaultValue: u.role })}</td>
            <td>{u.active ? t("admin.users.active") : t("admin.users.disabled")}</td>
            <td>{f.dateTime(u.created)}</td>
            <td className="row-actions">
              <button
                type="button"
                className="secondary"
                aria-label={t("admin.users.resetOf", { user: u.username })}
                onClick={() => void reset(u)}
              >
                {t("admin.users.reset")}
              </button>
              {u.id !== me.user.id && (
                <button
                  type="button"
                  className="secondary"
                  aria-label={t(u.active ? "admin.users.disableOf" : "admin.users.enableOf", { user: u.username })}
                  onClick={() => void setActive(u, !u.active)}
                >
                  {u.active ? t("admin.users.disable") : t("admin.users.enable")}
                </button>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
      <form className="admin-form" onSubmit={submit}>
        <h3>{t("admin.users.add")}</h3>
        <label htmlFor="user-name">{t("admin.users.username")}</label>
        <input
          id="user-name"
          required
          maxLength={100}
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
        />
        <label htmlFor="user-org">{t("admin.users.org")}</label>
        <select id="user-org" value={org || orgs[0]?.id} onChange={(e) => setOrg(e.currentTarget.value)}>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <label htmlFor="user-role">{t("admin.users.role")}</label>
        <select id="user-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <p className="hint">{t("admin.users.hint")}</p>
        <ChangeError error={change.error} />
        <button type="submit" disabled={change.busy}>
          {t("admin.users.submit")}
        </button>
      </form>
    </section>
  );
}

/** /administracion: the page, for a role that may administer. */
export function AdministracionPage() {
  const { t } = useTranslation();
  const [orgs, reloadOrgs] = useKeptApi<Org[]>("/api/v1/orgs");
  const [users, reloadUsers] = useKeptApi<AdminUser[]>("/api/v1/users");
  return (
    <>
      <h1>{t("admin.page")}</h1>
      <p className="hint">{t("admin.intro")}</p>
      <Status loaded={orgs}>{(list) => <OrgsSection orgs={list} reload={reloadOrgs} />}</Status>
      <Status loaded={orgs}>
        {(orgList) => (
          <Status loaded={users}>
            {(list) => (
              <>
                <UsersSection orgs={orgList} users={list} reload={reloadUsers} />
                <TokensSection users={list} />
                <CollectionsSection orgs={orgList} />
              </>
            )}
          </Status>
        )}
      </Status>
      <FeedsSection />
    </>
  );
}
