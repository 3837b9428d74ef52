import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { certificateSignIn, type PeerCertificateFacts, subjectText } from "./client-certificate.js";

const facts = (over: Partial<PeerCertificateFacts> = {}): PeerCertificateFacts => ({
  presented: true,
  authorized: true,
  authorizationError: null,
  subject: { CN: "alice", O: "CSIRT" },
  validTo: "Dec  4 00:00:00 2027 GMT",
  ...over,
});

describe("which client certificates sign in, and as whom", () => {
  it("names the user by CN, or by the attribute configured", () => {
    assert.deepEqual(certificateSignIn(facts()), { kind: "user", username: "alice" });
    assert.deepEqual(certificateSignIn(facts({ subject: { emailAddress: "ana@csirt.mx" } }), "emailAddress"), {
      kind: "user",
      username: "ana@csirt.mx",
    });
  });

  it("refuses none, another CA's, an expired one, and a subject without a single attribute", () => {
    assert.deepEqual(certificateSignIn(facts({ presented: false, authorized: false })), { kind: "missing" });
    assert.deepEqual(
      certificateSignIn(facts({ authorized: false, authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" })),
      { kind: "untrusted", reason: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" },
    );
    assert.deepEqual(certificateSignIn(facts({ authorized: false, authorizationError: "CERT_HAS_EXPIRED" })), {
      kind: "expired",
      validTo: "Dec  4 00:00:00 2027 GMT",
    });
    assert.deepEqual(certificateSignIn(facts(), "emailAddress"), { kind: "no-subject" });
    // Two CNs would name two users: neither is picked.
    assert.deepEqual(certificateSignIn(facts({ subject: { CN: ["alice", "bob"] } })), { kind: "no-subject" });
    assert.deepEqual(certificateSignIn(facts({ subject: { CN: " " } })), { kind: "no-subject" });
  });

  it("writes a subject on one line", () => {
    assert.equal(subjectText({ CN: "alice", OU: ["a", "b"] }), "CN=alice, OU=a+b");
    assert.equal(subjectText({}), "(empty)");
  });
});
