import { conflict, invalid } from '../domain/errors.js';
import { isEmailAddress } from '../domain/email-address.js';
import type { UserRow } from '../storage/users.js';
import type { ServiceDeps } from './deps.js';
import type { Sandbox } from './sandbox.js';

export interface Address {
  line1?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface UserInput {
  ccoId: string;
  email: string;
  name: string;
  company?: string;
  /** The customer profile address; contracts link only when it matches the contract's. */
  address?: Address;
  /** Smart Accounts (by name) the user may use. */
  smartAccounts?: string[];
}

export interface UserView {
  ccoId: string;
  email: string;
  name: string;
  company: string;
  address: Address;
  token: string;
}

const CCO_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export const userView = (u: UserRow): UserView => ({
  ccoId: u.ccoId,
  email: u.email,
  name: u.name,
  company: u.company,
  address: JSON.parse(u.address) as Address,
  token: u.token,
});

/** Adds a simulated Cisco.com user and its bearer token (indexed in the registry). */
export function createUser(deps: ServiceDeps, sandbox: Sandbox, input: UserInput): UserView {
  const row = addUser(sandbox, input);
  deps.dbs.registry.addToken(row.token, sandbox.id, row.ccoId);
  return userView(row);
}

/** The sandbox half of createUser; scenarios index the tokens once the sandbox is installed. */
export function addUser(sandbox: Sandbox, input: UserInput): UserRow {
  if (!CCO_ID.test(input.ccoId)) {
    throw invalid(
      'INVALID_CCO_ID',
      'ccoId: a Cisco.com ID is 2 to 64 letters, digits, dots, dashes, underscores or @',
      {
        field: 'ccoId',
      },
    );
  }
  if (!isEmailAddress(input.email)) {
    throw invalid('INVALID_EMAIL', `email: "${input.email}" is not a valid email address`, {
      field: 'email',
    });
  }
  if (input.name.trim() === '')
    throw invalid('INVALID_NAME', 'name: give the user a name', { field: 'name' });
  if (sandbox.store.users.get(input.ccoId)) {
    throw conflict(
      'USER_EXISTS',
      `A user with Cisco.com ID ${input.ccoId} already exists in sandbox ${sandbox.id}`,
      {
        field: 'ccoId',
      },
    );
  }
  const known = new Set(sandbox.store.smartAccounts.forUser(null).map((s) => s.name));
  for (const [i, sa] of (input.smartAccounts ?? []).entries()) {
    if (!known.has(sa))
      throw invalid('SMART_ACCOUNT_UNKNOWN', `smartAccounts[${i}]: no Smart Account named ${sa}`, {
        field: `smartAccounts[${i}]`,
      });
  }
  return sandbox.store.write(() => {
    const row: UserRow = {
      ccoId: input.ccoId,
      email: input.email.toLowerCase(),
      name: input.name.trim(),
      company: input.company?.trim() ?? '',
      token: sandbox.newUserToken(input.ccoId),
      createdMs: sandbox.nowMs(),
      address: JSON.stringify(input.address ?? {}),
    };
    sandbox.store.users.insert(row);
    for (const sa of input.smartAccounts ?? []) sandbox.store.smartAccounts.grant(sa, row.ccoId);
    return row;
  });
}

export function listUsers(sandbox: Sandbox): UserView[] {
  return sandbox.store.users.list().map(userView);
}
