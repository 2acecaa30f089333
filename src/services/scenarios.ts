import { conflict, notFound } from '../domain/errors.js';
import { atPath, resolvePointInTime, type ScenarioDocument } from '../domain/scenario.js';
import type { ServiceDeps } from './deps.js';
import { runDueWork, type JobHandlers } from './due-work.js';
import { createOrder } from './orders.js';
import { register } from './registrations.js';
import type { Sandbox, ScenarioName } from './sandbox.js';
import { addUser } from './users.js';

/**
 * The demo world: two users of one company, a Smart Account with two Virtual Accounts, and PAKs with
 * fixed IDs (so the README's walkthrough works as written) covering every kind of part.
 */
export const DEMO_SCENARIO: ScenarioDocument = {
  smartAccounts: [{ name: 'Example Corp', domain: 'example.com', virtualAccounts: ['Default', 'Lab'] }],
  users: [
    {
      ccoId: 'jdoe',
      email: 'john.doe@example.com',
      name: 'John Doe',
      company: 'Example Corp',
      smartAccounts: ['Example Corp'],
    },
    {
      ccoId: 'asmith',
      email: 'alice.smith@example.com',
      name: 'Alice Smith',
      company: 'Example Corp',
      smartAccounts: ['Example Corp'],
    },
  ],
  orders: [
    {
      ccoId: 'jdoe',
      shippedAt: '-2d',
      lines: [
        { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, pak: 'DEMOPLS0026' },
        { sku: 'L-AC-APX-LIC=', users: 102, termMonths: 12, pak: 'DEMOAPX0102' },
        { sku: 'L-AC-PLS-P-G', pak: 'DEMOPLSPERP' },
        { sku: 'L-AC-VPNO-250=', pak: 'DEMOVPN0250' },
      ],
    },
    {
      ccoId: 'jdoe',
      shippedAt: '-1h',
      activationDelay: '4h',
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 50, termMonths: 36, pak: 'DEMOPENDING' }],
    },
    {
      ccoId: 'asmith',
      shippedAt: '-3d',
      lines: [{ sku: 'L-AC-APX-3YR-G', users: 250, pak: 'DEMOAPX3YRS' }],
    },
  ],
};

export const BUILT_IN_SCENARIOS: Record<ScenarioName, ScenarioDocument> = {
  demo: DEMO_SCENARIO,
  empty: {},
};

export const DEACTIVATED_BY_SCENARIO = 'Deactivated by the scenario';

/**
 * Builds a scenario's world into a sandbox whose clock stands frozen at `startMs`: Smart Accounts,
 * users, then orders (each created at its ship time, so eDelivery emails carry that date), then
 * registrations through the real wizard (each at its own time), then deactivations. The clock is
 * left at `startMs` with the work that fell due before it done.
 */
export function seedScenario(
  deps: ServiceDeps,
  sandbox: Sandbox,
  doc: ScenarioDocument,
  startMs: number,
  jobs: JobHandlers,
): void {
  const store = sandbox.store;
  const setClock = (ms: number) => store.write(() => sandbox.setClock({ frozen: true, atMs: ms }));

  const names = new Set<string>();
  const domains = new Set<string>();
  doc.smartAccounts?.forEach((sa, i) =>
    atPath(`smartAccounts[${i}]`, () => {
      if (names.has(sa.name))
        throw conflict('SMART_ACCOUNT_EXISTS', `name: Smart Account ${sa.name} is declared twice`, {
          field: 'name',
        });
      if (domains.has(sa.domain.toLowerCase())) {
        throw conflict(
          'SMART_ACCOUNT_DOMAIN_EXISTS',
          `domain: another Smart Account has domain ${sa.domain}`,
          {
            field: 'domain',
          },
        );
      }
      const vas = sa.virtualAccounts ?? ['Default'];
      vas.forEach((va, j) => {
        if (vas.indexOf(va) !== j) {
          throw conflict(
            'VIRTUAL_ACCOUNT_EXISTS',
            `virtualAccounts[${j}]: Virtual Account ${va} is listed twice`,
            {
              field: `virtualAccounts[${j}]`,
            },
          );
        }
      });
      names.add(sa.name);
      domains.add(sa.domain.toLowerCase());
      store.write(() => store.smartAccounts.create(sa.name, sa.domain, vas, []));
    }),
  );

  doc.users?.forEach((user, i) => atPath(`users[${i}]`, () => addUser(sandbox, user)));

  const deactivate: string[] = [];
  doc.orders?.forEach((o, i) =>
    atPath(`orders[${i}]`, () => {
      setClock(resolvePointInTime(o.shippedAt, startMs, 'shippedAt'));
      const created = createOrder(deps, sandbox, {
        ccoId: o.ccoId,
        ...(o.salesOrder === undefined ? {} : { salesOrder: o.salesOrder }),
        ...(o.activationDelay === undefined ? {} : { activationDelay: o.activationDelay }),
        lines: o.lines.map(({ deactivated: _, ...line }) => line),
      });
      o.lines.forEach((line, j) => line.deactivated && deactivate.push(created.paks[j]?.pak as string));
    }),
  );

  doc.registrations?.forEach((r, i) =>
    atPath(`registrations[${i}]`, () => {
      const { ccoId, at: when, ...wizard } = r;
      setClock(resolvePointInTime(when, startMs, 'at'));
      runDueWork(deps, sandbox, jobs);
      const user = store.users.get(ccoId);
      if (!user)
        throw notFound('USER_NOT_FOUND', `ccoId: no user ${ccoId} in the scenario`, { field: 'ccoId' });
      register(deps, sandbox, user, { ...wizard, agreeToTerms: true });
    }),
  );

  setClock(startMs);
  store.write(() => {
    for (const pak of deactivate) store.paks.deactivate(pak, startMs, DEACTIVATED_BY_SCENARIO);
  });
  runDueWork(deps, sandbox, jobs);
}
