import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A secret the server answers once (a new password, an API token): shown in a read-only field
 * with a copy button, and gone when dismissed — the server keeps only its hash, so the page
 * says so. The field takes the focus, so a keyboard or screen-reader user lands on it.
 */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone(): void }) {
  const { t } = useTranslation();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard (an insecure origin, a browser setting): the text is selected for Ctrl+C.
      field.current?.select();
      setCopied("failed");
    }
  };
  return (
    <fieldset className="shown-once">
      <legend className="visually-hidden">{label}</legend>
      <p>
        <strong>{label}</strong> {t("admin.once.warning")}
      </p>
      <div className="field-row">
        <input ref={field} readOnly value={value} aria-label={label} size={Math.min(60, value.length + 2)} />
        <button type="button" onClick={() => void copy()}>
          {t("admin.once.copy")}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t("admin.once.done")}
        </button>
      </div>
      <p aria-live="polite" className="hint">
        {copied === "yes" ? t("admin.once.copied") : copied === "failed" ? t("admin.once.copyFailed") : ""}
      </p>
    </fieldset>
  );
}
