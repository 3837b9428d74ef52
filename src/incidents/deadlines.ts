import type { Lang, Text } from "./lang.js";
import { MX_APF_CRITICAL, MX_APF_SERIOUS, REGIME_STAGES, type RegimeId, type StageDef } from "./regimes.js";
import { addCalendarMonths, formatLocal, stixTime } from "./zoned-time.js";

/**
 * Deadline clocks: for each stage of a regime, when it is due and how it stands at `now` — time
 * left, or how late. A late stage is flagged, never blocked: a report can always be sent.
 *
 *   state        due            meaning
 *   pending      set            not submitted, `msLeft` until due
 *   late         set            not submitted, `msLate` past due
 *   submitted    set            submitted on time
 *   submitted-late set          submitted `msLate` after due
 *   immediate    awareness      due at once (mx-apf critical): shows `msElapsed` since awareness
 *   waiting      null           its start has not happened (no ransom payment recorded)
 *   not-required null           the regime asks nothing for this incident
 */

/** What the clocks are computed from. */
export interface ClockFacts {
  regime: RegimeId;
  /** Awareness time (ms since the epoch): the clock starts here, not at creation. */
  awareAt: number;
  criticality: number | null;
  ransomPaidAt: number | null;
  /** Submission time of each stage submitted so far, by stage id. */
  submitted: Readonly<Record<string, number>>;
  /** The organization's IANA time zone, for calendar-month stages and local display. */
  timeZone: string;
}

/** The state of one stage's clock. */
export type ClockState = "pending" | "late" | "submitted" | "submitted-late" | "immediate" | "waiting" | "not-required";

/** One stage's clock. */
export interface StageClock {
  stage: string;
  name: Text;
  rule: Text;
  state: ClockState;
  /** Due time, STIX timestamp (UTC), or null (waiting, not required). */
  due: string | null;
  /** The same instant on the organization's wall clock, with its offset. */
  dueLocal: string | null;
  msLeft: number | null;
  msLate: number | null;
  /** For `immediate`: time since awareness (until submitted). */
  msElapsed: number | null;
  submittedAt: string | null;
  late: boolean;
}

const HOUR = 3_600_000;

function dueOf(
  stage: StageDef,
  facts: ClockFacts,
  dues: Map<string, number | null>,
): number | null | "immediate" | "none" {
  if (facts.regime === "mx-apf") {
    const c = facts.criticality;
    if (c !== null && c >= MX_APF_CRITICAL) return "immediate";
    if (c !== null && c < MX_APF_SERIOUS) return "none";
  }
  const rule = stage.due;
  switch (rule.kind) {
    case "immediate":
      return "immediate";
    case "hours": {
      const from = rule.from === "awareness" ? facts.awareAt : facts.ransomPaidAt;
      return from === null ? null : from + rule.hours * HOUR;
    }
    case "months-after-stage": {
      const base = facts.submitted[rule.stage] ?? dues.get(rule.stage) ?? null;
      return base === null ? null : addCalendarMonths(base, rule.months, facts.timeZone);
    }
  }
}

/** The clocks of every stage of `facts.regime` at `now` (ms since the epoch). */
export function computeClocks(facts: ClockFacts, now: number): StageClock[] {
  const dues = new Map<string, number | null>();
  const out: StageClock[] = [];
  for (const stage of REGIME_STAGES[facts.regime]) {
    const d = dueOf(stage, facts, dues);
    const sub = facts.submitted[stage.id] ?? null;
    const clock: StageClock = {
      stage: stage.id,
      name: stage.name,
      rule: stage.rule,
      state: "pending",
      due: null,
      dueLocal: null,
      msLeft: null,
      msLate: null,
      msElapsed: null,
      submittedAt: sub === null ? null : stixTime(sub),
      late: false,
    };
    if (d === "none") {
      clock.state = sub === null ? "not-required" : "submitted";
      dues.set(stage.id, null);
    } else if (d === null) {
      clock.state = sub === null ? "waiting" : "submitted";
      dues.set(stage.id, null);
    } else if (d === "immediate") {
      dues.set(stage.id, facts.awareAt);
      clock.due = stixTime(facts.awareAt);
      clock.dueLocal = formatLocal(facts.awareAt, facts.timeZone);
      clock.state = sub === null ? "immediate" : "submitted";
      clock.msElapsed = (sub ?? now) - facts.awareAt;
    } else {
      dues.set(stage.id, d);
      clock.due = stixTime(d);
      clock.dueLocal = formatLocal(d, facts.timeZone);
      const at = sub ?? now;
      const late = at > d;
      clock.late = late;
      clock.state = sub === null ? (late ? "late" : "pending") : late ? "submitted-late" : "submitted";
      if (late) clock.msLate = at - d;
      else if (sub === null) clock.msLeft = d - now;
    }
    out.push(clock);
  }
  return out;
}

/** A duration for people: "2 d 4 h", "3 h 20 min", "45 min", "< 1 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return "< 1 min";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** One line describing a clock: "vence 2026-03-15T09:30:00-06:00 (faltan 3 h 20 min)" and the like. */
export function describeClock(c: StageClock, lang: Lang): string {
  const es = lang === "es";
  switch (c.state) {
    case "pending":
      return es
        ? `vence ${c.dueLocal} (faltan ${formatDuration(c.msLeft ?? 0)})`
        : `due ${c.dueLocal} (${formatDuration(c.msLeft ?? 0)} left)`;
    case "late":
      return es
        ? `VENCIDO: venció ${c.dueLocal}, hace ${formatDuration(c.msLate ?? 0)}; envíelo de todos modos`
        : `LATE: was due ${c.dueLocal}, ${formatDuration(c.msLate ?? 0)} ago; send it anyway`;
    case "submitted":
      return es ? `enviado ${c.submittedAt} a tiempo` : `submitted ${c.submittedAt} on time`;
    case "submitted-late":
      return es
        ? `enviado ${c.submittedAt}, ${formatDuration(c.msLate ?? 0)} tarde`
        : `submitted ${c.submittedAt}, ${formatDuration(c.msLate ?? 0)} late`;
    case "immediate":
      return es
        ? `de inmediato: han pasado ${formatDuration(c.msElapsed ?? 0)} desde el conocimiento`
        : `immediately: ${formatDuration(c.msElapsed ?? 0)} since awareness`;
    case "waiting":
      return es ? "sin iniciar (no hay pago de rescate registrado)" : "not started (no ransom payment recorded)";
    case "not-required":
      return es ? "no se requiere para esta criticidad" : "not required at this criticality";
  }
}
