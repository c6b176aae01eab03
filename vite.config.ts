import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev` serves the API; GRIDGOV_API_URL points the dev proxy elsewhere. */
const api = process.env.GRIDGOV_API_URL ?? 'http://127.0.0.1:8080';

/** The web app lives in src/web and builds into dist/web, which the server serves as static files. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      treeshake: {
        // The rc-component packages declare no sideEffects; their barrels would otherwise drag whole
        // libraries (the form engine, for one) into every page that touches a form context.
        moduleSideEffects: [{ test: /node_modules[\\/]@rc-component[\\/]/, sideEffects: false }],
      },
    },
  },
  server: {
    proxy: {
      // A pattern, not the prefix '/api': that would also swallow the app's own module /api.ts.
      '^/api(/|$)': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
