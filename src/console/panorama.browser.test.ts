/// <reference lib="dom" />
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHARED_DATA } from "../testing/index.js";
import { basicAuth, cli, consoleUnderTest } from "./browser.fixture.js";

/**
 * The Panorama's activity in real headless Chromium (see browser.fixture.ts): sightings over time,
 * the indicators seen most and the open incidents with their deadline clocks, on what the real
 * detection and incident service wrote — the labelled CTU-SME-11 RemcosRAT capture's Zeek conn
 * log posted to /api/v1/logs for SCT, with an indicator of its command-and-control address in the
 * store, and two incidents reported through the API (one past its mx-apf 24 h notice, one not).
 * SCT's analyst sees her organization's at 1280×800; the national CSIRT sees the country's at
 * 375 px (SCT's incidents, not submitted, are not shown to it), then in English. axe-core finds no serious violation and the browser logs no error.
 */

const RAT = "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled/conn.log.labeled";
const C2 = "66.63.168.35";
/** Lines of the capture naming the address (`grep -c 66.63.168.35 conn.log.labeled`). */
const EXPECTED = 719;
const HOUR = 3_600_000;

const bundle = {
  type: "bundle",
  id: "bundle--0c1a8e52-8f7a-4d59-9a55-2d5c1a7e9b11",
  objects: [
    {
      type: "indicator",
      spec_version: "2.1",
      id: "indicator--7b2e2d2f-3d2c-4c64-8a26-4d2a1e0b8f02",
      created: "2023-01-10T00:00:00.000Z",
      modified: "2023-01-10T00:00:00.000Z",
      name: `RemcosRAT C2 ${C2}`,
      pattern: `[ipv4-addr:value = '${C2}']`,
      pattern_type: "stix",
      valid_from: "2023-01-10T00:00:00Z",
      indicator_types: ["malicious-activity"],
      object_marking_refs: ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    },
  ],
};

describe("the Panorama's sightings and deadlines in Chromium", () => {
  const ui = consoleUnderTest([RAT]);
  const { ready, open, signIn, accessible, shot } = ui;
  let password = "";
  const asAna = () => ({ authorization: basicAuth("ana.sct", password) });

  before(async () => {
    await ui.start(async (data, dir) => {
      writeFileSync(join(dir, "c2.json"), JSON.stringify(bundle));
      await cli(data, ["org", "add", "SCT", "--sector", "transport", "--state", "MX-CMX"]);
      await cli(data, ["import", join(dir, "c2.json"), "--collection", "default"]);
    });
    if (!ui.url) return;
    password = await ui.addUser("ana.sct", "SCT", "analyst");
    const logs = await fetch(`${ui.url}/api/v1/logs?name=conn.log.labeled`, {
      method: "POST",
      headers: { ...asAna(), "content-type": "text/plain" },
      body: readFileSync(join(SHARED_DATA, RAT)),
    });
    assert.equal(logs.status, 200, await logs.clone().text());
    // Two serious incidents (mx-apf: a notice within 24 h of awareness): one known 30 h ago, one 1 h ago.
    for (const [title, hoursAgo] of [
      ["Conexiones al C2 de RemcosRAT", 30],
      ["Correo de phishing en la mesa de ayuda", 1],
    ] as const) {
      const res = await fetch(`${ui.url}/api/v1/incidents`, {
        method: "POST",
        headers: { ...asAna(), "content-type": "application/json" },
        body: JSON.stringify({
          title,
          types: ["malware"],
          criticality: 60,
          awareAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
        }),
      });
      assert.equal(res.status, 201, await res.clone().text());
    }
  });
  after(() => ui.stop());

  it("an analyst sees her organization's sightings over time, the indicator seen most and the incidents' running clocks", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page, "ana.sct", password);
      await page.getByRole("heading", { name: "Panorama de SCT" }).waitFor();
      // Sightings over time: the capture's eight minutes, so the chart shows minutes; the caption sums them.
      await page.getByRole("heading", { name: "Avistamientos en el tiempo" }).waitFor();
      const caption = page.locator(".panorama-sightings figcaption");
      await caption.getByText(/por minuto/).waitFor();
      assert.match(String(await caption.textContent()), new RegExp(`^${EXPECTED} avistamientos por minuto`));
      assert.ok((await page.locator(".panorama-sightings svg rect").count()) >= 1, "the chart has bars");
      // The same numbers as a table, for screen readers.
      await page.locator(".panorama-sightings summary").click();
      const cells = await page.locator(".panorama-sightings details tbody td").allTextContents();
      assert.equal(
        cells.reduce((a, c) => a + Number(c.replace(/\D/g, "")), 0),
        EXPECTED,
      );
      // The indicator seen most, named (its TLP lets SCT read it), linking to its alerts.
      const top = page.getByRole("row", { name: new RegExp(`RemcosRAT C2 ${C2.replaceAll(".", "\\.")}`) });
      await top.getByRole("link", { name: `${EXPECTED} veces` }).waitFor();
      // Open incidents, the late one first and flagged, each clock counting.
      await page.getByRole("heading", { name: "Incidentes abiertos y plazos" }).waitFor();
      const rows = page.locator("table.open-incidents tbody tr");
      assert.equal(await rows.count(), 2);
      assert.match(String(await rows.nth(0).textContent()), /Conexiones al C2.*VENCIDO.*vencido hace 6 h/);
      assert.match(String(await rows.nth(1).textContent()), /Correo de phishing.*vence en 2[23] h/);
      await page.getByText(/1 con el plazo vencido/).waitFor();
      await accessible(page, "panorama (organization)");
      await shot(page, "panorama-actividad-1280");
      assert.deepEqual(errors, [], "console errors on the Panorama");
    } finally {
      await close();
    }
  });

  it("the national CSIRT sees the country's at 375 px wide, and in English", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open(375, 800);
    try {
      await signIn(page);
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      const top = page.locator("table.top-indicators tbody tr").first();
      await top.getByText(`RemcosRAT C2 ${C2}`).waitFor();
      // The national CSIRT also sees at how many organizations each was seen.
      await page.getByRole("columnheader", { name: "Organizaciones" }).waitFor();
      // SCT's incidents are its own (TLP:AMBER) until it submits them: the CSIRT is not shown them.
      await page.getByRole("heading", { name: "Incidentes abiertos y plazos" }).waitFor();
      await page.getByText("No hay incidentes abiertos.").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `the Panorama is ${width} px wide on a 375 px screen`);
      await accessible(page, "panorama at 375 px");
      await shot(page, "panorama-actividad-375");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "Sightings over time" }).waitFor();
      await page.getByRole("heading", { name: "Open incidents and deadlines" }).waitFor();
      await page.getByRole("heading", { name: "Top indicators seen" }).waitFor();
      await page.getByRole("button", { name: "Español" }).click();
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
