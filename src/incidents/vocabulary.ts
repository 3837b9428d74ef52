import type { Lang, Text } from "./lang.js";
import type { Determination, Recoverability } from "./types.js";

/**
 * The names people read for the STIX vocabulary values an incident carries (the values stay as
 * STIX has them in the data; reports and listings show these), in Spanish and English.
 */

/** Incident Core determinations. */
export const DETERMINATION_NAMES: Readonly<Record<Determination, Text>> = {
  blocked: { es: "bloqueado", en: "blocked" },
  "failed-attempt": { es: "intento fallido", en: "failed attempt" },
  "false-positive": { es: "falso positivo", en: "false positive" },
  "low-value": { es: "de poco valor", en: "low value" },
  "successful-attempt": { es: "intento exitoso", en: "successful attempt" },
  suspected: { es: "sospechado", en: "suspected" },
};

/** Incident Core recoverability. */
export const RECOVERABILITY_NAMES: Readonly<Record<Recoverability, Text>> = {
  "not-applicable": { es: "no aplica", en: "not applicable" },
  regular: { es: "regular (con recursos propios)", en: "regular (with existing resources)" },
  supplemented: { es: "con recursos adicionales", en: "supplemented (with additional resources)" },
  extended: { es: "prolongada (con ayuda externa)", en: "extended (with outside help)" },
  "not-recoverable": { es: "no recuperable", en: "not recoverable" },
};

/** Incident types (Centinela's list; Incident Core's vocabulary is open). */
export const INCIDENT_TYPE_NAMES: Readonly<Record<string, Text>> = {
  ransomware: { es: "ransomware", en: "ransomware" },
  malware: { es: "código malicioso", en: "malware" },
  phishing: { es: "phishing", en: "phishing" },
  "data-breach": { es: "filtración de datos", en: "data breach" },
  exfiltration: { es: "exfiltración", en: "exfiltration" },
  "denial-of-service": { es: "denegación de servicio", en: "denial of service" },
  "unauthorized-access": { es: "acceso no autorizado", en: "unauthorized access" },
  "account-compromise": { es: "cuenta comprometida", en: "account compromise" },
  defacement: { es: "desfiguración de sitio", en: "defacement" },
  "supply-chain": { es: "cadena de suministro", en: "supply chain" },
  insider: { es: "amenaza interna", en: "insider" },
  espionage: { es: "espionaje", en: "espionage" },
  fraud: { es: "fraude", en: "fraud" },
  "vulnerability-exploitation": { es: "explotación de vulnerabilidad", en: "vulnerability exploitation" },
  other: { es: "otro", en: "other" },
};

/** The name of a vocabulary value in `lang`; the value itself when it has none. */
export function nameOf(names: Readonly<Record<string, Text>>, value: string, lang: Lang): string {
  return names[value]?.[lang] ?? value;
}
