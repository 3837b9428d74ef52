import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The console is served by `centinela serve` at /, on the same origin as /api/v1. */
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
