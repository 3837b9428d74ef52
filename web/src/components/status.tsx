import { useTranslation } from "react-i18next";
import type { Loaded } from "../hooks.ts";

/** Shows loading or the failure of a request; renders `children` with the data when done. */
export function Status<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => React.ReactNode }) {
  const { t } = useTranslation();
  if (loaded.state === "loading") {
    return (
      <p className="loading" role="status">
        {t("common.loading")}
      </p>
    );
  }
  if (loaded.state === "failed") {
    return (
      <p className="error" role="alert">
        {t("common.failed", { message: loaded.message })}
      </p>
    );
  }
  return <>{children(loaded.data)}</>;
}
