// Vite builds the UI into web/dist, which `parkgrid serve` serves (--web-dir). In development
// (`npm run dev`) API calls go to a running `parkgrid serve` on port 8080.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
