/// <reference lib="dom" />
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TOKEN_PREFIX } from "../access/index.js";
import { cli, consoleUnderTest } from "./browser.fixture.js";

/**
 * The Administración page in real headless Chromium (see browser.fixture.ts): an administrator
 * adds an organization with its sector and state, a user whose password is shown once, and an
 * API token shown once with a copy button (that then works against the API, and is never shown
 * again); the page passes axe, fits 375 px, and every control is reached with Tab. The user it
 * made, a reader, signs in with that password and is not offered the page (nor given its data).
 */

describe("the Administración page in Chromium", () => {
  const ui = consoleUnderTest();
  const { ready, open, signIn, accessible, shot } = ui;
  /** The reader the administrator creates, and the password the page showed once. */
  const reader = { username: "lectora.gn", password: "" };

  before(() =>
    ui.start(async (data) => {
      await cli(data, ["org", "add", "SCT", "--sector", "transport", "--state", "MX-CMX"]);
      await cli(data, ["collection", "add", "energia", "--title", "Sector energía"]);
    }),
  );
  after(() => ui.stop());

  it("an admin adds an organization, a user (password shown once) and a token (shown once, copied, working)", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open();
    try {
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.url });
      await signIn(page);
      await page.getByRole("link", { name: "Administración" }).click();
      await page.getByRole("heading", { name: "Administración", level: 1 }).waitFor();

      // An organization with its sector and state; sector alone is refused with the reason.
      await page.locator("#org-name").fill("Gasoductos del Norte");
      await page.locator("#org-sector").selectOption({ label: "Energía" });
      await page.getByRole("button", { name: "Agregar organización" }).click();
      await page.getByRole("alert").getByText("dé el sector y el estado juntos, o ninguno de los dos").waitFor();
      await page.locator("#org-state").selectOption({ label: "Nuevo León" });
      await page.getByRole("button", { name: "Agregar organización" }).click();
      const orgRow = page.getByRole("row", { name: /Gasoductos del Norte/ });
      await orgRow.getByText("Energía").waitFor();
      await orgRow.getByText("Nuevo León").waitFor();

      // A reader of that organization: the password is shown once.
      await page.locator("#user-name").fill(reader.username);
      await page.locator("#user-org").selectOption({ label: "Gasoductos del Norte" });
      await page.locator("#user-role").selectOption({ label: "lectura" });
      await page.getByRole("button", { name: "Agregar usuario" }).click();
      const password = page.getByRole("textbox", { name: `Contraseña de ${reader.username}:` });
      await password.waitFor();
      reader.password = await password.inputValue();
      assert.ok(reader.password.length >= 20, "a generated password is shown");
      await page
        .getByRole("row", { name: new RegExp(`${reader.username.replace(".", "\\.")}.*Gasoductos del Norte`) })
        .waitFor();
      await page.getByRole("button", { name: "Ya lo guardé" }).first().click();
      await password.waitFor({ state: "detached" });

      // A token, shown once with a copy button; it works against the API.
      await page.locator("#token-user").selectOption({ label: reader.username });
      await page.locator("#token-name").fill("script de inventario");
      await page.locator("#token-days").fill("30");
      await page.getByRole("button", { name: "Crear token" }).click();
      const tokenField = page.getByRole("textbox", { name: "Token «script de inventario»:" });
      await tokenField.waitFor();
      const token = await tokenField.inputValue();
      assert.ok(token.startsWith(TOKEN_PREFIX), `a token is shown: ${token.slice(0, 6)}…`);
      await page.getByRole("button", { name: "Copiar" }).click();
      await page.getByText(/Copiado al portapapeles|el texto quedó seleccionado/).waitFor();
      await page
        .getByRole("row", { name: /script de inventario/ })
        .getByText(/vigente hasta/)
        .waitFor();
      const api = await fetch(`${ui.url}/api/v1/orgs`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(api.status, 200);
      assert.deepEqual(
        ((await api.json()) as { name: string }[]).map((o) => o.name),
        ["Gasoductos del Norte"],
      );
      await accessible(page, "administración");
      await shot(page, "administracion-1280");
      // Shown once: after a reload the page lists the token but never its text.
      await page.reload();
      await page.getByRole("row", { name: /script de inventario/ }).waitFor();
      assert.ok(!(await page.content()).includes(token), "the token is not shown again");

      // A grant: Gasoductos del Norte may read the energy collection.
      await page.locator("#grant-collection").selectOption("energia");
      await page.locator("#grant-org").selectOption({ label: "Gasoductos del Norte" });
      await page.getByRole("button", { name: "Guardar permiso" }).click();
      await page
        .getByRole("row", { name: /energia/ })
        .getByText("Gasoductos del Norte: lee")
        .waitFor();
      // The refused organization (sector without state) is the one error the browser logs here (a 400).
      assert.deepEqual(
        errors.filter((e) => !/status of 400/.test(e)),
        [],
        "console errors on Administración",
      );
    } finally {
      await close();
    }
  });

  it("works at 375 px wide and every control is reached with Tab", async (t) => {
    if (!ready(t)) return;
    const { page, errors, close } = await open(375, 800);
    try {
      await signIn(page);
      await page.getByRole("heading", { name: /^Panorama/ }).waitFor();
      await page.goto(`${ui.url}/administracion`);
      await page.getByRole("heading", { name: "Fuentes" }).waitFor();
      await page.getByText("No hay fuentes remotas").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `Administración is ${width} px wide on a 375 px screen`);
      await accessible(page, "administración at 375 px");
      await shot(page, "administracion-375");
      // Tab from the top of the page: every field and button of the page takes the focus in turn.
      const wanted = await page.evaluate(() =>
        Array.from(document.querySelectorAll("main input, main select, main button")).map(
          (e) => e.id || e.getAttribute("aria-label") || e.textContent || "",
        ),
      );
      const reached = new Set<string>();
      for (let i = 0; i < 300 && wanted.some((w) => !reached.has(w)); i++) {
        await page.keyboard.press("Tab");
        reached.add(
          await page.evaluate(() => {
            const e = document.activeElement as HTMLElement | null;
            return e ? e.id || e.getAttribute("aria-label") || e.textContent || "" : "";
          }),
        );
      }
      assert.deepEqual(
        wanted.filter((w) => !reached.has(w)),
        [],
        "controls Tab never reached",
      );
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("a reader signs in with the password shown once and is not offered Administración, nor its data", async (t) => {
    if (!ready(t)) return;
    assert.ok(reader.password, "the first test made the reader");
    const { page, errors, close } = await open();
    try {
      await signIn(page, reader.username, reader.password);
      await page.getByRole("heading", { name: "Panorama de Gasoductos del Norte" }).waitFor();
      assert.equal(await page.getByRole("link", { name: "Administración" }).count(), 0);
      // The address typed by hand shows the Panorama, and the API refuses the data in Spanish.
      await page.goto(`${ui.url}/administracion`);
      await page.getByRole("heading", { name: "Panorama de Gasoductos del Norte" }).waitFor();
      assert.equal(await page.getByRole("heading", { name: "Usuarios" }).count(), 0);
      const refused = await page.evaluate(async () => {
        const res = await fetch("/api/v1/users", { headers: { "accept-language": "es-MX" } });
        return { status: res.status, body: (await res.json()) as { message: string } };
      });
      assert.equal(refused.status, 403);
      assert.match(refused.body.message, /es del papel admin y su cuenta tiene el papel «reader»/);
      await shot(page, "administracion-lectora-1280");
      // The refused request is the one error the browser logs here (a 403 response).
      assert.deepEqual(
        errors.filter((e) => !/status of 403/.test(e)),
        [],
      );
    } finally {
      await close();
    }
  });
});
