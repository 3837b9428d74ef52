/// <reference lib="dom" />
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { basicAuth, cli, consoleUnderTest } from "./browser.fixture.js";

/**
 * Incidentes to the national picture in real headless Chromium (see browser.fixture.ts): an
 * analyst of an organization in Jalisco reports an incident with the form, previews its
 * anonymized submission (nothing sent), submits it to the national CSIRT's hub collection and
 * sees the submission recorded; the national CSIRT then colours the Panorama's map by incidents
 * and finds it counted in Jalisco (without its detail, which its TLP keeps to its organization). axe-core finds no serious violation and the browser logs no error.
 */

const TITLE = "Cifrado de equipos en la subestación Guadalajara";

describe("reporting an incident, submitting it and seeing it on the map, in Chromium", () => {
  const ui = consoleUnderTest();
  const { ready, open, signIn, accessible, shot } = ui;
  let password = "";

  before(async () => {
    await ui.start(async (data) => {
      await cli(data, ["org", "add", "CFE Occidente", "--sector", "energy", "--state", "MX-JAL"]);
      // The hub the submissions are filed in (serve's default: csirt-nacional).
      await cli(data, ["collection", "add", "csirt-nacional", "--title", "CSIRT Nacional"]);
    });
    if (!ui.url) return;
    password = await ui.addUser("ana.cfe", "CFE Occidente", "analyst");
  });
  after(() => ui.stop());

  it("an analyst reports an incident, previews the anonymized submission and submits it to the national CSIRT", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page, "ana.cfe", password);
      await page.getByRole("heading", { name: "Panorama de CFE Occidente" }).waitFor();
      await page.getByRole("link", { name: "Incidentes" }).click();
      await page.getByLabel("Título").fill(TITLE);
      await page.getByLabel("ransomware").check();
      await page.getByLabel("Descripción (opcional)").fill("Reportado por ana.cfe desde el centro de control.");
      await page.getByRole("button", { name: "Reportar" }).click();
      await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
      const id = decodeURIComponent(new URL(page.url()).pathname.slice("/incidentes/".length));
      const incident = async () =>
        (await (
          await fetch(`${ui.url}/api/v1/incidents/${encodeURIComponent(id)}`, {
            headers: { authorization: basicAuth("ana.cfe", password) },
          })
        ).json()) as { submissions: { stage: string; to: string; anonymized: boolean }[] };

      // The preview sends nothing and says so.
      await page.getByRole("heading", { name: "Enviar al CSIRT Nacional" }).waitFor();
      await page.getByLabel(/^Anonimizar/).check();
      await page.getByRole("button", { name: "Vista previa" }).click();
      await page.getByText(/^Se enviarían? \d+ objetos? STIX a «csirt-nacional» .*No se ha enviado nada\.$/).waitFor();
      assert.deepEqual((await incident()).submissions, []);
      await accessible(page, "incidente con vista previa");
      await shot(page, "incidente-envio-vista-previa-1280");

      // Sent: the submission is recorded on the incident and listed on its page.
      await page.getByLabel(/^Anonimizar/).uncheck();
      await page.getByRole("button", { name: "Enviar al CSIRT Nacional" }).click();
      await page.getByText(/: enviado a «csirt-nacional» el /).waitFor();
      const sent = (await incident()).submissions;
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.to, "csirt-nacional");
      assert.equal(sent[0]?.anonymized, false);
      await accessible(page, "incidente enviado");
      await shot(page, "incidente-enviado-1280");
      assert.deepEqual(errors, [], "console errors on Incidentes");
    } finally {
      await close();
    }
  });

  it("the national CSIRT colours the map by incidents and finds the submitted incident counted in Jalisco", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page);
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      await page.getByLabel("incidentes", { exact: true }).check();
      const jalisco = page.getByRole("button", { name: "Jalisco: 1 incidente" });
      await jalisco.waitFor();
      assert.doesNotMatch(String(await jalisco.getAttribute("class")), /step-0/);
      assert.equal(await page.getByRole("button", { name: "Sonora: 0 incidentes" }).count(), 1);
      await jalisco.focus();
      await page.keyboard.press("Enter");
      await page.locator(".state-detail h3", { hasText: "Jalisco" }).waitFor();
      await page.getByRole("heading", { name: "Incidentes por estado" }).waitFor();
      // CFE's incident is TLP:AMBER, its organization's: the CSIRT counts what was submitted to
      // the hub without its detail (the store's TLP answer), and the page says so.
      await page.locator(".state-detail dd").first().getByText("1", { exact: true }).waitFor();
      await page.getByText(/^1 incidente enviado al CSIRT Nacional se cuenta sin su detalle/).waitFor();
      assert.equal(await page.locator(".state-detail").getByRole("link", { name: TITLE }).count(), 0);
      await accessible(page, "panorama por incidentes");
      await shot(page, "panorama-incidentes-1280");
      assert.deepEqual(errors, [], "console errors on the Panorama");
    } finally {
      await close();
    }
  });
});
