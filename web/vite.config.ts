import { defineConfig } from 'vitest/config';

// The route service serves the built page from dist/; the page talks to the service on its
// own origin unless `?service=URL` says otherwise.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
