import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { canRead, type Reader, type TlpObjectMeta } from "../access/index.js";
import type { TlpLevel } from "../stix/index.js";
import { buildPicture, incidentVisibility, isoWeek, type PictureIncident } from "./national.js";

/**
 * Property: for random incidents (producer, TLP, shares, RED recipients, submitted up or not) and
 * random readers, the picture counts exactly the incidents the reader may count, in every bucket;
 * lists exactly those TLP lets it read; and names nothing of the others.
 */

const ORGS = ["a", "b", "c"] as const;
const USERS = ["ua", "ub", "uc"] as const;
const LEVELS: Array<TlpLevel | null> = ["clear", "green", "amber", "amber+strict", "red", null];
const SECTORS = ["energy", "transport", null] as const;
const STATES = ["MX-CMX", "MX-JAL", "MX-NLE", null] as const;
const TYPES = ["ransomware", "phishing", "data-breach"] as const;

const incidentArb = fc.record({
  producer: fc.constantFrom(...ORGS),
  writer: fc.constantFrom(...USERS),
  tlp: fc.constantFrom(...LEVELS),
  sharedWith: fc.subarray([...ORGS]),
  red: fc.subarray([...USERS]),
  submitted: fc.boolean(),
  sector: fc.constantFrom(...SECTORS),
  state: fc.constantFrom(...STATES),
  day: fc.integer({ min: 0, max: 60 }),
  types: fc.subarray([...TYPES]),
  actor: fc.constantFrom("Guacamaya", "FIN13", null),
});

const readerArb: fc.Arbitrary<Reader> = fc.oneof(
  fc.constant<Reader>({ kind: "system", orgId: null, userId: null }),
  fc.constant<Reader>({ kind: "anonymous", orgId: null, userId: null }),
  fc.record({
    kind: fc.constant("member" as const),
    orgId: fc.constantFrom(...ORGS),
    userId: fc.constantFrom(...USERS),
  }),
);

describe("national picture (property)", () => {
  it("counts what each reader may count, lists what it may read, names nothing else", () => {
    fc.assert(
      fc.property(fc.array(incidentArb, { maxLength: 25 }), readerArb, (gen, reader) => {
        const all = gen.map((g, n) => {
          const meta: TlpObjectMeta = {
            tlp: g.tlp,
            producerOrg: g.producer,
            sharedWith: g.sharedWith,
            redRecipients: g.red,
            writerUser: g.writer,
          };
          const item = {
            id: `incident--${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`,
            orgName: `Org ${g.producer} secret-${n}`,
            title: `Title secret-${n}`,
            sector: g.sector,
            state: g.state,
            awareAt: new Date(Date.UTC(2026, 0, 1) + g.day * 86_400_000).toISOString(),
            types: g.types,
            actor: g.actor,
            status: "new",
            criticality: null,
          };
          return { g, meta, item, visibility: incidentVisibility(reader, meta, g.submitted) };
        });
        const counted = all.filter((x) => x.visibility !== "none");
        const picture = buildPicture(
          counted.map((x) => ({ ...x.item, visibility: x.visibility }) as PictureIncident),
          [],
          [],
        );
        // The count is a count over what the reader may see, computed independently of the rule's code path.
        const expected = all.filter(
          (x) => canRead(reader, x.meta) || (x.g.submitted && (x.g.tlp ?? "amber") !== "red"),
        );
        assert.equal(picture.totals.incidents, expected.length);
        for (const s of SECTORS) {
          const n = expected.filter((x) => x.g.sector === s).length;
          assert.equal(picture.bySector.find((b) => b.key === (s ?? "unknown"))?.incidents ?? 0, n);
        }
        for (const s of STATES) {
          const n = expected.filter((x) => x.g.state === s).length;
          assert.equal(picture.byState.find((b) => b.key === (s ?? "unknown"))?.incidents ?? 0, n);
        }
        for (const t of TYPES) {
          const n = expected.filter((x) => x.g.types.includes(t)).length;
          assert.equal(picture.byType.find((b) => b.key === t)?.incidents ?? 0, n);
        }
        assert.equal(
          picture.byWeek.reduce((s, b) => s + b.incidents, 0),
          expected.length,
        );
        const readable = all
          .filter((x) => canRead(reader, x.meta))
          .map((x) => x.item.id)
          .sort();
        assert.deepEqual(picture.incidents.map((r) => r.id).sort(), readable);
        const text = JSON.stringify(picture);
        for (const x of all)
          if (!canRead(reader, x.meta)) {
            assert.ok(!text.includes(`secret-${all.indexOf(x)}"`), `${x.item.id} named`);
            assert.ok(!text.includes(x.item.id), `${x.item.id} listed`);
          }
      }),
      { numRuns: 300 },
    );
  });

  it("weeks are ISO weeks on Mexico City's clock", () => {
    assert.equal(isoWeek("2026-01-01T12:00:00Z", "America/Mexico_City"), "2026-W01");
    assert.equal(isoWeek("2027-01-01T12:00:00Z", "America/Mexico_City"), "2026-W53");
    // Monday 00:30 UTC is still Sunday evening in Mexico City.
    assert.equal(isoWeek("2026-03-16T00:30:00Z", "America/Mexico_City"), "2026-W11");
    assert.equal(isoWeek("2026-03-16T00:30:00Z", "UTC"), "2026-W12");
  });
});
