import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiFailure } from "../api.ts";
import { useSession } from "../session.tsx";

/** Sign-in with the same user names and passwords as TAXII and the API. */
export function SignInPage() {
  const { t } = useTranslation();
  const { session, signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get("username") ?? ""), String(form.get("password") ?? ""));
    } catch (failure) {
      const code = failure instanceof ApiFailure ? failure.code : "";
      setError(
        code === "CONSOLE_UNAUTHORIZED"
          ? t("signIn.wrong")
          : code === "CONSOLE_TOO_MANY_REQUESTS"
            ? t("signIn.tooMany")
            : t("common.failed", { message: (failure as Error).message }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t("signIn.title")}</h1>
      {session?.ended && (
        <p className="notice" role="status">
          {t("signIn.ended")}
        </p>
      )}
      <p>{t("signIn.intro")}</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? "sign-in-error" : undefined}>
        <label htmlFor="username">{t("signIn.username")}</label>
        {/* biome-ignore lint/a11y/noAutofocus: signing in is the page's only task; the field is its first and only start */}
        <input id="username" name="username" autoComplete="username" required autoFocus />
        <label htmlFor="password">{t("signIn.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t("signIn.submit")}
        </button>
      </form>
      <p className="hint">{t("signIn.hint")}</p>
    </main>
  );
}
