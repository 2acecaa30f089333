import type { ServiceDeps } from './deps.js';
import { createOrder } from './orders.js';
import type { Sandbox, ScenarioName } from './sandbox.js';
import { createUser } from './users.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The demo world: two users of one company, a Smart Account with two Virtual Accounts, and PAKs with
 * fixed IDs (so the README's walkthrough works as written) covering every kind of part.
 */
function seedDemo(deps: ServiceDeps, sandbox: Sandbox): void {
  sandbox.store.write(() =>
    sandbox.store.createSmartAccount('Example Corp', 'example.com', ['Default', 'Lab'], []),
  );
  createUser(deps, sandbox, {
    ccoId: 'jdoe',
    email: 'john.doe@example.com',
    name: 'John Doe',
    company: 'Example Corp',
    smartAccounts: ['Example Corp'],
  });
  createUser(deps, sandbox, {
    ccoId: 'asmith',
    email: 'alice.smith@example.com',
    name: 'Alice Smith',
    company: 'Example Corp',
    smartAccounts: ['Example Corp'],
  });
  const now = sandbox.nowMs();
  createOrder(deps, sandbox, {
    ccoId: 'jdoe',
    shippedAt: new Date(now - 2 * DAY).toISOString(),
    lines: [
      { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, pak: 'DEMOPLS0026' },
      { sku: 'L-AC-APX-LIC=', users: 102, termMonths: 12, pak: 'DEMOAPX0102' },
      { sku: 'L-AC-PLS-P-G', pak: 'DEMOPLSPERP' },
      { sku: 'L-AC-VPNO-250=', pak: 'DEMOVPN0250' },
    ],
  });
  createOrder(deps, sandbox, {
    ccoId: 'jdoe',
    shippedAt: new Date(now - HOUR).toISOString(),
    activationDelay: '4h',
    lines: [{ sku: 'L-AC-PLS-LIC=', users: 50, termMonths: 36, pak: 'DEMOPENDING' }],
  });
  createOrder(deps, sandbox, {
    ccoId: 'asmith',
    shippedAt: new Date(now - 3 * DAY).toISOString(),
    lines: [{ sku: 'L-AC-APX-3YR-G', users: 250, pak: 'DEMOAPX3YRS' }],
  });
}

export const SCENARIOS: Record<ScenarioName, (deps: ServiceDeps, sandbox: Sandbox) => void> = {
  demo: seedDemo,
  empty: () => undefined,
};
