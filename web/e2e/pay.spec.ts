// Two strangers and two people between them get banks and lines through the page; one
// stranger pays the other through the page; the new balances are checked on the page and on
// chain (read with the `vouch` command); refused actions show their error and change nothing;
// a payment made elsewhere shows up on an open page without a reload. A screenshot of every
// step goes to this test's output folder.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';

const PEOPLE = ['alice', 'bob', 'charlie', 'dave'] as const;
type Person = (typeof PEOPLE)[number];

let shot = 0;
async function snap(page: Page, name: string): Promise<void> {
  shot += 1;
  const file = test.info().outputPath(`${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

/** The line a bank's page shows for `holder`, one field. */
function cell(page: Page, holder: string, field: string): Locator {
  return page.locator(`tr[data-testid=line-row][data-holder="${holder}"] td[data-field=${field}]`);
}

async function choose(page: Page, who: Person | ''): Promise<void> {
  const select = page.getByTestId('account');
  if (who === '') {
    await select.selectOption({ value: '' });
  } else {
    await select.selectOption({ label: who });
  }
}

/**
 * Clicks a button that sends a transaction and waits for its outcome. Returns the state the
 * page settled on ("included" or "failed") and the status text.
 */
async function send(page: Page, button: Locator): Promise<{ state: string; text: string }> {
  const status = page.getByTestId('tx-status');
  const before = (await status.count()) > 0 ? await status.textContent() : null;
  await button.click();
  // The page shows "pending" first; on a dev chain inclusion may follow at once, so accept a
  // changed text as well.
  await expect
    .poll(async () => {
      if ((await status.count()) === 0) return false;
      const s = await status.getAttribute('data-state');
      return s === 'pending' || (await status.textContent()) !== before;
    })
    .toBe(true);
  await expect(status).toHaveAttribute('data-state', /^(included|failed)$/, { timeout: 120_000 });
  return {
    state: (await status.getAttribute('data-state')) ?? '',
    text: (await status.textContent()) ?? '',
  };
}

async function act(page: Page, action: string, counterparty: string, amount: number): Promise<{ state: string; text: string }> {
  await page.getByTestId('counterparty').fill(counterparty);
  await page.getByTestId('amount').fill(String(amount));
  return send(page, page.getByTestId(`action-${action}`));
}

/** The lines of a bank on chain, read with the command line. */
function chainLines(bank: string): Array<{ holder_id: string; limit: number; willing: number; held: number; granted: number }> {
  const out = execFileSync(
    process.env.VOUCH_BIN!,
    ['--url', process.env.VOUCH_NODE_URL!, '--state', process.env.VOUCH_CLI_STATE!, '--json', 'lines', bank],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

test.describe.serial('strangers pay each other through the page', () => {
  const bank: Partial<Record<Person, string>> = {};
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
  });

  test('the graph and a bank can be browsed with no account', async () => {
    await page.goto('/');
    await expect(page.getByTestId('graph')).toBeVisible();
    await choose(page, '');
    await snap(page, 'read-only');
  });

  test('four people deploy their banks', async () => {
    for (const who of PEOPLE) {
      await choose(page, who);
      await expect(page.getByTestId('deploy-bank')).toBeVisible();
      await page.getByTestId('deploy-bank').click();
      await expect(page.getByTestId('bank-address')).toHaveText(/^5[1-9A-HJ-NP-Za-km-z]{46,47}$/, { timeout: 180_000 });
      await expect(page.getByTestId('tx-status')).toHaveAttribute('data-state', 'included');
      bank[who] = (await page.getByTestId('bank-address').textContent())!.trim();
      await snap(page, `${who}-deployed`);
    }
    expect(new Set(Object.values(bank)).size).toBe(4);
  });

  test('alice puts a reserve in her bank', async () => {
    await choose(page, 'alice');
    const r = await act(page, 'deposit', '', 1000);
    expect(r.state).toBe('included');
    await expect(page.getByTestId('reserve')).toHaveText('1000');
    await snap(page, 'alice-deposit');
  });

  test('credit lines from alice to bob to charlie to dave', async () => {
    const chain: Array<[Person, Person]> = [
      ['alice', 'bob'],
      ['bob', 'charlie'],
      ['charlie', 'dave'],
    ];
    for (const [issuer, holder] of chain) {
      await choose(page, issuer);
      expect((await act(page, 'set-limit', holder, 100)).state).toBe('included');
      await expect(cell(page, bank[holder]!, 'limit')).toHaveText('100');
      await choose(page, holder);
      expect((await act(page, 'trust', issuer, 100)).state).toBe('included');
      await choose(page, issuer);
      await expect(cell(page, bank[holder]!, 'willing')).toHaveText('100');
      await snap(page, `${issuer}-trusts-${holder}`);
    }
  });

  test('alice pays dave, a stranger, through the page', async () => {
    await choose(page, 'alice');
    await page.getByTestId('pay-to').fill('dave');
    await page.getByTestId('pay-amount').fill('30');
    await page.getByTestId('find-routes').click();
    await expect(page.getByTestId('route-list').locator('li')).not.toHaveCount(0);
    await expect(page.getByTestId('quote')).toHaveText('30');
    await snap(page, 'alice-routes-to-dave');
    const r = await send(page, page.getByTestId('pay-send'));
    expect(r.state, r.text).toBe('included');
    await expect(cell(page, bank.bob!, 'held')).toHaveText('30');
    await expect(page.getByTestId('outstanding')).toHaveText('30');
    await snap(page, 'alice-paid-dave');

    await choose(page, 'charlie');
    await expect(cell(page, bank.dave!, 'held')).toHaveText('30');
    await expect(cell(page, bank.dave!, 'earned')).toHaveText('30');
    await snap(page, 'charlie-sees-dave-holding');

    // The same, on chain.
    const atCharlie = chainLines(bank.charlie!).find((l) => l.holder_id === bank.dave);
    expect(atCharlie?.held).toBe(30);
    const atAlice = chainLines(bank.alice!).find((l) => l.holder_id === bank.bob);
    expect(atAlice?.held).toBe(30);
  });

  test('refused actions show their error and change nothing', async () => {
    // Charlie cannot take back notes dave's bank earned: they were no gift.
    await choose(page, 'charlie');
    const revoke = await act(page, 'revoke', 'dave', 10);
    expect(revoke.state).toBe('failed');
    expect(revoke.text.length).toBeGreaterThan(10);
    await expect(cell(page, bank.dave!, 'held')).toHaveText('30');
    await snap(page, 'charlie-revoke-refused');

    // Alice cannot take out more than her reserve.
    await choose(page, 'alice');
    const withdraw = await act(page, 'withdraw', '', 5000);
    expect(withdraw.state).toBe('failed');
    await expect(page.getByTestId('reserve')).toHaveText('1000');
    await snap(page, 'alice-withdraw-refused');

    // Over a limit: alice plans 10 more to dave, then charlie lowers dave's limit to what
    // dave's bank already holds, and the router refuses the payment as a whole.
    await page.getByTestId('pay-to').fill('dave');
    await page.getByTestId('pay-amount').fill('10');
    await page.getByTestId('find-routes').click();
    await expect(page.getByTestId('quote')).toHaveText('10');
    const other = await page.context().browser()!.newPage();
    await other.goto('/');
    await choose(other, 'charlie');
    expect((await act(other, 'set-limit', 'dave', 30)).state).toBe('included');
    await other.close();
    const over = await send(page, page.getByTestId('pay-send'));
    expect(over.state).toBe('failed');
    expect(over.text.length).toBeGreaterThan(10);
    await expect(cell(page, bank.bob!, 'held')).toHaveText('30');
    await snap(page, 'alice-over-the-limit-refused');
    await choose(page, 'charlie');
    expect((await act(page, 'set-limit', 'dave', 100)).state).toBe('included');

    const atCharlie = chainLines(bank.charlie!).find((l) => l.holder_id === bank.dave);
    expect(atCharlie?.held).toBe(30);
  });

  test('a payment by someone else shows up on an open page', async ({ browser }) => {
    const watcher = await browser.newPage();
    await watcher.goto('/');
    await choose(watcher, 'charlie');
    await expect(cell(watcher, bank.dave!, 'held')).toHaveText('30');

    await choose(page, 'alice');
    await page.getByTestId('pay-to').fill('dave');
    await page.getByTestId('pay-amount').fill('10');
    await page.getByTestId('find-routes').click();
    await expect(page.getByTestId('quote')).toHaveText('10');
    expect((await send(page, page.getByTestId('pay-send'))).state).toBe('included');

    await expect(cell(watcher, bank.dave!, 'held')).toHaveText('40');
    await expect(watcher.getByTestId('live')).not.toBeEmpty();
    await snap(watcher, 'charlie-live-update');
    await watcher.close();
  });
});
