// A group pool: its members and budgets, open proposals (approve), and the settle-up plan.

import type { Chain, Signer, TxSpec } from './chain.js';
import { isAddress, sameAccount, ss58 } from './chain.js';
import { $, el } from './dom.js';
import { explainPool } from './errors.js';
import type { VouchTraitsPoolProposalKind } from './bindings/pool/index.js';

export interface PoolHost {
  chain(): Chain | null;
  me(): Signer | null;
  nameOf(addr: string): string;
  send(spec: TxSpec): Promise<boolean>;
}

export class PoolView {
  #host: PoolHost;
  #pool: string | null = null;
  #bank: string | null = null;

  constructor(host: PoolHost) {
    this.#host = host;
  }

  /** Whether events of `addr` (the pool or its bank) concern this view. */
  concerns(addr: string): boolean {
    return sameAccount(addr, this.#pool) || sameAccount(addr, this.#bank);
  }

  async open(input: string): Promise<void> {
    const t = input.trim();
    if (!isAddress(t)) {
      $('pool-status').textContent = 'Type the pool contract’s address.';
      return;
    }
    this.#pool = ss58(t);
    this.#bank = null;
    const url = new URL(window.location.href);
    url.searchParams.set('pool', this.#pool);
    window.history.replaceState(null, '', url);
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const chain = this.#host.chain();
    const addr = this.#pool;
    if (!chain || !addr) return;
    const me = this.#host.me();
    const caller = me?.address ?? addr;
    const pool = chain.pool(addr, caller);
    const name = (a: string) => this.#host.nameOf(a);
    try {
      const [status, members, block] = await Promise.all([
        pool.query.groupPoolStatus(),
        pool.query.groupPoolMembers(),
        chain.blockNumber(),
      ]);
      const s = status.data;
      this.#bank = ss58(s.bank);
      $('pool-status').textContent =
        `${s.threshold} of ${s.members} members must approve; reserve ${s.reserve}, notes outstanding ${s.outstanding}, ` +
        `standard budget ${s.allowance}; proposals stay open ${s.ttl} blocks` +
        (s.closed ? '; the pool has closed' : '');
      $('pool-members').replaceChildren(
        ...members.data.map(([who, m]) => {
          const w = ss58(who);
          return el(
            'tr',
            { 'data-testid': 'pool-member', 'data-member': w },
            el('td', { title: w }, name(w)),
            el('td', { 'data-field': 'contributed' }, m.contributed.toString()),
            el('td', { 'data-field': 'budget' }, m.budget.toString()),
            el('td', { 'data-field': 'granted' }, m.granted.toString()),
            el('td', { 'data-field': 'revoked' }, m.revoked.toString()),
            el('td', {}, m.active ? 'yes' : 'no'),
          );
        }),
      );
      const items: HTMLLIElement[] = [];
      for (let id = 0; id < s.proposals; id++) {
        const p = (await pool.query.groupPoolProposal(id)).data;
        if (!p || p.executed || p.expiresAt < block) continue;
        const approved = p.approvals.map((a) => ss58(a));
        const mine = me ? approved.some((a) => sameAccount(a, me.address)) : false;
        const button = el(
          'button',
          { 'data-testid': 'pool-approve', 'data-id': id, disabled: !me || mine || s.closed },
          mine ? 'Approved' : 'Approve',
        );
        button.addEventListener('click', () => void this.approve(id));
        items.push(
          el(
            'li',
            { 'data-testid': 'pool-proposal', 'data-id': id },
            `#${id} ${describe(p.kind, name)} — by ${name(ss58(p.proposer))}; ${approved.length} of ${s.threshold} approvals ` +
              `(${approved.map(name).join(', ')}); open until block #${p.expiresAt} `,
            button,
          ),
        );
      }
      $('pool-proposals').replaceChildren(...items);
      await this.#plan(chain, addr, caller, name);
    } catch (e) {
      $('pool-status').textContent = `Cannot read the pool: ${chain.explainThrown(e)}`;
    }
  }

  async #plan(chain: Chain, addr: string, caller: string, name: (a: string) => string): Promise<void> {
    const pool = chain.pool(addr, caller);
    const [plan, owes] = await Promise.all([pool.query.groupPoolSettlementPlan(), pool.query.groupPoolWhoOwesWhom()]);
    const out = $('settle-plan');
    if (plan.data.isErr) {
      out.textContent = `No plan: ${explainPool(plan.data.err)}`;
      return;
    }
    const p = plan.data.value;
    const table = el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...['Member', 'Contributed', 'Spent', 'Payout'].map((h) => el('th', {}, h)))),
      el(
        'tbody',
        {},
        ...p.payouts.map((x) => {
          const m = ss58(x.member);
          return el(
            'tr',
            { 'data-testid': 'settle-row', 'data-member': m },
            el('td', {}, name(m)),
            el('td', { 'data-field': 'contributed' }, x.contributed.toString()),
            el('td', { 'data-field': 'spent' }, x.spent.toString()),
            el('td', { 'data-field': 'payout' }, x.payout.toString()),
          );
        }),
      ),
    );
    const transfers = owes.data.isErr
      ? [el('li', {}, explainPool(owes.data.err))]
      : owes.data.value.map((o) =>
          el('li', { 'data-testid': 'owe' }, `${name(ss58(o.from))} pays ${name(ss58(o.to))} ${o.amount}`),
        );
    out.replaceChildren(
      el('p', {}, `Reserve ${p.reserve}; kept for notes that stay outstanding ${p.claims}; paid out on closing ${p.distributable}.`),
      table,
      el('p', {}, transfers.length ? 'To even up between members:' : 'Nobody owes anybody.'),
      el('ul', {}, ...transfers),
    );
  }

  async approve(id: number): Promise<void> {
    const chain = this.#host.chain();
    const me = this.#host.me();
    if (!chain || !me || !this.#pool) return;
    const pool = chain.pool(this.#pool, me.address);
    await this.#host.send({
      label: `Approve proposal #${id}`,
      kind: 'pool',
      query: (o) => pool.query.groupPoolApprove(id, o),
      tx: (o) => pool.tx.groupPoolApprove(id, o),
    });
    await this.refresh();
  }
}

function describe(kind: VouchTraitsPoolProposalKind, name: (a: string) => string): string {
  switch (kind.type) {
    case 'ReUp':
      return `raise ${name(ss58(kind.value[0]))}'s budget by ${kind.value[1]}`;
    case 'Revoke':
      return `revoke ${kind.value[1]} of ${name(ss58(kind.value[0]))}'s allowance`;
    case 'AddMember':
      return `add ${name(ss58(kind.value))}`;
    case 'RemoveMember':
      return `remove ${name(ss58(kind.value))}`;
    case 'SetThreshold':
      return `set the threshold to ${kind.value}`;
    case 'Withdraw':
      return `pay ${kind.value[1]} from the reserve to ${name(ss58(kind.value[0]))}`;
    case 'Trust':
      return `let ${name(ss58(kind.value[0]))} hold up to ${kind.value[1]} group notes`;
    case 'SetRouter':
      return `${kind.value[1] ? 'authorise' : 'stop'} router ${name(ss58(kind.value[0]))}`;
    case 'Close':
      return 'close the pool and settle up';
  }
}
