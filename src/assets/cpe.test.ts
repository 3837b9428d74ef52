import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ANY, formatCpe, NA, normalizeCpe, parseCpe, plainValue, tryParseCpe, wfnOf } from "./cpe.js";
import { AssetsError } from "./errors.js";

function rejects(text: string, code: string, offset: number): void {
  assert.throws(
    () => parseCpe(text),
    (e: unknown) => e instanceof AssetsError && e.code === code && e.offset === offset,
    `${text} → ${code}@${offset}`,
  );
}

test("formatted string unbinds to a WFN with quoting and logical values", () => {
  const w = parseCpe("cpe:2.3:a:Microsoft:Internet_Explorer:8.0.6001:beta:*:*:*:*:*:*");
  assert.equal(w.part, "a");
  assert.equal(w.vendor, "microsoft");
  assert.equal(w.product, "internet_explorer");
  assert.equal(w.version, "8\\.0\\.6001");
  assert.equal(w.update, "beta");
  assert.equal(w.edition, ANY);
  const na = parseCpe("cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*");
  assert.equal(na.version, NA);
});

test("escaped characters survive a round trip; ., - and _ lose their needless quoting", () => {
  const w = parseCpe("cpe:2.3:a:hp:insight_diagnostics:7\\.4\\.0\\.1570:-:*:*:online:win2003:x64:*");
  assert.equal(w.version, "7\\.4\\.0\\.1570");
  assert.equal(formatCpe(w), "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*");
  const colon = parseCpe("cpe:2.3:a:foo\\:bar:baz\\!:1\\.0:*:*:*:*:*:*:*");
  assert.equal(colon.vendor, "foo\\:bar");
  assert.equal(plainValue(colon.vendor), "foo:bar");
  assert.equal(formatCpe(colon), "cpe:2.3:a:foo\\:bar:baz\\!:1.0:*:*:*:*:*:*:*");
  const lit = parseCpe("cpe:2.3:a:vendor:prod\\*uct:1\\?:*:*:*:*:*:*:*");
  assert.equal(lit.product, "prod\\*uct");
  assert.equal(formatCpe(lit), "cpe:2.3:a:vendor:prod\\*uct:1\\?:*:*:*:*:*:*:*");
});

test("wildcards are accepted only at the ends of a value", () => {
  assert.equal(parseCpe("cpe:2.3:a:*soft:office*:2??:*:*:*:*:*:*:*").version, "2??");
  assert.equal(parseCpe("cpe:2.3:a:v:p:??1:*:*:*:*:*:*:*").version, "??1");
  rejects("cpe:2.3:a:micro*soft:office:1:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 15);
  rejects("cpe:2.3:a:v:p:1?2:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 15);
  rejects("cpe:2.3:a:v:**p:1:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 13);
  rejects("cpe:2.3:a:v:*?p:1:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 13);
  rejects("cpe:2.3:a:v:p*?:1:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 13);
  rejects("cpe:2.3:a:v:p?*:1:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 13);
  rejects("cpe:2.3:a:v:q??x:1:*:*:*:*:*:*:*", "CPE_EMBEDDED_WILDCARD", 13);
  assert.equal(parseCpe("cpe:2.3:a:v:??p*:1:*:*:*:*:*:*:*").product, "??p*");
  assert.equal(parseCpe("cpe:2.3:a:v:p\\??:1:*:*:*:*:*:*:*").product, "p\\??");
});

test("malformed formatted strings are rejected with code and offset", () => {
  rejects("cpe:2.2:a:v:p:1:*:*:*:*:*:*:*", "CPE_BAD_PREFIX", 0);
  rejects("a:v:p", "CPE_BAD_PREFIX", 0);
  rejects("cpe:2.3:a:v:p:1", "CPE_FIELD_COUNT", 15);
  rejects("cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra", "CPE_FIELD_COUNT", 29);
  rejects("cpe:2.3:x:v:p:1:*:*:*:*:*:*:*", "CPE_BAD_PART", 8);
  rejects("cpe:2.3:a:v:p:1:*:*:*:*:*:*:\\", "CPE_DANGLING_ESCAPE", 28);
  rejects("cpe:2.3:a:v:p p:1:*:*:*:*:*:*:*", "CPE_BAD_CHARACTER", 13);
  rejects("cpe:2.3:a:v::1:*:*:*:*:*:*:*", "CPE_BAD_CHARACTER", 12);
  rejects("cpe:2.3:a:v:pé:1:*:*:*:*:*:*:*", "CPE_BAD_CHARACTER", 13);
  rejects(`cpe:2.3:a:v:${"p".repeat(5000)}:1:*:*:*:*:*:*:*`, "CPE_TOO_LONG", 0);
  assert.equal(tryParseCpe("nonsense"), null);
});

test("CPE 2.2 URIs from Nmap unbind, with percent-encoding and packed editions", () => {
  assert.equal(normalizeCpe("cpe:/a:openbsd:openssh:6.6.1p1"), "cpe:2.3:a:openbsd:openssh:6.6.1p1:*:*:*:*:*:*:*");
  assert.equal(normalizeCpe("cpe:/o:linux:linux_kernel"), "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*");
  assert.equal(normalizeCpe("cpe:/a:foo%21:bar:1.0:-"), "cpe:2.3:a:foo\\!:bar:1.0:-:*:*:*:*:*:*");
  assert.equal(
    normalizeCpe("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~"),
    "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:x64:*",
  );
  assert.equal(parseCpe("cpe:/a:v:p:1.%01%01").version, "1\\.??");
  assert.throws(
    () => parseCpe("cpe:/a:v:p:%zz"),
    (e: unknown) => e instanceof AssetsError && e.code === "CPE_BAD_PERCENT" && e.offset === 11,
  );
  assert.throws(
    () => parseCpe("cpe:/a:v:p:1:2:3:4:5"),
    (e: unknown) => e instanceof AssetsError && e.code === "CPE_FIELD_COUNT",
  );
});

test("wfnOf quotes plain values and keeps ANY and NA", () => {
  const w = wfnOf({ part: "a", vendor: "Apache", product: "http_server", version: "2.4.49", update: "-" });
  assert.equal(formatCpe(w), "cpe:2.3:a:apache:http_server:2.4.49:-:*:*:*:*:*:*");
  assert.equal(w.version, "2\\.4\\.49");
});

test("needless quoting is dropped so each value has one WFN form", () => {
  assert.equal(parseCpe("cpe:2.3:a:v:\\p\\_x:1:*:*:*:*:*:*:*").product, "p_x");
  assert.equal(parseCpe("cpe:2.3:a:v:p:1\\.0:*:*:*:*:*:*:*").version, parseCpe("cpe:/a:v:p:1.0").version);
});

test("any text either parses or fails with an AssetsError; parsed names round-trip", () => {
  const piece = fc.oneof(
    fc.constantFrom(
      "*",
      "-",
      "a",
      "o",
      "h",
      "foo",
      "1.0",
      "\\:",
      "\\\\",
      "?",
      "??",
      "x*",
      "*x",
      "é",
      " ",
      "\\",
      ":",
      "%",
      "~",
    ),
    fc.string({ maxLength: 6 }),
  );
  fc.assert(
    fc.property(fc.array(piece, { minLength: 0, maxLength: 14 }), fc.boolean(), (parts, uri) => {
      const text = (uri ? "cpe:/" : "cpe:2.3:") + parts.join(uri ? "" : ":");
      let wfn: ReturnType<typeof parseCpe>;
      try {
        wfn = parseCpe(text);
      } catch (e) {
        assert.ok(e instanceof AssetsError, String(e));
        assert.ok(e.offset >= 0 && e.offset <= text.length, `${e.code} offset ${e.offset} in ${text}`);
        return;
      }
      const bound = formatCpe(wfn);
      assert.deepEqual(parseCpe(bound), wfn, `${text} → ${bound}`);
      assert.equal(formatCpe(parseCpe(bound)), bound);
    }),
    { numRuns: 3000 },
  );
});
