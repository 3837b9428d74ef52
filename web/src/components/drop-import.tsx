import { type DragEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api.ts";
import { useFormat } from "../format.ts";

interface ImportSummary {
  format: string;
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: Problem[];
  /** Kept without a part that could not be read (a component without its bad CPE). */
  kept: Problem[];
}

interface Problem {
  code: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** The first problems of one kind, each with its place and reason. */
function ProblemList({ title, problems }: { title: string; problems: Problem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <details>
      <summary>{title}</summary>
      <ul>
        {problems.slice(0, 50).map((p) => (
          <li key={`${p.line}:${p.column}:${p.path}:${p.code}`}>
            {t("import.problem", { line: p.line, column: p.column, message: p.message })}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Largest file the console sends (the server's own limit is the body limit of `serve`). */
const MAX_BYTES = 64 * 1024 * 1024;

/** Import a scan or an SBOM: drop the file on the zone, or choose it with the button. */
export function DropImport({ orgId, onImported }: { orgId: string; onImported(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ name: string; summary: ImportSummary } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setError(null);
    setResult(null);
    if (file.size > MAX_BYTES) {
      setError(t("import.tooLarge", { name: file.name, size: f.number(file.size) }));
      return;
    }
    setBusy(true);
    try {
      const summary = await api<ImportSummary>(
        `/api/v1/orgs/${encodeURIComponent(orgId)}/imports${query({ name: file.name })}`,
        { method: "POST", body: file, contentType: "application/octet-stream" },
      );
      setResult({ name: file.name, summary });
      onImported();
    } catch (e) {
      setError(t("common.failed", { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const drop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void send(file);
  };

  return (
    <section
      className={`drop${over ? " over" : ""}`}
      aria-labelledby="import-h"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <h2 id="import-h">{t("import.title")}</h2>
      <p>{t("import.hint")}</p>
      <label className="button" htmlFor="import-file">
        {t("import.choose")}
      </label>
      <input
        ref={input}
        id="import-file"
        className="visually-hidden"
        type="file"
        accept=".xml,.json,.csv,text/xml,application/json,text/csv"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void send(file);
          e.currentTarget.value = "";
        }}
      />
      <div aria-live="polite">
        {busy && <p role="status">{t("import.busy")}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {result && (
          <div className="import-result">
            <p>
              {t("import.done", {
                name: result.name,
                format: t(`import.format.${result.summary.format}`),
                seen: f.number(result.summary.seen),
                new: f.number(result.summary.new),
                updated: f.number(result.summary.updated),
                unchanged: f.number(result.summary.unchanged),
                skipped: f.number(result.summary.skipped.length),
                kept: f.number(result.summary.kept.length),
              })}
            </p>
            <ProblemList title={t("import.skippedList")} problems={result.summary.skipped} />
            <ProblemList title={t("import.keptList")} problems={result.summary.kept} />
          </div>
        )}
      </div>
    </section>
  );
}
