import { t as msg } from "../../i18n/index.js";
import { type Context, report } from "./check-value.js";
import { compareTimestamps, timestampProblem } from "./timestamp.js";
import type { CompiledType } from "./type-table.js";

/**
 * The per-type co-occurrence and ordering rules (`Constraint` in property-spec.ts), applied
 * after the properties themselves were checked.
 */

const ORDER_CREATED_MODIFIED = { kind: "order", earlier: "created", later: "modified", strict: false } as const;

function isTs(v: unknown): v is string {
  return typeof v === "string" && timestampProblem(v) === null;
}

function checkOrder(ctx: Context, rec: Record<string, unknown>, earlier: string, later: string, strict: boolean): void {
  const a = rec[earlier];
  const b = rec[later];
  if (!isTs(a) || !isTs(b)) return;
  const c = compareTimestamps(b, a);
  if (c < 0 || (strict && c === 0)) {
    report(
      ctx,
      "STIX_TIMESTAMP_ORDER",
      later,
      msg(strict ? "stix:constraint.later" : "stix:constraint.laterOrEqual", { earlier, value: a }),
    );
  }
}

/** Applies the type's constraints (and modified ≥ created, common to all) to `rec`. */
export function checkConstraints(ctx: Context, t: CompiledType, rec: Record<string, unknown>): void {
  checkOrder(ctx, rec, ORDER_CREATED_MODIFIED.earlier, ORDER_CREATED_MODIFIED.later, false);
  for (const c of t.constraints) {
    switch (c.kind) {
      case "order":
        checkOrder(ctx, rec, c.earlier, c.later, c.strict);
        break;
      case "one-of": {
        let found = false;
        for (const p of c.props) if (rec[p] !== undefined) found = true;
        if (!found) report(ctx, "STIX_CONSTRAINT", "", msg("stix:constraint.oneOf", { props: c.props.join(", ") }));
        break;
      }
      case "not-both":
        if (rec[c.props[0]] !== undefined && rec[c.props[1]] !== undefined) {
          report(ctx, "STIX_CONSTRAINT", c.props[1], msg("stix:constraint.notBoth", { other: c.props[0] }));
        }
        break;
      case "requires":
        if (rec[c.prop] !== undefined && rec[c.needs] === undefined) {
          report(ctx, "STIX_CONSTRAINT", c.prop, msg("stix:constraint.requires", { needs: c.needs }));
        }
        break;
      case "forbidden-when":
        if (rec[c.flag] === c.value && rec[c.prop] !== undefined) {
          report(
            ctx,
            "STIX_CONSTRAINT",
            c.prop,
            msg("stix:constraint.forbiddenWhen", { flag: c.flag, value: c.value }),
          );
        }
        break;
      case "required-when":
        if (rec[c.flag] === c.value && rec[c.prop] === undefined) {
          report(
            ctx,
            "STIX_MISSING_PROPERTY",
            c.prop,
            msg("stix:constraint.requiredWhen", { flag: c.flag, value: c.value }),
          );
        }
        break;
      case "at-least-one-property": {
        let found = false;
        for (const p of t.own) if (rec[p] !== undefined) found = true;
        if (!found && rec.extensions === undefined) {
          report(ctx, "STIX_CONSTRAINT", "", msg("stix:constraint.atLeastOne", { type: t.type }));
        }
        break;
      }
    }
  }
}
