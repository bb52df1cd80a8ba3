import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Built into dist/accounting-page, which the page's server (apps/accounting-page/src) serves. */
export default defineConfig({
  root,
  logLevel: 'warn',
  // Preact's JSX through esbuild: no framework plugin needed.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/accounting-page', import.meta.url)),
    emptyOutDir: true,
    // Nothing inline: the page's CSP allows scripts and styles from its own origin only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: true,
  },
});
