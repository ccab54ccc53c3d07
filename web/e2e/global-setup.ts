// Starts the route service for the browser tests: `vouch serve` against the node at
// VOUCH_NODE_URL, serving the built page (web/dist) on a port of its own. It deploys the
// router on the fresh development chain; the page deploys everything else.
//
//   VOUCH_NODE_URL   the node (required), e.g. ws://127.0.0.1:9966
//   VOUCH_BIN        the `vouch` binary (required; scripts/test-chain builds it)
//   VOUCH_SERVE_PORT the service's port (default 8797)
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const node = process.env.VOUCH_NODE_URL;
  const bin = process.env.VOUCH_BIN;
  if (!node || !bin) {
    throw new Error('the browser tests need VOUCH_NODE_URL and VOUCH_BIN (scripts/test-chain sets both)');
  }
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`no built page in ${dist}: run npm run build first`);
  }
  const port = process.env.VOUCH_SERVE_PORT ?? '8797';
  const work = mkdtempSync(join(tmpdir(), 'vouch-browser-'));
  const state = join(work, 'vouch.snapshot');
  const log = join(work, 'serve.log');
  const out = openSync(log, 'a');
  const child = spawn(
    bin,
    ['--url', node, '--state', state, 'serve', '--listen', `127.0.0.1:${port}`, '--web', dist],
    { stdio: ['ignore', out, out] },
  );
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const base = `http://127.0.0.1:${port}`;
  // The first start deploys the router (three transactions on a fresh chain).
  const until = Date.now() + 180_000;
  for (;;) {
    if (exited !== null) throw new Error(`vouch serve exited with ${exited}; its log: ${log}`);
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) {
        const h = (await r.json()) as { router: string | null };
        if (h.router) break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`vouch serve did not become healthy; its log: ${log}`);
    await new Promise((f) => setTimeout(f, 500));
  }
  process.env.VOUCH_PAGE_URL = base;
  process.env.VOUCH_CLI_STATE = state;
  process.env.VOUCH_SERVE_LOG = log;
  console.log(`route service on ${base} (log ${log})`);
  return async () => {
    child.kill('SIGTERM');
  };
}
