import { foldText } from "./text.js";

/** Mexico's 32 federal entities by ISO 3166-2:MX code, with their names. */
export const MX_STATES = {
  "MX-AGU": "Aguascalientes",
  "MX-BCN": "Baja California",
  "MX-BCS": "Baja California Sur",
  "MX-CAM": "Campeche",
  "MX-CHP": "Chiapas",
  "MX-CHH": "Chihuahua",
  "MX-CMX": "Ciudad de México",
  "MX-COA": "Coahuila",
  "MX-COL": "Colima",
  "MX-DUR": "Durango",
  "MX-GUA": "Guanajuato",
  "MX-GRO": "Guerrero",
  "MX-HID": "Hidalgo",
  "MX-JAL": "Jalisco",
  "MX-MEX": "México",
  "MX-MIC": "Michoacán",
  "MX-MOR": "Morelos",
  "MX-NAY": "Nayarit",
  "MX-NLE": "Nuevo León",
  "MX-OAX": "Oaxaca",
  "MX-PUE": "Puebla",
  "MX-QUE": "Querétaro",
  "MX-ROO": "Quintana Roo",
  "MX-SLP": "San Luis Potosí",
  "MX-SIN": "Sinaloa",
  "MX-SON": "Sonora",
  "MX-TAB": "Tabasco",
  "MX-TAM": "Tamaulipas",
  "MX-TLA": "Tlaxcala",
  "MX-VER": "Veracruz",
  "MX-YUC": "Yucatán",
  "MX-ZAC": "Zacatecas",
} as const;

/** One of Mexico's 32 federal entities (ISO 3166-2:MX). */
export type MxState = keyof typeof MX_STATES;

/** Other names people write: abbreviations, the official long names, the former Distrito Federal. */
const OTHER_NAMES: Record<string, MxState> = {
  cdmx: "MX-CMX",
  df: "MX-CMX",
  "distrito federal": "MX-CMX",
  "ciudad de mexico": "MX-CMX",
  edomex: "MX-MEX",
  "estado de mexico": "MX-MEX",
  "coahuila de zaragoza": "MX-COA",
  "michoacan de ocampo": "MX-MIC",
  "veracruz de ignacio de la llave": "MX-VER",
  nl: "MX-NLE",
  bc: "MX-BCN",
  bcs: "MX-BCS",
  qroo: "MX-ROO",
  "q. roo": "MX-ROO",
  slp: "MX-SLP",
};

const BY_NAME = new Map<string, MxState>(Object.entries(OTHER_NAMES));
for (const [code, name] of Object.entries(MX_STATES) as Array<[MxState, string]>) {
  BY_NAME.set(foldText(name), code);
  BY_NAME.set(foldText(code), code);
  BY_NAME.set(foldText(code.slice(3)), code);
}

/**
 * The ISO 3166-2:MX code of a state as a person writes it — "MX-JAL", "jal", "Jalisco", "CDMX",
 * "Ciudad de Mexico", "Nuevo León", "Estado de México" — without regard to case or accents; null when none.
 */
export function parseMxState(text: string): MxState | null {
  return BY_NAME.get(foldText(text)) ?? null;
}
