/// <reference lib="dom" />
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PROJECT_ROOT, SHARED_DATA } from "../testing/index.js";
import { cli, consoleUnderTest, ADMIN_PASSWORD as PASSWORD } from "./browser.fixture.js";

/**
 * The console in real headless Chromium (Debian's /usr/bin/chromium through playwright-core),
 * against a real `centinela serve` on a free port over a temporary SQLite store: sign in, every
 * page at 1280×800 and 375 px wide, the language switch, the map, an Nmap import dropped on the
 * page, sign-out; axe-core on every page (no serious or critical violation) and no console error.
 * Screenshots go to test-output/console/ (gitignored). Without Chromium, the built console or the
 * reference data the test is skipped with the reason; in CI it fails instead.
 */

const CSV =
  "name,ip,role,criticality,internet_exposed,vendor,cpe\n" +
  "adc-1,10.0.0.5,network-edge,critical,yes,Citrix,cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.0-91.10:*:*:*:-:*:*:*\n" +
  "core-sw,10.0.0.1,network-core,high,no,Huawei Technologies Co. Ltd.,\n";

describe("the console in Chromium", () => {
  const ui = consoleUnderTest([
    "nmap-xml/2_hosts_version.xml",
    "cisa-kev/known_exploited_vulnerabilities.json",
    "cve-records-kev/nvd-api-2.0",
  ]);
  const { ready, open, signIn, accessible, shot } = ui;

  before(() =>
    ui.start(async (data, dir) => {
      writeFileSync(join(dir, "inv.csv"), CSV);
      await cli(data, ["import", join(PROJECT_ROOT, "examples"), "--collection", "default"]);
      await cli(data, ["org", "add", "CFE Occidente", "--sector", "energy", "--state", "MX-JAL"]);
      await cli(data, ["org", "add", "SCT", "--sector", "transport", "--state", "MX-CMX"]);
      await cli(data, ["assets", "import", join(dir, "inv.csv"), "--org", "CFE Occidente", "-q"]);
      await cli(data, [
        "vulns",
        "sync",
        "--kev",
        join(SHARED_DATA, "cisa-kev/known_exploited_vulnerabilities.json"),
        "--nvd",
        join(SHARED_DATA, "cve-records-kev/nvd-api-2.0"),
        "-q",
      ]);
    }),
  );
  after(() => ui.stop());

  it("signs in in Spanish, refuses a wrong password with a message, and shows the national Panorama", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await page.goto(`${ui.url}/`);
      assert.equal(await page.getAttribute("html", "lang"), "es-MX");
      await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
      await accessible(page, "sign-in");
      await shot(page, "sign-in-1280");
      await signIn(page, "admin", "equivocada");
      await page.getByRole("alert").getByText("Usuario o contraseña incorrectos").waitFor();
      // The refused sign-in is the one error the browser logs here (a 401 response).
      assert.deepEqual(
        errors.filter((e) => !/status of 401/.test(e)),
        [],
      );
      errors.length = 0;
      await page.getByLabel("Contraseña").fill(PASSWORD);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      await page.getByRole("heading", { name: "Qué hacer ahora" }).waitFor();
      // The Citrix flaw of the sample inventory is known-exploited: it is on the list, in Spanish.
      await page.locator(".actions li").first().waitFor();
      const first = await page.locator(".actions li").first().textContent();
      assert.match(String(first), /CVE-\d{4}-\d+|Proveedor designado/);
      // The map: 32 states, Jalisco coloured, a state chosen with the keyboard.
      assert.equal(await page.locator("svg path.state").count(), 32);
      const jalisco = page.getByRole("button", { name: /^Jalisco: [1-9]\d* hallazgo/ });
      assert.doesNotMatch(String(await jalisco.getAttribute("class")), /step-0/);
      await jalisco.focus();
      await page.keyboard.press("Enter");
      await page.locator(".state-detail h3", { hasText: "Jalisco" }).waitFor();
      assert.equal(await jalisco.getAttribute("aria-pressed"), "true");
      await accessible(page, "panorama");
      await shot(page, "panorama-1280");
      assert.deepEqual(errors, [], "console errors on the Panorama");
    } finally {
      await close();
    }
  });

  it("switches to English, remembers it across a reload, and back to Spanish", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page);
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "National overview" }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "en-US");
      await page.reload();
      await page.getByRole("heading", { name: "National overview" }).waitFor();
      await page.getByRole("link", { name: "Assets" }).click();
      await page.getByRole("heading", { name: "What to fix first" }).waitFor();
      await shot(page, "assets-en-1280");
      await page.getByRole("button", { name: "Español" }).click();
      await page.getByRole("heading", { name: "Qué corregir primero" }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("imports an Nmap scan dropped on Activos and lists its hosts", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page);
      await page.getByRole("link", { name: "Activos" }).click();
      await page.getByLabel("Organización", { exact: true }).selectOption({ label: "SCT" });
      await page.getByText("Aún no hay activos").waitFor();
      const xml = readFileSync(join(SHARED_DATA, "nmap-xml/2_hosts_version.xml"), "utf8");
      const transfer = await page.evaluateHandle((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "2_hosts_version.xml", { type: "text/xml" }));
        return dt;
      }, xml);
      await page.dispatchEvent("section.drop", "drop", { dataTransfer: transfer });
      await page.getByText(/2_hosts_version\.xml \(Nmap XML\): 2 leídos, 2 nuevos/).waitFor();
      await page.getByRole("rowheader", { name: "scanme.nmap.org" }).waitFor();
      assert.equal(await page.locator(".table-wrap tbody tr").count(), 2);
      // The same file again: the same assets, updated or unchanged, never duplicated.
      await page.setInputFiles("#import-file", join(SHARED_DATA, "nmap-xml/2_hosts_version.xml"));
      await page.getByText(/2 leídos, 0 nuevos/).waitFor();
      // Roles inferred from the scan say so, show their evidence, and a person can confirm them.
      const row = page.getByRole("row", { name: /scanme\.nmap\.org/ });
      await row.getByText("inferido").waitFor();
      await row.getByText("Por qué").click();
      await row.getByText("80/tcp http").waitFor();
      await page.getByRole("button", { name: "Confirmar papel de scanme.nmap.org" }).click();
      await row.getByText("inferido").waitFor({ state: "detached" });
      assert.equal(await page.getByRole("button", { name: /^Confirmar papel de/ }).count(), 1);
      await accessible(page, "activos");
      await shot(page, "activos-1280");
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("searches the intelligence, opens an object with its versions and graph, and follows a node", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page);
      await page.getByRole("link", { name: "Inteligencia" }).click();
      await page.getByLabel(/Buscar un valor/).fill("guacamaya");
      await page.getByRole("button", { name: "Buscar" }).click();
      await page.getByText(/1 objeto coincide con «guacamaya»/).waitFor();
      await accessible(page, "inteligencia");
      await shot(page, "inteligencia-1280");
      await page.getByRole("link", { name: "Guacamaya" }).click();
      await page.getByRole("heading", { name: "Guacamaya", level: 1 }).waitFor();
      await page.getByRole("heading", { name: "Relaciones" }).waitFor();
      // The relationships of the sample bundle: each indicator "indicates" the threat actor.
      const nodes = page.locator("figure.graph a.node");
      assert.ok((await nodes.count()) >= 2, "the graph has the object and its neighbours");
      assert.equal(await page.locator("caption", { hasText: "Versiones" }).count(), 1);
      await accessible(page, "inteligencia-detalle");
      await shot(page, "inteligencia-detalle-1280");
      await page.locator("figure.graph a.node:not(.center)").first().click();
      await page.getByRole("link", { name: "← Volver a la búsqueda" }).waitFor();
      assert.notEqual(await page.locator("h1").textContent(), "Guacamaya");
      // A search nothing matches says what to try.
      await page.goto(`${ui.url}/inteligencia?q=zzzz-nada`);
      await page.getByText(/Nada que su organización pueda ver coincide con «zzzz-nada»/).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("reports an incident with the form, shows its deadline clocks and moves it through the workflow", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await signIn(page);
      await page.getByRole("link", { name: "Incidentes" }).click();
      await page.getByRole("heading", { name: "Reportar un incidente" }).waitFor();
      // No type chosen: the form says what is missing and sends nothing.
      await page.getByLabel("Título").fill("Cifrado de equipos en la oficina central");
      await page.getByRole("button", { name: "Reportar" }).click();
      await page.getByText("Elija al menos un tipo de incidente.").waitFor();
      await page.getByLabel("ransomware").check();
      await page.getByLabel("Criticidad, de 0 a 100 (opcional)").fill("85");
      await page.getByRole("button", { name: "Reportar" }).click();
      await page.getByRole("heading", { name: "Cifrado de equipos en la oficina central", level: 1 }).waitFor();
      await page.getByRole("heading", { name: "Plazos de reporte" }).waitFor();
      assert.ok((await page.locator("ul.clocks li").count()) >= 1, "the regime's stages have clocks");
      await page
        .getByText(/quedan \d+ h|de inmediato|vencido/)
        .first()
        .waitFor();
      await accessible(page, "incidente");
      await shot(page, "incidente-1280");
      await page.getByLabel("Cambiar el estado a").selectOption("triage");
      await page.getByRole("button", { name: "Aplicar" }).click();
      await page.getByText(/· en triaje ·/).waitFor();
      await page.getByRole("link", { name: "← Volver a los incidentes" }).click();
      await page.getByRole("rowheader", { name: "Cifrado de equipos en la oficina central" }).waitFor();
      await accessible(page, "incidentes");
      await shot(page, "incidentes-1280");
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("sends a user whose session ended to the sign-in page with the reason, without the browser's password prompt", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    // The console's API requests in flight: "networkidle" fires once per load, so a Panorama
    // request still running (a slow summary on a busy machine) would not be waited for.
    const inFlight = new Set<unknown>();
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/")) inFlight.add(r);
    });
    page.on("requestfinished", (r) => inFlight.delete(r));
    page.on("requestfailed", (r) => inFlight.delete(r));
    const settled = async () => {
      await page.waitForLoadState("networkidle");
      const until = Date.now() + 60_000;
      while (inFlight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.equal(inFlight.size, 0, "the Panorama's requests ended");
    };
    try {
      await signIn(page);
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      // The Panorama's own requests done first: one refused after the sign-out below would bring
      // the sign-in page back before the click this test makes.
      await settled();
      // Signed out elsewhere (another tab, or the session revoked): the browser still has the cookie.
      const [cookie] = await page.context().cookies();
      const out = await fetch(`${ui.url}/api/v1/session`, {
        method: "DELETE",
        headers: { cookie: `${cookie?.name}=${cookie?.value}`, origin: ui.url },
      });
      assert.equal(out.status, 204);
      const answers: Array<{ status: number; challenge: string | undefined }> = [];
      page.on("response", (r) => {
        if (r.url().includes("/api/v1/") && r.status() === 401)
          answers.push({ status: r.status(), challenge: r.headers()["www-authenticate"] });
      });
      await page.getByRole("link", { name: "Activos" }).click();
      await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
      await page.getByText("Tu sesión terminó").waitFor();
      // The cookie gone too (cleared in another tab): the same, without a Basic challenge.
      await signIn(page);
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      await settled();
      await page.context().clearCookies();
      await page.getByRole("link", { name: "Activos" }).click();
      await page.getByText("Tu sesión terminó").waitFor();
      assert.ok(answers.length >= 2, `the pages met ${answers.length} refusals`);
      assert.deepEqual(
        answers.filter((a) => a.challenge !== undefined),
        [],
        "a 401 to the console's own requests carries no Basic challenge",
      );
      await accessible(page, "sign-in after the session ended");
      // The 401s themselves are logged by Chromium as failed resources; nothing else may be.
      assert.deepEqual(
        errors.filter((e) => !/status of 401/.test(e)),
        [],
      );
    } finally {
      await close();
    }
  });

  it("works at 375 px wide and with the keyboard alone, and signs out", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open(375, 800);
    try {
      await page.goto(`${ui.url}/`);
      // Keyboard only: the user field has the focus; type, Tab, type, Enter.
      await page.getByLabel("Usuario").waitFor();
      await page.keyboard.type("admin");
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Panorama nacional" }).waitFor();
      const overflow = async () => page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok((await overflow()) <= 375, `the Panorama is ${await overflow()} px wide on a 375 px screen`);
      await accessible(page, "panorama at 375 px");
      await shot(page, "panorama-375");
      await page.getByRole("link", { name: "Activos" }).click();
      await page.getByRole("heading", { name: "Inventario" }).waitFor();
      assert.ok((await overflow()) <= 375, `Activos is ${await overflow()} px wide on a 375 px screen`);
      await shot(page, "activos-375");
      await page.getByRole("button", { name: "Cerrar sesión" }).click();
      await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
      // The cookie is gone: a reload stays signed out.
      await page.reload();
      await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
