import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { type AdminUser, ChangeError, ListTable, type Org, useChange, useKeptApi } from "../components/admin-kit.tsx";
import { ShownOnce } from "../components/shown-once.tsx";
import { Status } from "../components/status.tsx";
import { useFormat } from "../format.ts";

/** Administración's access sections: API tokens, collections with their grants, and the feeds' health. */

interface Token {
  id: string;
  userId: string;
  username: string | null;
  name: string;
  created: string;
  expires: string | null;
  revoked: string | null;
}

interface Grant {
  orgId: string;
  orgName: string | null;
  read: boolean;
  write: boolean;
}

interface Collection {
  id: string;
  title: string;
  description: string | null;
  grants: Grant[];
}

/** A feed and its health as GET /api/v1/feeds answers it (fields a newer server adds are shown when present). */
interface Feed {
  id: string;
  kind: string;
  /** Where it pulls from: a URL or path (TAXII: the API root). */
  source: string;
  /** TAXII: the remote collection. */
  collection: string | null;
  localCollection: string | null;
  lastSync: string | null;
  lastError: string | null;
  nextRun?: string | null;
}

/** API tokens: the list (never their text), a new one shown once with a copy button, revoking. */
export function TokensSection({ users }: { users: AdminUser[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [tokens, reload] = useKeptApi<Token[]>("/api/v1/tokens");
  const change = useChange();
  const [user, setUser] = useState("");
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void change.run(async () => {
      const made = await api<{ token: Token; secret: string }>("/api/v1/tokens", {
        method: "POST",
        body: { user: user || users[0]?.id || "", name, days: days === "" ? null : Number(days) },
      });
      setSecret({ name: made.token.name, value: made.secret });
      setName("");
      setDays("");
      reload();
    });
  };
  const revoke = (token: Token) =>
    change.run(async () => {
      await api(`/api/v1/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
      reload();
    });
  const stateOf = (token: Token) =>
    token.revoked
      ? t("admin.tokens.revokedAt", { date: f.dateTime(token.revoked) })
      : token.expires
        ? t("admin.tokens.expiresAt", { date: f.dateTime(token.expires) })
        : t("admin.tokens.live");
  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">{t("admin.tokens.title")}</h2>
      {secret && (
        <ShownOnce
          label={t("admin.tokens.secret", { name: secret.name })}
          value={secret.value}
          onDone={() => setSecret(null)}
        />
      )}
      <Status loaded={tokens}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t("admin.tokens.none")}</p>
          ) : (
            <ListTable
              label={t("admin.tokens.title")}
              columns={[
                t("admin.tokens.name"),
                t("admin.tokens.user"),
                t("admin.tokens.created"),
                t("admin.tokens.state"),
                t("admin.actions"),
              ]}
            >
              {list.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{token.username ?? token.userId}</td>
                  <td>{f.dateTime(token.created)}</td>
                  <td>{stateOf(token)}</td>
                  <td>
                    {!token.revoked && (
                      <button
                        type="button"
                        className="secondary"
                        aria-label={t("admin.tokens.revokeOf", { name: token.name, user: token.username ?? "" })}
                        onClick={() => void revoke(token)}
                      >
                        {t("admin.tokens.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </ListTable>
          )
        }
      </Status>
      <form className="admin-form" onSubmit={submit}>
        <h3>{t("admin.tokens.add")}</h3>
        <label htmlFor="token-user">{t("admin.tokens.user")}</label>
        <select id="token-user" value={user || users[0]?.id} onChange={(e) => setUser(e.currentTarget.value)}>
          {users
            .filter((u) => u.active)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
        </select>
        <label htmlFor="token-name">{t("admin.tokens.name")}</label>
        <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <label htmlFor="token-days">{t("admin.tokens.days")}</label>
        <input
          id="token-days"
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.currentTarget.value)}
        />
        <ChangeError error={change.error} />
        <button type="submit" disabled={change.busy}>
          {t("admin.tokens.submit")}
        </button>
      </form>
    </section>
  );
}

function rightsOf(t: (key: string) => string, g: Grant): string {
  if (g.read && g.write) return t("admin.grants.readWrite");
  return g.read ? t("admin.grants.read") : t("admin.grants.write");
}

/** Collections and which organization may read or write each; a new collection; a grant set or removed. */
export function CollectionsSection({ orgs }: { orgs: Org[] }) {
  const { t } = useTranslation();
  const [collections, reload] = useKeptApi<Collection[]>("/api/v1/collections");
  const change = useChange();
  const [id, setId] = useState("");
  const [title, setTitle] = useState("");
  const [target, setTarget] = useState("");
  const [org, setOrg] = useState("");
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(false);
  const add = (e: FormEvent) => {
    e.preventDefault();
    void change.run(async () => {
      await api("/api/v1/collections", { method: "POST", body: { id, ...(title ? { title } : {}) } });
      setId("");
      setTitle("");
      reload();
    });
  };
  const grantPath = (collection: string, orgId: string) =>
    `/api/v1/collections/${encodeURIComponent(collection)}/grants/${encodeURIComponent(orgId)}`;
  const grant = (list: Collection[]) => (e: FormEvent) => {
    e.preventDefault();
    void change.run(async () => {
      await api(grantPath(target || list[0]?.id || "", org || orgs[0]?.id || ""), {
        method: "PUT",
        body: { read, write },
      });
      reload();
    });
  };
  const revoke = (collection: string, g: Grant) =>
    change.run(async () => {
      await api(grantPath(collection, g.orgId), { method: "DELETE" });
      reload();
    });
  return (
    <section aria-labelledby="collections-h">
      <h2 id="collections-h">{t("admin.collections.title")}</h2>
      <Status loaded={collections}>
        {(list) => (
          <>
            {list.length === 0 ? (
              <p className="empty">{t("admin.collections.none")}</p>
            ) : (
              <ListTable
                label={t("admin.collections.title")}
                columns={[t("admin.collections.id"), t("admin.collections.titleField"), t("admin.collections.grants")]}
              >
                {list.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.id}</th>
                    <td>{c.title}</td>
                    <td>
                      {c.grants.length === 0 ? (
                        <span className="muted">{t("admin.grants.none")}</span>
                      ) : (
                        <ul className="grants">
                          {c.grants.map((g) => (
                            <li key={g.orgId}>
                              {g.orgName ?? g.orgId}: {rightsOf(t, g)}{" "}
                              <button
                                type="button"
                                className="secondary small"
                                aria-label={t("admin.grants.revokeOf", { org: g.orgName ?? g.orgId, id: c.id })}
                                onClick={() => void revoke(c.id, g)}
                              >
                                {t("admin.grants.revoke")}
                              </button>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </ListTable>
            )}
            <ChangeError error={change.error} />
            <div className="admin-forms">
              <form className="admin-form" onSubmit={add}>
                <h3>{t("admin.collections.add")}</h3>
                <label htmlFor="collection-id">{t("admin.collections.id")}</label>
                <input
                  id="collection-id"
                  required
                  maxLength={100}
                  pattern="[A-Za-z0-9._\-]+"
                  aria-describedby="collection-id-hint"
                  value={id}
                  onChange={(e) => setId(e.currentTarget.value)}
                />
                <p id="collection-id-hint" className="hint">
                  {t("admin.collections.idHint")}
                </p>
                <label htmlFor="collection-title">{t("admin.collections.titleField")}</label>
                <input
                  id="collection-title"
                  maxLength={200}
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                />
                <button type="submit" disabled={change.busy}>
                  {t("admin.collections.submit")}
                </button>
              </form>
              {list.length > 0 && (
                <form className="admin-form" onSubmit={grant(list)}>
                  <h3>{t("admin.grants.add")}</h3>
                  <label htmlFor="grant-collection">{t("admin.grants.collection")}</label>
                  <select
                    id="grant-collection"
                    value={target || list[0]?.id}
                    onChange={(e) => setTarget(e.currentTarget.value)}
                  >
                    {list.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.id}
                      </option>
                    ))}
                  </select>
                  <label htmlFor="grant-org">{t("admin.grants.org")}</label>
                  <select id="grant-org" value={org || orgs[0]?.id} onChange={(e) => setOrg(e.currentTarget.value)}>
                    {orgs.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                  <label className="check">
                    <input
                      id="grant-read"
                      type="checkbox"
                      checked={read}
                      onChange={(e) => setRead(e.currentTarget.checked)}
                    />
                    {t("admin.grants.mayRead")}
                  </label>
                  <label className="check">
                    <input
                      id="grant-write"
                      type="checkbox"
                      checked={write}
                      onChange={(e) => setWrite(e.currentTarget.checked)}
                    />
                    {t("admin.grants.mayWrite")}
                  </label>
                  <p className="hint">{t("admin.grants.hint")}</p>
                  <button type="submit" disabled={change.busy}>
                    {t("admin.grants.submit")}
                  </button>
                </form>
              )}
            </div>
          </>
        )}
      </Status>
    </section>
  );
}

/** The feeds `feeds sync` pulls and their health: last run, its error, the next run when scheduled. */
export function FeedsSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const [feeds] = useKeptApi<Feed[]>("/api/v1/feeds");
  return (
    <section aria-labelledby="feeds-h">
      <h2 id="feeds-h">{t("admin.feeds.title")}</h2>
      <Status loaded={feeds}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t("admin.feeds.none")}</p>
          ) : (
            <ListTable
              label={t("admin.feeds.title")}
              columns={[
                t("admin.feeds.id"),
                t("admin.feeds.kind"),
                t("admin.feeds.source"),
                t("admin.feeds.lastRun"),
                t("admin.feeds.lastError"),
                t("admin.feeds.nextRun"),
              ]}
            >
              {list.map((feed) => (
                <tr key={feed.id}>
                  <th scope="row">{feed.id}</th>
                  <td>{feed.kind}</td>
                  <td className="wrap">
                    {feed.source}
                    {feed.collection ? ` · ${feed.collection}` : ""}
                    {feed.localCollection ? ` → ${feed.localCollection}` : ""}
                  </td>
                  <td>{feed.lastSync ? f.dateTime(feed.lastSync) : t("admin.feeds.never")}</td>
                  <td>{feed.lastError ? <span className="late">{feed.lastError}</span> : t("admin.feeds.ok")}</td>
                  <td>{feed.nextRun ? f.dateTime(feed.nextRun) : t("admin.feeds.manual")}</td>
                </tr>
              ))}
            </ListTable>
          )
        }
      </Status>
    </section>
  );
}
