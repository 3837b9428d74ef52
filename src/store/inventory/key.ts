/**
 * The natural key of an asset (`asset_key`, unique per organization): what an import matches a
 * scanned host or an SBOM to, so that importing it again updates the stored asset instead of
 * adding a second one. Importers compute it when they read a file; the store computes it again
 * when a person changes the fields it is made of.
 */

/** What an asset's key is made of. */
export interface AssetKeyParts {
  macs?: readonly string[];
  addresses?: readonly string[];
  hostnames?: readonly string[];
  name?: string;
}

/**
 * The natural key of an asset: MAC when known (lower-case), else IP plus hostname, else the
 * name. Prefixed by kind so the three never collide.
 */
export function assetKey(parts: AssetKeyParts): string {
  const mac = parts.macs?.[0];
  if (mac) return `mac:${mac.toLowerCase()}`;
  const ip = parts.addresses?.[0];
  if (ip) return `ip:${ip.toLowerCase()}|${(parts.hostnames?.[0] ?? "").toLowerCase()}`;
  return `name:${(parts.name ?? "").trim().toLowerCase()}`;
}

/** The fields of an asset its key is computed from. */
export const ASSET_KEY_FIELDS = ["macs", "addresses", "hostnames", "name"] as const;

/**
 * The key a stored asset's next import will look for, computed from exactly the parts the
 * importer that last wrote it uses: an SBOM names what it describes and nothing else, so the
 * CycloneDX import keys on the name alone; Nmap keys on what it saw on the wire (never the name
 * it makes up); the CSV template and the API use all four.
 */
export function importKeyOf(asset: Required<AssetKeyParts> & { provenance: { source: string } }): string {
  const { macs, addresses, hostnames, name } = asset;
  switch (asset.provenance.source) {
    case "cyclonedx":
      return assetKey({ name });
    case "nmap":
      return assetKey({ macs, addresses, hostnames });
    default:
      return assetKey({ macs, addresses, hostnames, name });
  }
}

/**
 * The key of an asset after a person changed `before` into `after`: importKeyOf(after), except
 * that a list of key parts the asset had none of stays empty. Correcting a MAC or an address
 * says what the next scan will see; adding a hostname Nmap did not resolve (`-n`), or the MAC of
 * a host behind a router, does not: that scan still sees neither and computes the old key.
 */
export function editedKeyOf(
  before: Required<AssetKeyParts>,
  after: Required<AssetKeyParts> & { provenance: { source: string } },
): string {
  const kept = (was: readonly string[], now: readonly string[]) => (was.length === 0 ? was : now);
  return importKeyOf({
    ...after,
    macs: kept(before.macs, after.macs),
    addresses: kept(before.addresses, after.addresses),
    hostnames: kept(before.hostnames, after.hostnames),
  });
}
