/// <reference lib="dom" />
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHARED_DATA } from "../testing/index.js";
import { ADMIN_PASSWORD, basicAuth, cli, consoleUnderTest, type Page } from "./browser.fixture.js";

/**
 * The Alertas page in real headless Chromium (see browser.fixture.ts), on alerts the real
 * detection raised: the labelled CTU-SME-11 RemcosRAT capture's Zeek conn log posted to
 * /api/v1/logs for SCT, with an indicator of its command-and-control address seeded in the store.
 * An analyst filters the list, opens an alert's log record, acknowledges it with a note and turns
 * it into an incident (the report form filled from the alert, the incident referring to its
 * sighting); with the keyboard alone at 375 px she filters and dismisses another. A reader sees the
 * alerts but is offered neither; the national CSIRT sees SCT's. axe-core finds no serious
 * violation and the browser logs no error.
 */

const RAT = "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled/conn.log.labeled";
const C2 = "66.63.168.35";
const INDICATOR = "indicator--6a1d1c1e-2c1b-4b53-9f4e-3c1f0d9a7e01";
/** Lines of the capture naming the address (`grep -c 66.63.168.35 conn.log.labeled`). */
const EXPECTED = 719;

const bundle = {
  type: "bundle",
  id: "bundle--5b0f4c1e-8f7a-4d59-9a55-2d5c1a7e9b10",
  objects: [
    {
      type: "indicator",
      spec_version: "2.1",
      id: INDICATOR,
      created: "2023-01-10T00:00:00.000Z",
      modified: "2023-01-10T00:00:00.000Z",
      name: "RemcosRAT C2 66.63.168.35",
      pattern: `[ipv4-addr:value = '${C2}']`,
      pattern_type: "stix",
      valid_from: "2023-01-10T00:00:00Z",
      indicator_types: ["malicious-activity"],
      object_marking_refs: ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    },
  ],
};

/** Presses Tab until the focused element matches `selector` (at most `max` times). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe("the Alertas page in Chromium", () => {
  const ui = consoleUnderTest([RAT]);
  const { ready, open, signIn, accessible, shot } = ui;
  /** The passwords the administrator's API answered once. */
  const passwords: Record<string, string> = {};
  const asAna = () => ({ authorization: basicAuth("ana.sct", passwords["ana.sct"] ?? "") });
  let posted: { alerts: number; sightings: { written: number } } | null = null;

  before(async () => {
    await ui.start(async (data, dir) => {
      writeFileSync(join(dir, "c2.json"), JSON.stringify(bundle));
      await cli(data, ["org", "add", "SCT", "--sector", "transport", "--state", "MX-CMX"]);
      await cli(data, ["org", "add", "Pemex", "--sector", "energy", "--state", "MX-TAB"]);
      await cli(data, ["import", join(dir, "c2.json"), "--collection", "default"]);
    });
    if (!ui.url) return;
    // SCT's analyst and reader, added by the administrator (serve made the admin at its first start).
    passwords["ana.sct"] = await ui.addUser("ana.sct", "SCT", "analyst");
    passwords["rita.sct"] = await ui.addUser("rita.sct", "SCT", "reader");
    // The sensor's post: the capture's conn log, as a Zeek TSV file, for SCT (the analyst's own).
    const res = await fetch(`${ui.url}/api/v1/logs?name=conn.log.labeled`, {
      method: "POST",
      headers: { ...asAna(), "content-type": "text/plain" },
      body: readFileSync(join(SHARED_DATA, RAT)),
    });
    assert.equal(res.status, 200, await res.clone().text());
    posted = (await res.json()) as typeof posted;
  });
  after(() => ui.stop());

  it("an analyst filters the alerts, opens one's log record, acknowledges it and turns it into an incident", async (t) => {
    if (!ready(t)) return;
    assert.equal(posted?.alerts, EXPECTED);
    assert.equal(posted?.sightings.written, 1);
    const { page, errors, close } = await open();
    try {
      await signIn(page, "ana.sct", passwords["ana.sct"]);
      await page.getByRole("heading", { name: "Panorama de SCT" }).waitFor();
      await page.getByRole("link", { name: "Alertas", exact: true }).click();
      await page.getByRole("heading", { name: "Alertas", level: 1 }).waitFor();
      // The chart: the capture's alerts fall within minutes of one hour, so by minute.
      await page.getByText(`${EXPECTED} alertas por minuto`).waitFor();
      assert.ok((await page.locator("figure.histogram rect").count()) >= 2, "a bar for each minute with alerts");
      // The chart's numbers as a table, for screen readers: they add up to the alerts posted.
      await page.locator("figure.histogram summary").click();
      const cells = await page.locator("figure.histogram details tbody td").allTextContents();
      assert.equal(
        cells.reduce((sum, c) => sum + Number(c.replace(/\D/g, "")), 0),
        EXPECTED,
      );
      // Keyset pages of 50: "load more" adds the next page.
      const rows = page.locator("table tbody tr").filter({ has: page.locator('a[href^="/alertas/"]') });
      await page.getByText("50 alertas mostradas").waitFor();
      await page.getByRole("button", { name: "Cargar más" }).click();
      await page.getByText("100 alertas mostradas").waitFor();
      await accessible(page, "alertas");
      await shot(page, "alertas-1280");

      // Filters: a value nothing matched says so; the capture's day, kind and value find them all.
      await page.locator("#alert-value").fill("66.63.168.3");
      await page.getByRole("button", { name: "Filtrar" }).click();
      await page.getByText("Ninguna alerta coincide con los filtros").waitFor();
      await page.getByText("Ninguna alerta con hora coincide con los filtros.").waitFor();
      await page.locator("#alert-value").fill(C2);
      await page.locator("#alert-kind").selectOption("indicator");
      await page.locator("#alert-status").selectOption("new");
      await page.locator("#alert-from").fill("2023-02-22");
      await page.locator("#alert-to").fill("2023-02-22");
      await page.getByRole("button", { name: "Filtrar" }).click();
      await page.waitForURL(/value=66\.63\.168\.35/);
      await page.getByText(`${EXPECTED} alertas por minuto`).waitFor();
      await page.getByText("50 alertas mostradas").waitFor();
      // The next day has none of them.
      await page.goto(`${ui.url}/alertas?from=2023-02-23`);
      await page.getByText("Ninguna alerta coincide con los filtros").waitFor();
      await page.goto(`${ui.url}/alertas?value=${C2}&kind=indicator`);

      // One alert's log record: the file and line, the field, the addresses, the indicator.
      const first = rows.first().locator('a[href^="/alertas/"]');
      const href = String(await first.getAttribute("href"));
      const id = href.slice("/alertas/".length);
      await first.click();
      await page.getByRole("heading", { name: `Alerta de indicador: ${C2}`, level: 1 }).waitFor();
      const record = page.locator("dl.record").first();
      await record.getByText(/^conn\.log\.labeled:\d+$/).waitFor();
      await record.getByText("id.resp_h", { exact: true }).waitFor();
      await record.getByText("192.168.1.107", { exact: true }).waitFor();
      await record.getByText("zeek:conn", { exact: true }).waitFor();
      await record.getByRole("link", { name: INDICATOR }).waitFor();
      // The line it names is the capture's line with the address.
      const api = (await (await fetch(`${ui.url}/api/v1/alerts/${id}`, { headers: asAna() })).json()) as {
        line: number;
        sighting: string;
      };
      const line = readFileSync(join(SHARED_DATA, RAT), "utf8").split("\n")[api.line - 1] ?? "";
      assert.match(line, /\t66\.63\.168\.35\t/);
      await record.getByText(`conn.log.labeled:${api.line}`, { exact: true }).waitFor();

      // Acknowledge with a note: the server's answer shows who, when and the note.
      await page.getByLabel("Nota (opcional): qué hizo o por qué").fill("equipo 192.168.1.107 aislado");
      await page.getByRole("button", { name: "Reconocer" }).click();
      await page.locator(".alert-status-badge", { hasText: "reconocida" }).waitFor();
      await page.getByText("Nota: equipo 192.168.1.107 aislado").waitFor();
      await page.getByText(/^por ana\.sct, /).waitFor();
      const stored = (await (await fetch(`${ui.url}/api/v1/alerts/${id}`, { headers: asAna() })).json()) as {
        status: string;
        statusBy: string;
        note: string;
      };
      assert.deepEqual(
        [stored.status, stored.statusBy, stored.note],
        ["acknowledged", "ana.sct", "equipo 192.168.1.107 aislado"],
      );
      await accessible(page, "alerta");
      await shot(page, "alerta-1280");

      // Turned into an incident: the form is filled from the alert and refers to its sighting.
      await page.getByRole("link", { name: "Convertir en incidente" }).click();
      await page.getByRole("heading", { name: "Reportar un incidente" }).waitFor();
      const title = page.getByLabel("Título");
      await page.waitForFunction(() => (document.querySelector("#incident-title") as HTMLInputElement)?.value !== "");
      assert.equal(await title.inputValue(), `Alerta de indicador: ${C2}`);
      const description = await page.getByLabel("Descripción (opcional)").inputValue();
      assert.match(description, new RegExp(`conn\\.log\\.labeled, línea ${api.line} \\(zeek:conn\\)`));
      assert.match(description, /origen 192\.168\.1\.107, destino 66\.63\.168\.35/);
      await page.getByText(`El incidente hará referencia al avistamiento ${api.sighting}.`).waitFor();
      await accessible(page, "incidente desde alerta");
      await shot(page, "incidente-desde-alerta-1280");
      await page.getByLabel("código malicioso").check();
      await page.getByRole("button", { name: "Reportar" }).click();
      await page.getByRole("heading", { name: `Alerta de indicador: ${C2}`, level: 1 }).waitFor();
      await page.getByRole("heading", { name: "Plazos de reporte" }).waitFor();
      const incidentId = decodeURIComponent(new URL(page.url()).pathname.slice("/incidentes/".length));
      const incident = (await (
        await fetch(`${ui.url}/api/v1/incidents/${encodeURIComponent(incidentId)}`, { headers: asAna() })
      ).json()) as { sightingRefs: string[]; org: { name: string } };
      assert.deepEqual(incident.sightingRefs, [api.sighting]);
      assert.equal(incident.org.name, "SCT");

      // Back in Alertas: the acknowledged one alone under "reconocida".
      await page.goto(`${ui.url}/alertas?status=acknowledged`);
      await page.getByText("1 alerta mostrada").waitFor();
      assert.deepEqual(errors, [], "console errors on Alertas");
    } finally {
      await close();
    }
  });

  it("works at 375 px wide and with the keyboard alone: filter, open an alert, dismiss it", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open(375, 800);
    try {
      await signIn(page, "ana.sct", passwords["ana.sct"]);
      await page.getByRole("heading", { name: "Panorama de SCT" }).waitFor();
      await page.goto(`${ui.url}/alertas`);
      await page.getByText(/alertas mostradas/).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `Alertas is ${width} px wide on a 375 px screen`);
      await accessible(page, "alertas at 375 px");
      await shot(page, "alertas-375");
      // Keyboard only: the value field, typed, Enter submits the filters.
      await tabTo(page, "#alert-value");
      await page.keyboard.type(C2);
      await page.keyboard.press("Enter");
      await page.waitForURL(/value=66\.63\.168\.35/);
      await page.getByText(/alertas mostradas/).waitFor();
      // Tab to the first alert of the list, Enter opens it.
      await tabTo(page, 'table a[href^="/alertas/"]');
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: `Alerta de indicador: ${C2}`, level: 1 }).waitFor();
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, "the detail fits");
      await tabTo(page, "#alert-note");
      await page.keyboard.type("falso positivo: prueba del equipo de red");
      await tabTo(page, "form.alert-status button.secondary");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Descartar");
      await page.keyboard.press("Enter");
      await page.locator(".alert-status-badge", { hasText: "descartada" }).waitFor();
      await accessible(page, "alerta at 375 px");
      await shot(page, "alerta-375");
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("a reader sees the alerts and sightings but is offered neither a status change nor an incident; the CSIRT sees SCT's", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page, "rita.sct", passwords["rita.sct"]);
      await page.getByRole("heading", { name: "Panorama de SCT" }).waitFor();
      await page.getByRole("link", { name: "Alertas", exact: true }).click();
      await page.getByText(/alertas mostradas/).waitFor();
      await page.locator('table a[href^="/alertas/"]').first().click();
      await page.getByRole("heading", { name: `Alerta de indicador: ${C2}`, level: 1 }).waitFor();
      assert.equal(await page.getByRole("heading", { name: "Atender la alerta" }).count(), 0);
      assert.equal(await page.getByRole("link", { name: "Convertir en incidente" }).count(), 0);
      // The sightings tab: the capture's one sighting of the indicator, linked to its alerts.
      await page.goto(`${ui.url}/avistamientos`);
      await page.getByRole("rowheader", { name: /RemcosRAT C2/ }).waitFor();
      await page.getByRole("link", { name: "Ver sus alertas" }).click();
      await page.getByText(`Solo las alertas del indicador ${INDICATOR}.`).waitFor();
      await page.getByText("50 alertas mostradas").waitFor();
      await accessible(page, "avistamientos");
      await shot(page, "avistamientos-lectora-1280");
      assert.deepEqual(errors, []);
      await page.getByRole("button", { name: "Cerrar sesión" }).click();
      // The national CSIRT: every organization's alerts, with the organization's column.
      await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
      await signIn(page, "admin", ADMIN_PASSWORD);
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      await page.goto(`${ui.url}/alertas`);
      await page.getByRole("columnheader", { name: "Organización" }).waitFor();
      await page.getByRole("cell", { name: "SCT" }).first().waitFor();
      // Its organization filter: SCT's alerts, and none for another organization.
      await page.locator("#alert-org").selectOption({ label: "SCT" });
      await page.getByRole("button", { name: "Filtrar" }).click();
      await page.waitForURL(/org=/);
      await page.getByText("50 alertas mostradas").waitFor();
      await page.locator("#alert-org").selectOption({ label: "Pemex" });
      await page.getByRole("button", { name: "Filtrar" }).click();
      await page.getByText("Ninguna alerta coincide con los filtros").waitFor();
      await accessible(page, "alertas del CSIRT");
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
