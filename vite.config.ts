import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and loaded both by Electron (file://) and by the loopback bridge (http).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
