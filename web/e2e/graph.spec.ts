// The trust graph stays legible at a few hundred banks: the page reads a generated graph from
// a route service of its own (`vouch serve --synthetic`, no chain) and draws it; labelled
// nodes, labels included, should almost never overlap in the layout (zooming in shows them
// apart), and every node is drawn.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.VOUCH_SERVE_PORT ?? '8797') + 1;
const BASE = `http://127.0.0.1:${PORT}`;
let service: ChildProcess;

test.beforeAll(async () => {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  service = spawn(
    process.env.VOUCH_BIN!,
    ['serve', '--synthetic', '1200', '--listen', `127.0.0.1:${PORT}`, '--web', dist],
    { stdio: 'ignore' },
  );
  await expect
    .poll(async () => {
      try {
        return (await fetch(`${BASE}/health`)).ok;
      } catch {
        return false;
      }
    })
    .toBe(true);
});

test.afterAll(() => {
  service?.kill('SIGTERM');
});

test('a few hundred banks are drawn legibly', async ({ page }) => {
  const health = (await (await fetch(`${BASE}/health`)).json()) as { banks: number; lines: number };
  expect(health.banks).toBeGreaterThanOrEqual(200);
  await page.goto(`${BASE}/`);
  const graph = page.getByTestId('graph');
  await expect(graph).toHaveAttribute('data-nodes', /^\d+$/, { timeout: 120_000 });
  const nodes = Number(await graph.getAttribute('data-nodes'));
  const labelled = Number(await graph.getAttribute('data-labelled'));
  const overlaps = Number(await graph.getAttribute('data-overlaps'));
  console.log(`graph: ${nodes} nodes, ${labelled} labelled, ${overlaps} overlapping pairs of labelled nodes`);
  expect(nodes).toBeGreaterThanOrEqual(health.banks);
  expect(labelled).toBeGreaterThanOrEqual(200);
  // At most one labelled node in fifty touches another.
  expect(overlaps).toBeLessThanOrEqual(Math.ceil(labelled / 50));
  await page.screenshot({ path: test.info().outputPath('17-a-few-hundred-banks.png'), fullPage: true });
  // Zoomed in, the labels show, apart.
  const box = (await graph.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 60; i++) await page.mouse.wheel(0, -1000);
  await page.waitForTimeout(500);
  await graph.screenshot({ path: test.info().outputPath('18-a-few-hundred-banks-zoomed-in.png') });
});
