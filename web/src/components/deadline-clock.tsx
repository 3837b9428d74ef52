import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../format.ts";

/**
 * An incident's next reporting deadline as a running clock: "vence en 3 h 20 min", "vencido hace
 * 2 h". The server answers each stage's due time (src/incidents/deadlines.ts, by regime); the
 * browser counts down from it against its own clock, so the figure moves while the page is open.
 */

type Text = { es: string; en: string };

/** One stage's clock as the incidents API answers it. */
export interface StageClock {
  stage: string;
  name: Text;
  state: "pending" | "late" | "submitted" | "submitted-late" | "immediate" | "waiting" | "not-required";
  due: string | null;
  msLeft: number | null;
  msLate: number | null;
  submittedAt: string | null;
  late: boolean;
}

/** The time now, in ms, renewed every `everyMs` (a clock's tick). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The stage still to send whose deadline comes first (pending, late or immediate), or null. */
export function nextStage(clocks: readonly StageClock[]): StageClock | null {
  const open = clocks.filter((c) => c.due !== null && ["pending", "late", "immediate"].includes(c.state));
  open.sort((a, b) => (a.due ?? "").localeCompare(b.due ?? ""));
  return open[0] ?? null;
}

/** Is `clock` past due at `now`? (An immediate stage is due at awareness: always.) */
export function isLate(clock: StageClock, now: number): boolean {
  return clock.state === "immediate" || (clock.due !== null && Date.parse(clock.due) <= now);
}

/** A duration for people, in the catalog's words: "2 d 4 h", "3 h 20 min", "45 min", "< 1 min". */
export function useSpan(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const minutes = Math.floor(Math.abs(ms) / 60_000);
    if (minutes < 1) return t("clock.span.lessThanMinute");
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (d > 0) return h > 0 ? t("clock.span.daysHours", { d, h }) : t("clock.span.days", { d });
    if (h > 0) return m > 0 ? t("clock.span.hoursMinutes", { h, m }) : t("clock.span.hours", { h });
    return t("clock.span.minutes", { m });
  };
}

/** The clock of `clock` at `now`: time left, or how late (flagged), with the due time on hover and for screen readers. */
export function RunningClock({ clock, now }: { clock: StageClock; now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const span = useSpan();
  if (clock.due === null) return null;
  const due = Date.parse(clock.due);
  const at = f.dateTime(clock.due);
  if (clock.state === "immediate")
    return (
      <span className="late">
        <span className="flag">{t("clock.lateFlag")}</span> {t("clock.immediate", { elapsed: span(now - due) })}
      </span>
    );
  if (due <= now)
    return (
      <span className="late">
        <span className="flag">{t("clock.lateFlag")}</span>{" "}
        <time dateTime={clock.due} title={at}>
          {t("clock.overdue", { late: span(now - due) })}
        </time>
        <span className="visually-hidden"> ({at})</span>
      </span>
    );
  return (
    <span>
      <time dateTime={clock.due} title={at}>
        {t("clock.dueIn", { left: span(due - now) })}
      </time>
      <span className="visually-hidden"> ({at})</span>
    </span>
  );
}
