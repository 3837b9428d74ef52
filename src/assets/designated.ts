import { parseCpe, plainValue } from "./cpe.js";
import { lookupOui } from "./oui.js";
import type { Asset } from "./types.js";
import { matchVendor, type VendorMatch, type VendorRegistry } from "./vendors.js";

/**
 * Which designated vendors made an asset or what it runs, and from what evidence: the device
 * vendor a scan or inventory gave, the IEEE registration of each MAC address block, the vendor
 * of each CPE name and software item, and the product string each open port's service announced
 * ("Hikvision IP camera httpd"). Each match keeps the evidence, so a person can check it.
 */

/** Where the vendor name that matched was read. */
export type VendorEvidenceKind = "device" | "mac-oui" | "cpe" | "software" | "service";

/** A designated-vendor match on an asset, with the evidence it came from. */
export interface AssetVendorMatch extends VendorMatch {
  via: VendorEvidenceKind;
  /** What was read, in both languages ("MAC 44:19:b6:… is in the IEEE block 4419B6 registered to …"). */
  evidence: { en: string; es: string };
  /** Country of origin and state control of the entity, with where the facts are published. */
  facts: { en: string; es: string };
}

interface Candidate {
  name: string;
  via: VendorEvidenceKind;
  en: string;
  es: string;
}

function candidates(asset: Asset): Candidate[] {
  const out: Candidate[] = [];
  if (asset.vendor)
    out.push({
      name: asset.vendor,
      via: "device",
      en: `The device vendor recorded is "${asset.vendor}".`,
      es: `El fabricante del equipo registrado es "${asset.vendor}".`,
    });
  for (const mac of asset.macs) {
    const oui = lookupOui(mac);
    if (!oui) continue;
    const where = oui.country ? ` (${oui.country})` : "";
    out.push({
      name: oui.organization,
      via: "mac-oui",
      en: `MAC ${mac} is in the IEEE block ${oui.prefix} registered to "${oui.organization}"${where}.`,
      es: `La MAC ${mac} está en el bloque IEEE ${oui.prefix} registrado a "${oui.organization}"${where}.`,
    });
  }
  for (const sw of asset.software) {
    if (sw.cpe) {
      let vendor = "";
      try {
        vendor = plainValue(parseCpe(sw.cpe).vendor);
      } catch {
        // A bad CPE was reported at import; it names no vendor here.
      }
      if (vendor !== "" && vendor !== "*" && vendor !== "-")
        out.push({
          name: vendor,
          via: "cpe",
          en: `It runs ${sw.cpe}, whose CPE vendor is "${vendor}".`,
          es: `Ejecuta ${sw.cpe}, cuyo fabricante CPE es "${vendor}".`,
        });
    }
    if (sw.vendor)
      out.push({
        name: sw.vendor,
        via: "software",
        en: `It runs ${sw.name} by "${sw.vendor}".`,
        es: `Ejecuta ${sw.name} de "${sw.vendor}".`,
      });
  }
  for (const p of asset.ports) {
    if (!p.product) continue;
    out.push({
      name: p.product,
      via: "service",
      en: `Port ${p.port}/${p.protocol} announces the product "${p.product}".`,
      es: `El puerto ${p.port}/${p.protocol} anuncia el producto "${p.product}".`,
    });
  }
  return out;
}

function factsOf(m: VendorMatch): { en: string; es: string } {
  const e = m.entry;
  const country = e.country ? `Country of origin: ${e.country}.` : "Country of origin not recorded.";
  const pais = e.country ? `País de origen: ${e.country}.` : "País de origen no registrado.";
  const control = e.stateControl ? ` State control: ${e.stateControl}` : "";
  const controlEs = e.stateControl ? ` Control estatal (texto de la fuente): ${e.stateControl}` : "";
  return {
    en: `${country}${control} Source: ${e.source}.`,
    es: `${pais}${controlEs} Fuente: ${e.source}.`,
  };
}

/**
 * Every designated-vendor entry an asset's evidence names, one per list and entry (the first
 * evidence found wins, in the order device vendor, MAC block, CPE, software, service).
 */
export function assetVendorMatches(asset: Asset, registry: VendorRegistry): AssetVendorMatch[] {
  const out: AssetVendorMatch[] = [];
  const seen = new Set<string>();
  const tried = new Set<string>();
  for (const c of candidates(asset)) {
    const tryKey = `${c.via}|${c.name}`;
    if (tried.has(tryKey)) continue;
    tried.add(tryKey);
    for (const m of matchVendor(registry, c.name)) {
      const key = `${m.list}|${m.entry.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...m, via: c.via, evidence: { en: c.en, es: c.es }, facts: factsOf(m) });
    }
  }
  return out;
}
