import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { initI18n } from "./i18n/index.ts";
import { Router } from "./router.tsx";
import { SessionProvider } from "./session.tsx";
import "./styles.css";

initI18n();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <Router>
          <App />
        </Router>
      </SessionProvider>
    </StrictMode>,
  );
}
