import type { Asset, AssetRole, AssetVendorMatch } from "../assets/index.js";
import { type ActionItem, assetReasons, type RankContext, roleText, scoreOf } from "./action-item.js";

/**
 * The line of a designated vendor's equipment: one per asset, whatever its role, scored by what
 * the role puts at stake, the asset's criticality and its exposure, saying what to do until the
 * equipment is replaced. The interim measures follow the role, after the guidance published for
 * such equipment (segmentation, management access, outbound traffic, vendor remote access).
 */

interface Measures {
  en: string;
  es: string;
}

const MEASURES: Partial<Record<AssetRole, Measures>> & { default: Measures } = {
  camera: {
    en: "put it on a separate network segment with no route to the internet, block its outbound connections (cloud and P2P services), turn off UPnP and the vendor's remote access, change default passwords, and record to a recorder you control",
    es: "póngala en un segmento de red aparte sin salida a internet, bloquee sus conexiones salientes (servicios en la nube y P2P), apague UPnP y el acceso remoto del fabricante, cambie las contraseñas de fábrica y grabe en un equipo que usted controle",
  },
  "network-core": {
    en: "allow management only from a dedicated management network (SSH, no Telnet or HTTP), turn off the vendor's remote access, keep the configuration under change logging, watch its traffic, and plan a path that does not depend on it",
    es: "permita su administración solo desde una red de gestión dedicada (SSH, sin Telnet ni HTTP), apague el acceso remoto del fabricante, registre cada cambio de configuración, vigile su tráfico y planee una ruta que no dependa de él",
  },
  "network-edge": {
    en: "allow management only from a dedicated management network, never from the internet, turn off the vendor's remote access and unused services, log configuration changes and watch its traffic",
    es: "permita su administración solo desde una red de gestión dedicada, nunca desde internet, apague el acceso remoto del fabricante y los servicios que no use, registre los cambios de configuración y vigile su tráfico",
  },
  control: {
    en: "place it behind an industrial firewall that allows only the protocols it needs from known hosts, turn off the vendor's remote access, and watch its traffic with OT network monitoring",
    es: "colóquelo detrás de un firewall industrial que permita solo los protocolos que necesita desde equipos conocidos, apague el acceso remoto del fabricante y vigile su tráfico con monitoreo de red OT",
  },
  radio: {
    en: "use encryption on every channel, restrict its programming and management interfaces to known stations, and watch its backhaul traffic",
    es: "cifre todos los canales, limite sus interfaces de programación y administración a estaciones conocidas y vigile su tráfico de enlace",
  },
  default: {
    en: "isolate it on its own network segment, restrict its management access, block what it does not need to reach, and watch its traffic",
    es: "aíslelo en su propio segmento de red, restrinja su acceso de administración, bloquee lo que no necesite alcanzar y vigile su tráfico",
  },
};

/** The designated-vendor line of an asset (vendorMatches not empty). */
export function designatedVendorItem(asset: Asset, ctx: RankContext, vendorMatches: AssetVendorMatch[]): ActionItem {
  const reasons = assetReasons(asset, ctx, vendorMatches);
  const m = vendorMatches[0] as AssetVendorMatch;
  const measures = MEASURES[asset.role] ?? MEASURES.default;
  const role = roleText(asset);
  const lists = [...new Set(vendorMatches.map((v) => v.list))].join(", ");
  const first = asset.internetExposed
    ? { en: "First take it off the internet; then ", es: "Primero retírelo de internet; luego " }
    : { en: "Until then ", es: "Mientras tanto " };
  return {
    id: `${asset.key}|${m.list}:${m.entry.id}`,
    kind: "designated-vendor",
    organizationId: asset.organizationId,
    assetKey: asset.key,
    assetName: asset.name,
    cveId: null,
    cveIds: [],
    score: scoreOf(reasons),
    dueDate: null,
    reasons,
    action: {
      en: `Plan the replacement of ${asset.name} (${m.entry.name} equipment, designated on ${lists}, in the role ${role.en}). ${first.en}${measures.en}.`,
      es: `Planee el reemplazo de ${asset.name} (equipo de ${m.entry.name}, designada en ${lists}, con papel ${role.es}). ${first.es}${measures.es}.`,
    },
    finding: null,
    vendorMatches,
  };
}
