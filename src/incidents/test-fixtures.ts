import type { IncidentRecord } from "./types.js";

/** A complete incident record for tests: ransomware at a transport ministry in CDMX. */
export function sampleRecord(over: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: "incident--5b0c7a3e-6d8a-4f59-9d2c-2f1b7f0d9a11",
    created: "2026-03-14T16:00:00.000Z",
    modified: "2026-03-14T16:00:00.000Z",
    org: {
      id: "org-sct",
      name: "Secretaría de Transporte",
      sector: "transport",
      state: "MX-CMX",
      stateName: "Ciudad de México",
      tlp: "amber",
    },
    title: "Ransomware en 110 equipos de la Secretaría de Transporte",
    description:
      "Cifrado de equipos en la red interna; srv-nomina-01 (10.20.0.5) afectado. Contacto: ana.lopez@sct.gob.mx",
    types: ["ransomware"],
    determination: "successful-attempt",
    status: "new",
    criticality: 85,
    detectionMethods: ["edr"],
    recoverability: "supplemented",
    availability: 70,
    regime: "mx-apf",
    timeZone: "America/Mexico_City",
    awareAt: "2026-03-14T15:30:00.000Z",
    ransomPaidAt: null,
    assignee: "ana",
    mitigation: null,
    rootCause: null,
    crossBorder: null,
    assets: [
      {
        id: "asset-1",
        key: "ip:10.20.0.5",
        name: "srv-nomina-01",
        addresses: ["10.20.0.5"],
        hostnames: ["srv-nomina-01.sct.local"],
      },
    ],
    actor: {
      id: "threat-actor--51f056f5-b596-446e-9394-a310af4e2e75",
      name: "Guacamaya",
      aliases: [],
      description: null,
      source: "misp-galaxy threat-actor",
    },
    sightingRefs: [],
    submissions: [],
    attachments: [],
    commentRefs: [],
    ...over,
  };
}
