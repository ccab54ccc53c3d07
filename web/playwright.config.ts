// The page's browser tests: Debian's Chromium, driven by Playwright, against a real node and
// the route service the tests start themselves (e2e/global-setup.ts). scripts/test-chain runs
// them; see docs/web.md for running them by hand.
import { defineConfig } from '@playwright/test';

const chromium = process.env.VOUCH_CHROMIUM ?? '/usr/bin/chromium';
// The route service e2e/global-setup.ts starts, which also serves the built page.
const port = process.env.VOUCH_SERVE_PORT ?? '8797';

export default defineConfig({
  testDir: './e2e',
  // One chain, one story: the steps build on each other.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 10 * 60_000,
  expect: { timeout: 60_000 },
  outputDir: './test-results',
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 1000 },
    actionTimeout: 60_000,
    launchOptions: {
      executablePath: chromium,
      // Without the background-networking switches Chromium keeps dialling out, and a closed
      // network refuses every one of those connections.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
