import { type ReactNode, useRef, useState } from "react";
import { type Loaded, useApi } from "../hooks.ts";
import { TableWrap } from "./table-wrap.tsx";

/** What the Administración page's sections share: the shapes the API answers, and how a change runs. */

/** An organization as GET /api/v1/orgs answers it. */
export interface Org {
  id: string;
  name: string;
  sector: string | null;
  state: string | null;
}

/** A user account as GET /api/v1/users answers it. */
export interface AdminUser {
  id: string;
  username: string;
  orgId: string;
  orgName: string | null;
  role: string;
  active: boolean;
  created: string;
}

/**
 * useApi that keeps showing the last list while it loads again after a change, so the sections
 * (and a secret shown once) stay on the page.
 */
export function useKeptApi<T>(path: string): [Loaded<T>, () => void] {
  const [loaded, reload] = useApi<T>(path);
  const last = useRef<T | null>(null);
  if (loaded.state === "done") last.current = loaded.data;
  if (loaded.state === "loading" && last.current !== null) return [{ state: "done", data: last.current }, reload];
  return [loaded, reload];
}

/** Runs a change, keeping its failure message (the server's, in the user's language) and whether it runs. */
export function useChange() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (change: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await change();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy };
}

/** The failure of a change, announced. */
export function ChangeError({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A list of the page: a table named `label` with a header of `columns` (translated) and `children` as its rows. */
export function ListTable({ label, columns, children }: { label: string; columns: string[]; children: ReactNode }) {
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableWrap>
  );
}
