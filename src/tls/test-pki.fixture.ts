import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";

/**
 * Certificates the TLS tests make for themselves, written as PEM files in a fresh folder:
 *
 *   ca            the test CA                      other-ca      another CA, trusted by no one
 *   server        127.0.0.1 / localhost, by ca     server-other  the same names, by other-ca
 *   server-expired  127.0.0.1, by ca, expired
 *   alice         client CN=alice, by ca           alice-other   CN=alice, by other-ca
 *   alice-expired CN=alice, by ca, expired         nobody        CN=nobody, by ca
 *   bob           client CN=bob, by ca
 *   carol-email   client with emailAddress=carol (no CN), by ca
 *
 * Each `name` has `name.pem` and `name.key` (CAs too). node-forge writes the certificates (any
 * validity period, past ones included); Node's crypto makes the keys and signs. The
 * server certificates share one key and the client ones another (making a key is most of the
 * time): a certificate and the key of another kind still do not match.
 */

/** Names of the certificates the fixture makes. */
export type PkiName =
  | "ca"
  | "other-ca"
  | "server"
  | "server-other"
  | "server-expired"
  | "alice"
  | "alice-other"
  | "alice-expired"
  | "nobody"
  | "bob"
  | "carol-email";

/** The folder of PEM files, the path of each, and a way to delete them. */
export interface TestPki {
  dir: string;
  cert(name: PkiName): string;
  key(name: PkiName): string;
  close(): void;
}

const DAY = 86_400_000;

function newKey(): { pem: string; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return {
    pem: privateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

interface Issued {
  cert: forge.pki.Certificate;
  key: ReturnType<typeof newKey>;
}

let serial = 1;

function issue(
  subject: forge.pki.CertificateField[],
  issuer: Issued | null,
  kind: "ca" | "server" | "client",
  validity: { from: Date; to: Date },
  key = newKey(),
): Issued {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(4, "0");
  cert.validity.notBefore = validity.from;
  cert.validity.notAfter = validity.to;
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const extensions: object[] = [
    { name: "basicConstraints", cA: kind === "ca", critical: kind === "ca" },
    kind === "ca"
      ? { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true }
      : { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "subjectKeyIdentifier" },
  ];
  if (kind === "server") {
    extensions.push({ name: "extKeyUsage", serverAuth: true });
    extensions.push({
      name: "subjectAltName",
      altNames: [
        { type: 7, ip: "127.0.0.1" },
        { type: 2, value: "localhost" },
      ],
    });
  }
  if (kind === "client") extensions.push({ name: "extKeyUsage", clientAuth: true });
  cert.setExtensions(extensions);
  // Signed by Node's crypto, not forge's JavaScript RSA (ten times slower): forge writes the
  // to-be-signed part and the result, Node signs it.
  const oid = forge.pki.oids.sha256WithRSAEncryption as string;
  cert.siginfo.algorithmOid = oid;
  cert.signatureOid = oid;
  // In forge, not in its type declarations.
  const { getTBSCertificate } = forge.pki as unknown as {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  const tbs = forge.asn1.toDer(getTBSCertificate(cert)).getBytes();
  cert.signature = sign("sha256", Buffer.from(tbs, "binary"), (issuer ?? { key }).key.pem).toString("binary");
  return { cert, key };
}

/** Makes the fixture's CAs and certificates in a new temporary folder. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "centinela-pki-"));
  const now = Date.now();
  const valid = { from: new Date(now - DAY), to: new Date(now + 365 * DAY) };
  const expired = { from: new Date(now - 30 * DAY), to: new Date(now - DAY) };
  const cn = (name: string): forge.pki.CertificateField[] => [
    { name: "commonName", value: name },
    { name: "organizationName", value: "Centinela tests" },
  ];
  const ca = issue(cn("Centinela test CA"), null, "ca", valid);
  const otherCa = issue(cn("Another CA"), null, "ca", valid);
  const serverKey = newKey();
  const clientKey = newKey();
  const made: Record<PkiName, Issued> = {
    ca,
    "other-ca": otherCa,
    server: issue(cn("127.0.0.1"), ca, "server", valid, serverKey),
    "server-other": issue(cn("127.0.0.1"), otherCa, "server", valid, serverKey),
    "server-expired": issue(cn("127.0.0.1"), ca, "server", expired, serverKey),
    alice: issue(cn("alice"), ca, "client", valid, clientKey),
    "alice-other": issue(cn("alice"), otherCa, "client", valid, clientKey),
    "alice-expired": issue(cn("alice"), ca, "client", expired, clientKey),
    nobody: issue(cn("nobody"), ca, "client", valid, clientKey),
    bob: issue(cn("bob"), ca, "client", valid, clientKey),
    "carol-email": issue([{ name: "emailAddress", value: "carol" }], ca, "client", valid, clientKey),
  };
  for (const [name, { cert, key }] of Object.entries(made)) {
    writeFileSync(join(dir, `${name}.pem`), forge.pki.certificateToPem(cert));
    writeFileSync(join(dir, `${name}.key`), key.pem, { mode: 0o600 });
  }
  return {
    dir,
    cert: (name) => join(dir, `${name}.pem`),
    key: (name) => join(dir, `${name}.key`),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
