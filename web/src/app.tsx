import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type Language, setLanguage } from "./i18n/index.ts";
import { ActivosPage } from "./pages/activos.tsx";
import { AdministracionPage } from "./pages/administracion.tsx";
import { AlertasPage } from "./pages/alertas.tsx";
import { IncidentesPage } from "./pages/incidentes.tsx";
import { InteligenciaPage } from "./pages/inteligencia.tsx";
import { PanoramaPage } from "./pages/panorama.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { Link, useRouter } from "./router.tsx";
import { type SignedIn, useSession } from "./session.tsx";

/** The pages, in the order of the navigation; `allowed` hides what the role may not do. */
const PAGES = [
  { path: "/", key: "nav.panorama", allowed: (_s: SignedIn) => true },
  { path: "/inteligencia", key: "nav.intel", allowed: (s: SignedIn) => s.capabilities.readIntelligence },
  {
    path: "/alertas",
    key: "nav.alerts",
    allowed: (s: SignedIn) => s.capabilities.readAlerts || s.capabilities.readIntelligence,
  },
  { path: "/activos", key: "nav.assets", allowed: (s: SignedIn) => s.capabilities.readInventory },
  { path: "/incidentes", key: "nav.incidents", allowed: (s: SignedIn) => s.capabilities.readIncidents },
  { path: "/administracion", key: "nav.admin", allowed: (s: SignedIn) => s.capabilities.administer },
] as const;

/** Addresses that are a tab of another page: the sightings are the Alertas page's second tab. */
const TABS: Record<string, string> = { "/avistamientos": "/alertas" };

/** The page an address belongs to (/inteligencia/ID is the Inteligencia page); one the role may not see is the Panorama. */
function pageOf(address: string, session: SignedIn | null) {
  const path = TABS[address] ?? address;
  const page = PAGES.find((p) => p.path === path || (p.path !== "/" && path.startsWith(`${p.path}/`))) ?? PAGES[0];
  return session && !page.allowed(session) ? PAGES[0] : page;
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other: Language = i18n.language === "en" ? "es" : "en";
  return (
    <button type="button" className="ghost" lang={other} onClick={() => void setLanguage(other)}>
      {t("language.switch")}
    </button>
  );
}

function Page({ path }: { path: string }) {
  if (path === "/activos") return <ActivosPage />;
  if (path === "/inteligencia") return <InteligenciaPage />;
  if (path === "/incidentes") return <IncidentesPage />;
  if (path === "/alertas") return <AlertasPage />;
  if (path === "/administracion") return <AdministracionPage />;
  return <PanoramaPage />;
}

/** The console: sign-in, or the header, the navigation and the page of the address. */
export function App() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const { location } = useRouter();
  const active = pageOf(location.path, session?.signedIn ? (session as SignedIn) : null);

  useEffect(() => {
    document.title = session?.signedIn ? `${t(active.key)} · Centinela` : `${t("signIn.title")} · Centinela`;
  }, [t, active, session]);

  if (session === null) {
    return (
      <p className="loading" role="status">
        {t("common.loading")}
      </p>
    );
  }
  if (!session.signedIn) {
    return (
      <>
        <header className="bar">
          <span className="brand">Centinela</span>
          <LanguageSwitch />
        </header>
        <SignInPage />
      </>
    );
  }
  const s = session as SignedIn;
  return (
    <>
      <a className="skip" href="#main">
        {t("common.skipToContent")}
      </a>
      <header className="bar">
        <span className="brand">Centinela</span>
        <nav aria-label={t("nav.label")}>
          <ul>
            {PAGES.filter((p) => p.allowed(s)).map((p) => (
              <li key={p.path}>
                <Link href={p.path} aria-current={p.path === active.path ? "page" : undefined}>
                  {t(p.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {t("header.signedInAs", {
              user: s.user.username,
              org: s.organization.name,
              role: t(`role.${s.user.role}`),
            })}
          </span>
          <LanguageSwitch />
          <button type="button" className="ghost" onClick={() => void signOut()}>
            {t("header.signOut")}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={active.path} />
      </main>
      <footer className="foot">
        <small>{t("footer.mapCredit")}</small>
      </footer>
    </>
  );
}
