import type { Qualifier } from "./ast.js";
import { fail } from "./errors.js";
import type { PreparedObservation } from "./observations.js";

/**
 * The observation level of matching, as STIX 2.1 §9.6-9.7 and the reference matcher define it.
 * A binding assigns observations to the pattern's observation expressions; AND, FOLLOWEDBY and
 * REPEATS need the assigned observations to be distinct (an observed-data with number_observed N
 * offers N of them). A binding keeps only what the qualifiers need: the latest first_observed and
 * the earliest last_observed of its observations.
 *  - WITHIN s: max(first) - min(last) <= s (some instant of each lies in one s-long window).
 *  - START a STOP b: every observation overlaps [a, b): max(first) < b and min(last) >= a.
 *  - A FOLLOWEDBY B: max(first of A) <= min(last of B).
 */

/** Observations an expression matched in one observed-data, and the root objects that matched. */
export interface Hit {
  obs: number;
  objects: string[];
}

/** One way of satisfying an expression. */
export interface Binding {
  /** observation index → how many of its number_observed this binding uses. */
  uses: Map<number, number>;
  maxFirst: number;
  minLast: number;
  hits: Hit[];
}

/** Most candidate bindings any one node may produce before matching stops with PATTERN_EVAL_LIMIT. */
export const MAX_BINDINGS = 20_000;

/** Context of one evaluation: the observations and the pattern text (for error positions). */
export interface BindContext {
  observations: PreparedObservation[];
  text: string;
}

/** A binding of one observation to a leaf. */
export function unitBinding(index: number, o: PreparedObservation, objects: string[]): Binding {
  return { uses: new Map([[index, 1]]), maxFirst: o.first, minLast: o.last, hits: [{ obs: index, objects }] };
}

function fits(a: Binding, b: Binding, obs: PreparedObservation[]): boolean {
  for (const [i, n] of b.uses) {
    const m = a.uses.get(i);
    if (m !== undefined && m + n > obs[i]!.count) return false;
  }
  return true;
}

function merge(a: Binding, b: Binding): Binding {
  const uses = new Map(a.uses);
  for (const [i, n] of b.uses) uses.set(i, (uses.get(i) ?? 0) + n);
  return {
    uses,
    maxFirst: Math.max(a.maxFirst, b.maxFirst),
    minLast: Math.min(a.minLast, b.minLast),
    hits: a.hits.concat(b.hits),
  };
}

function guard(out: Binding[], ctx: BindContext, at: number): void {
  if (out.length > MAX_BINDINGS) {
    fail(ctx.text, "PATTERN_EVAL_LIMIT", at, `more than ${MAX_BINDINGS} candidate matches for the expression here`);
  }
}

/** AND (followed = false) or FOLLOWEDBY (true) of two binding lists; stops at one when `one`. */
export function join(
  left: Binding[],
  right: Binding[],
  followed: boolean,
  ctx: BindContext,
  at: number,
  one: boolean,
): Binding[] {
  const out: Binding[] = [];
  for (const a of left) {
    for (const b of right) {
      if (followed && a.maxFirst > b.minLast) continue;
      if (!fits(a, b, ctx.observations)) continue;
      out.push(merge(a, b));
      if (one) return out;
      guard(out, ctx, at);
    }
  }
  return out;
}

/** Keeps the bindings a WITHIN or START/STOP qualifier allows. */
export function filterQualified(bindings: Binding[], q: Qualifier): Binding[] {
  if (q.kind === "within") {
    const span = q.seconds * 1000;
    return bindings.filter((b) => b.maxFirst - b.minLast <= span);
  }
  if (q.kind === "start-stop") {
    // No instant is both >= START and < STOP when START is not before STOP.
    if (q.from.key >= q.to.key) return [];
    const from = q.from.ms;
    const to = q.to.ms;
    return bindings.filter((b) => b.maxFirst < to && b.minLast >= from);
  }
  return bindings;
}

/**
 * REPEATS n: sets of n mutually distinct bindings. When every binding is one observation (the
 * usual case, `[...] REPEATS n TIMES`), candidates are the tightest runs in first_observed order,
 * one per starting observation — what WITHIN and FOLLOWEDBY around it need. Otherwise an
 * exhaustive search, bounded by MAX_BINDINGS.
 */
export function repeat(bindings: Binding[], times: number, ctx: BindContext, at: number): Binding[] {
  if (times === 1) return bindings;
  const obs = ctx.observations;
  if (bindings.every((b) => b.uses.size === 1 && b.uses.values().next().value === 1)) {
    const sorted = [...bindings].sort((a, b) => a.maxFirst - b.maxFirst || a.minLast - b.minLast);
    const out: Binding[] = [];
    for (let s = 0; s < sorted.length; s++) {
      let need = times;
      let acc: Binding | null = null;
      for (let k = s; k < sorted.length && need > 0; k++) {
        const b = sorted[k]!;
        const [index] = b.uses.keys() as unknown as [number];
        const have = acc?.uses.get(index) ?? 0;
        const take = Math.min(obs[index]!.count - have, need);
        if (take <= 0) continue;
        const piece: Binding = {
          uses: new Map([[index, take]]),
          maxFirst: b.maxFirst,
          minLast: b.minLast,
          hits: b.hits,
        };
        acc = acc === null ? piece : merge(acc, piece);
        need -= take;
      }
      if (need === 0 && acc !== null) out.push(acc);
    }
    return out;
  }
  if (times > 64)
    fail(ctx.text, "PATTERN_EVAL_LIMIT", at, "REPEATS above 64 over a compound expression is not evaluated");
  const out: Binding[] = [];
  let steps = 0;
  const pick = (from: number, acc: Binding | null, left: number): void => {
    if (++steps > MAX_BINDINGS * 10) fail(ctx.text, "PATTERN_EVAL_LIMIT", at, "REPEATS needed too many combinations");
    if (left === 0) {
      out.push(acc!);
      guard(out, ctx, at);
      return;
    }
    for (let k = from; k < bindings.length; k++) {
      const b = bindings[k]!;
      if (acc !== null && !fits(acc, b, obs)) continue;
      pick(k, acc === null ? b : merge(acc, b), left - 1);
    }
  };
  pick(0, null, times);
  return out;
}
