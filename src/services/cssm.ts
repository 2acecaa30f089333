/**
 * Over 400 lines: every endpoint's use case leans on the same session, account and Virtual Account
 * resolution, kept private here; split along the API's resources when one of them grows.
 *
 * The Smart Software Manager API subset: OAuth API clients and tokens, Smart and Virtual Accounts,
 * licenses (the portal's Smart Account entitlements, after transfers, less what devices use),
 * registration tokens, devices and license transfers. Every call reaches one sandbox, the one its
 * API client was created in.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isoDate } from '../domain/dates.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  complianceStatus,
  defaultVirtualAccount,
  exportControlledText,
  flagText,
  licenseKind,
  lineStatus,
  parseAccountType,
  parseCommerceAccessLevel,
  parseExpiresAfterDays,
  parseExportControlled,
  parseFlag,
  parseLicenseKind,
  parsePage,
  parsePrecedence,
  planTransfer,
  validateVirtualAccountName,
  type LicenseKind,
} from '../domain/cssm.js';
import { conflict, DomainError, invalid, notFound, unprocessable } from '../domain/errors.js';
import { randomString } from '../domain/random.js';
import { validateSerial } from '../domain/serial.js';
import type { CssmDeviceRow, CssmRegistrationTokenRow, CssmVirtualAccountRow } from '../storage/cssm.js';
import type { CssmApiClientRow } from '../storage/cssm-clients.js';
import type { ServiceDeps } from './deps.js';
import type { Sandbox } from './sandbox.js';
import type { SandboxService } from './sandboxes.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const iso = (ms: number) => new Date(ms).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Equal-time comparison of two hex digests. */
const sameDigest = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

const oauthError = (kind: 'invalid' | 'unauthorized', code: string, message: string) =>
  new DomainError(kind, code, message);

// ---------------------------------------------------------------- API clients (control plane)

export interface ApiClientView {
  clientId: string;
  name: string;
  ccoId: string | null;
  createdAt: string;
}

const apiClientView = (c: CssmApiClientRow): ApiClientView => ({
  clientId: c.clientId,
  name: c.name,
  ccoId: c.ccoId,
  createdAt: iso(c.createdMs),
});

/**
 * A client ID and secret for the OAuth token endpoints. With a ccoId the client sees the Smart
 * Accounts that user can use; without, every Smart Account of the sandbox. The secret is shown once.
 */
export function createApiClient(
  deps: ServiceDeps,
  sandbox: Sandbox,
  input: { name?: string; ccoId?: string },
): ApiClientView & { clientSecret: string } {
  if (input.ccoId !== undefined && !sandbox.store.users.get(input.ccoId)) {
    throw notFound('USER_NOT_FOUND', `ccoId: no user ${input.ccoId} in sandbox ${sandbox.id}`, {
      field: 'ccoId',
    });
  }
  let clientId: string;
  do clientId = randomString(sandbox.random, LOWER_ALNUM, 24);
  while (deps.dbs.registry.cssmClientSandbox(clientId) !== undefined);
  const clientSecret = randomString(sandbox.random, ALNUM, 32);
  const row: CssmApiClientRow = {
    clientId,
    secretHash: sha256(clientSecret),
    name: input.name?.trim() || 'API client',
    ccoId: input.ccoId ?? null,
    createdMs: sandbox.nowMs(),
  };
  sandbox.store.write(() => sandbox.store.cssmClients.insert(row));
  deps.dbs.registry.addCssmClient(clientId, sandbox.id);
  return { ...apiClientView(row), clientSecret };
}

export function listApiClients(sandbox: Sandbox): ApiClientView[] {
  return sandbox.store.cssmClients.list().map(apiClientView);
}

/** Deletes a client; its access tokens stop working at once. */
export function deleteApiClient(deps: ServiceDeps, sandbox: Sandbox, clientId: string): void {
  const deleted = sandbox.store.write(() => sandbox.store.cssmClients.delete(clientId));
  if (!deleted) throw notFound('API_CLIENT_NOT_FOUND', `No API client ${clientId} in sandbox ${sandbox.id}`);
  deps.dbs.registry.deleteCssmClient(clientId);
}

// ---------------------------------------------------------------- OAuth 2.0

export interface TokenRequest {
  grantType?: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
}

export interface AccessToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export const INVALID_CLIENT_MESSAGE = 'Invalid client or Invalid client credentials';

/**
 * OAuth 2.0 token endpoint. `client_credentials` acts as the client (its user, if it has one);
 * `password` acts as the named sandbox user. The simulator has no user passwords: the client's
 * secret is the credential that is checked.
 */
export function issueAccessToken(
  deps: ServiceDeps,
  sandboxes: SandboxService,
  request: TokenRequest,
): AccessToken {
  if (!request.clientId || !request.clientSecret) {
    throw oauthError('unauthorized', 'INVALID_CLIENT', 'client_id and client_secret are required');
  }
  if (!request.grantType)
    throw oauthError('invalid', 'INVALID_REQUEST', 'grant_type is required (client_credentials)');
  if (request.grantType !== 'client_credentials' && request.grantType !== 'password') {
    throw oauthError(
      'invalid',
      'UNSUPPORTED_GRANT_TYPE',
      `grant_type ${request.grantType} is not supported; use client_credentials`,
    );
  }
  const sandboxId = deps.dbs.registry.cssmClientSandbox(request.clientId);
  if (sandboxId === undefined) throw oauthError('unauthorized', 'INVALID_CLIENT', INVALID_CLIENT_MESSAGE);
  const sandbox = sandboxes.open(sandboxId);
  const client = sandbox.store.cssmClients.get(request.clientId);
  if (!client || !sameDigest(client.secretHash, sha256(request.clientSecret))) {
    throw oauthError('unauthorized', 'INVALID_CLIENT', INVALID_CLIENT_MESSAGE);
  }
  let actingCcoId = client.ccoId;
  if (request.grantType === 'password') {
    if (!request.username)
      throw oauthError('invalid', 'INVALID_REQUEST', 'username is required with grant_type password');
    if (!sandbox.store.users.get(request.username))
      throw oauthError('invalid', 'INVALID_GRANT', 'Invalid username or password');
    actingCcoId = request.username;
  }
  const token = `${client.clientId}.${randomString(sandbox.random, ALNUM, 40)}`;
  const now = sandbox.nowMs();
  sandbox.store.write(() =>
    sandbox.store.cssmClients.insertAccessToken({
      tokenHash: sha256(token),
      clientId: client.clientId,
      actingCcoId,
      issuedMs: now,
      expiresMs: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
    }),
  );
  return { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
}

export interface CssmSession {
  sandbox: Sandbox;
  client: CssmApiClientRow;
  /** The user whose Smart Accounts the token reaches; null: every Smart Account of the sandbox. */
  actingCcoId: string | null;
}

const unauthorized = (code: string, message: string) => new DomainError('unauthorized', code, message);

/** The sandbox and API client an access token belongs to, while it is valid on the sandbox clock. */
export function cssmSession(deps: ServiceDeps, sandboxes: SandboxService, token: string | null): CssmSession {
  if (!token) {
    throw unauthorized(
      'UNAUTHORIZED',
      'Send Authorization: Bearer <access token> (POST /as/token.oauth2 gives one)',
    );
  }
  const invalidToken = () => unauthorized('INVALID_TOKEN', 'The access token is not valid');
  const sandboxId = deps.dbs.registry.cssmClientSandbox(token.split('.')[0] as string);
  if (sandboxId === undefined) throw invalidToken();
  const sandbox = sandboxes.open(sandboxId);
  const row = sandbox.store.cssmClients.accessToken(sha256(token));
  const client = row && sandbox.store.cssmClients.get(row.clientId);
  if (!row || !client) throw invalidToken();
  if (row.expiresMs <= sandbox.nowMs()) {
    throw unauthorized(
      'TOKEN_EXPIRED',
      `The access token expired at ${iso(row.expiresMs)} (sandbox clock); request a new one`,
    );
  }
  return { sandbox, client, actingCcoId: row.actingCcoId };
}

// ---------------------------------------------------------------- Smart and Virtual Accounts

const SUCCESS = 'SUCCESS' as const;

interface Account {
  id: number;
  name: string;
  domain: string;
}

function accessibleAccounts(session: CssmSession): Account[] {
  return session.sandbox.store.smartAccounts
    .forUser(session.actingCcoId)
    .map(({ id, name, domain }) => ({ id, name, domain }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.id - b.id);
}

/** A Smart Account by domain (any case) or by name, among those the token reaches. */
function resolveAccount(session: CssmSession, domainOrName: string): Account {
  const wanted = domainOrName.trim();
  const account = accessibleAccounts(session).find(
    (a) => a.domain.toLowerCase() === wanted.toLowerCase() || a.name === wanted,
  );
  if (!account) {
    throw notFound(
      'SMART_ACCOUNT_NOT_FOUND',
      `Smart Account ${domainOrName} does not exist or this API client has no access to it`,
      { field: 'domain' },
    );
  }
  return account;
}

function virtualAccounts(session: CssmSession, account: Account): CssmVirtualAccountRow[] {
  return session.sandbox.store.cssm.virtualAccounts(account.id);
}

function resolveVirtualAccount(session: CssmSession, account: Account, name: string, field: string) {
  const va = virtualAccounts(session, account).find((v) => v.name === name);
  if (!va) {
    throw notFound(
      'VIRTUAL_ACCOUNT_NOT_FOUND',
      `${field}: Smart Account ${account.domain} has no Virtual Account named ${name}`,
      { field },
    );
  }
  return va;
}

export interface SearchQuery {
  domain?: string;
  type?: string;
  limit?: number;
  offset?: number;
}

/**
 * Smart Accounts whose domain contains the text searched for (as Cisco's search does: "work.com"
 * also finds "wework.com"). Every simulated Smart Account is a CUSTOMER account.
 */
export function searchAccounts(session: CssmSession, query: SearchQuery) {
  const type =
    query.type === undefined || query.type === '' ? undefined : parseAccountType(query.type, 'type');
  const page = parsePage(query.limit, query.offset, { fallback: 50, max: 1000 });
  const text = (query.domain ?? '').trim().toLowerCase();
  const found = accessibleAccounts(session).filter(
    (a) => a.domain.toLowerCase().includes(text) && (type === undefined || type === 'CUSTOMER'),
  );
  return {
    status: SUCCESS,
    statusMessage: '',
    totalRecords: found.length,
    accounts: found.slice(page.offset, page.offset + page.limit).map((a) => ({
      id: a.id,
      domain: a.domain,
      name: a.name,
      type: 'CUSTOMER',
      accountType: 'CUSTOMER',
      status: 'ACTIVE',
    })),
  };
}

/** v2: every Smart Account the token reaches. */
export function listAccounts(session: CssmSession) {
  return {
    status: SUCCESS,
    statusMessage: '',
    accounts: accessibleAccounts(session).map((a) => ({
      accountName: a.name,
      accountDomain: a.domain,
      accountStatus: 'Active',
      accountType: 'CUSTOMER',
      roles: [{ role: 'Smart Account User' }],
    })),
  };
}

function virtualAccountViews(rows: readonly CssmVirtualAccountRow[]) {
  const fallback = defaultVirtualAccount(rows);
  return rows.map((v) => ({
    name: v.name,
    description: v.description,
    isDefault: flagText(v.name === fallback),
    commerceAccessLevel: v.commerceAccessLevel,
  }));
}

export function listVirtualAccounts(session: CssmSession, domain: string, accountType: string) {
  parseAccountType(accountType, 'accountType');
  const account = resolveAccount(session, domain);
  return {
    status: SUCCESS,
    statusMessage: '',
    virtualAccounts: virtualAccountViews(virtualAccounts(session, account)),
  };
}

export interface VirtualAccountInput {
  name: string;
  description?: string;
  isDefault?: boolean | string;
  commerceAccessLevel?: string;
}

export function createVirtualAccount(
  session: CssmSession,
  domain: string,
  accountType: string,
  input: VirtualAccountInput,
) {
  parseAccountType(accountType, 'accountType');
  const account = resolveAccount(session, domain);
  const name = validateVirtualAccountName(input.name, 'name');
  const isDefault = parseFlag(input.isDefault, 'isDefault') ?? false;
  const commerceAccessLevel = parseCommerceAccessLevel(input.commerceAccessLevel, 'commerceAccessLevel');
  const store = session.sandbox.store;
  return store.write(() => {
    if (virtualAccounts(session, account).some((v) => v.name.toLowerCase() === name.toLowerCase())) {
      throw conflict(
        'VIRTUAL_ACCOUNT_EXISTS',
        `name: Smart Account ${account.domain} already has a Virtual Account named ${name}`,
        { field: 'name' },
      );
    }
    store.cssm.insertVirtualAccount({
      smartAccountId: account.id,
      name,
      description: input.description?.trim() ?? '',
      isDefault,
      commerceAccessLevel,
    });
    const view = virtualAccountViews(virtualAccounts(session, account)).find((v) => v.name === name);
    return { status: SUCCESS, statusMessage: `Virtual Account ${name} created`, virtualAccount: view };
  });
}

// ---------------------------------------------------------------- licenses

export interface LicensesQuery {
  virtualAccounts?: string[];
  limit?: number;
  offset?: number;
}

interface LicenseRecord {
  virtualAccount: string;
  license: string;
  quantity: number;
  inUse: number;
  details: Array<{
    licenseType: LicenseKind;
    quantity: number;
    startDate: string;
    endDate: string | null;
    subscriptionId: string;
    status: string;
  }>;
}

/** One record per Virtual Account and license: entitlements held (expired lines excluded) and in use. */
function licenseRecords(
  session: CssmSession,
  account: Account,
  vaNames: ReadonlySet<string>,
): LicenseRecord[] {
  const store = session.sandbox.store;
  const today = isoDate(session.sandbox.nowMs());
  const records = new Map<string, LicenseRecord>();
  const record = (virtualAccount: string, license: string) => {
    const key = JSON.stringify([virtualAccount, license]);
    let r = records.get(key);
    if (!r) {
      r = { virtualAccount, license, quantity: 0, inUse: 0, details: [] };
      records.set(key, r);
    }
    return r;
  };
  for (const line of store.cssm.heldLines(account.id)) {
    if (!vaNames.has(line.virtualAccount)) continue;
    const r = record(line.virtualAccount, line.license);
    const status = lineStatus(line.startDate, line.endDate, today);
    if (status !== 'EXPIRED') r.quantity += line.quantity;
    r.details.push({
      licenseType: licenseKind(line.endDate),
      quantity: line.quantity,
      startDate: line.startDate,
      endDate: line.endDate,
      subscriptionId: '',
      status,
    });
  }
  for (const u of store.cssm.inUse(account.id)) {
    if (vaNames.has(u.virtualAccount)) record(u.virtualAccount, u.license).inUse = u.inUse;
  }
  return [...records.values()].sort(
    (a, b) => a.virtualAccount.localeCompare(b.virtualAccount) || a.license.localeCompare(b.license),
  );
}

/** Licenses of some (or all) Virtual Accounts, ordered by Virtual Account and license, paged. */
export function listLicenses(session: CssmSession, domain: string, query: LicensesQuery) {
  const account = resolveAccount(session, domain);
  const page = parsePage(query.limit, query.offset, { fallback: 50, max: 1000 });
  const asked = query.virtualAccounts ?? [];
  const names = new Set(
    asked.length === 0
      ? virtualAccounts(session, account).map((v) => v.name)
      : asked.map((n, i) => resolveVirtualAccount(session, account, n, `virtualAccounts[${i}]`).name),
  );
  const all = licenseRecords(session, account, names);
  return {
    status: SUCCESS,
    statusMessage: '',
    totalRecords: all.length,
    licenses: all.slice(page.offset, page.offset + page.limit).map((r) => ({
      license: r.license,
      quantity: r.quantity,
      inUse: r.inUse,
      available: r.quantity - r.inUse,
      status: complianceStatus(r.quantity, r.inUse),
      billingType: 'PREPAID',
      pendingQuantity: 0,
      reserved: 0,
      isPortable: false,
      ahaApps: false,
      licenseSubstitutions: [],
      licenseDetails: r.details,
      virtualAccount: r.virtualAccount,
    })),
  };
}

export interface TransferItem {
  license: string;
  licenseType?: string;
  quantity: number;
  targetVirtualAccount: string;
  precedence?: string;
}

/** Moves quantity between Virtual Accounts of one Smart Account: all items or none. */
export function transferLicenses(
  session: CssmSession,
  domain: string,
  virtualAccount: string,
  input: { licenses: TransferItem[] },
) {
  const account = resolveAccount(session, domain);
  const source = resolveVirtualAccount(session, account, virtualAccount, 'virtualAccount').name;
  const store = session.sandbox.store;
  const now = session.sandbox.nowMs();
  const today = isoDate(now);
  return store.write(() => {
    const done = input.licenses.map((item, i) => {
      const field = `licenses[${i}]`;
      const target = resolveVirtualAccount(
        session,
        account,
        item.targetVirtualAccount,
        `${field}.targetVirtualAccount`,
      ).name;
      if (target === source) {
        throw invalid(
          'SAME_VIRTUAL_ACCOUNT',
          `${field}.targetVirtualAccount: licenses are already in Virtual Account ${source}`,
          { field: `${field}.targetVirtualAccount` },
        );
      }
      const licenseType = parseLicenseKind(item.licenseType, `${field}.licenseType`);
      const precedence = parsePrecedence(item.precedence, `${field}.precedence`);
      const held = store.cssm.heldLines(account.id).filter((l) => l.virtualAccount === source);
      const inUse =
        store.cssm.inUse(account.id).find((u) => u.virtualAccount === source && u.license === item.license)
          ?.inUse ?? 0;
      const moves = planTransfer(
        held,
        inUse,
        { license: item.license, licenseType, quantity: item.quantity, precedence },
        today,
        { field: `${field}.quantity`, virtualAccount: source },
      );
      for (const m of moves) {
        store.cssm.insertTransfer({
          smartAccountId: account.id,
          entitlementId: m.entitlementId,
          fromVa: source,
          toVa: target,
          quantity: m.quantity,
          createdBy: session.actingCcoId ?? session.client.name,
          createdMs: now,
        });
      }
      return {
        license: item.license,
        licenseType: licenseType ?? null,
        quantity: item.quantity,
        sourceVirtualAccount: source,
        targetVirtualAccount: target,
        status: SUCCESS,
      };
    });
    return {
      status: SUCCESS,
      statusMessage: `${done.length} license transfer(s) from Virtual Account ${source} completed`,
      licenses: done,
    };
  });
}

// ---------------------------------------------------------------- registration tokens

const tokenInfo = (t: CssmRegistrationTokenRow) => ({
  token: t.token,
  description: t.description,
  expiresAfterDays: t.expiresAfterDays,
  expirationDate: iso(t.expiresMs),
  exportControlled: exportControlledText(t.exportControlled),
  createdBy: t.createdBy,
  virtualAccountName: t.virtualAccount,
});

/** A Virtual Account's registration tokens that have not expired (sandbox clock), oldest first. */
export function listTokens(session: CssmSession, domain: string, virtualAccount: string) {
  const account = resolveAccount(session, domain);
  const va = resolveVirtualAccount(session, account, virtualAccount, 'virtualAccount');
  const rows = session.sandbox.store.cssm.registrationTokensOf(account.id, va.name, session.sandbox.nowMs());
  return { status: SUCCESS, statusMessage: '', tokens: rows.map(tokenInfo) };
}

export interface TokenInput {
  description?: string;
  expiresAfterDays?: number | string;
  exportControlled?: string;
}

export function createToken(session: CssmSession, domain: string, virtualAccount: string, input: TokenInput) {
  const account = resolveAccount(session, domain);
  const va = resolveVirtualAccount(session, account, virtualAccount, 'virtualAccount');
  const expiresAfterDays = parseExpiresAfterDays(input.expiresAfterDays, 'expiresAfterDays');
  const exportControlled = parseExportControlled(input.exportControlled, 'exportControlled');
  const store = session.sandbox.store;
  return store.write(() => {
    const now = session.sandbox.nowMs();
    let token: string;
    do token = randomString(session.sandbox.random, ALNUM, 88);
    while (store.cssm.registrationToken(token));
    const row: Omit<CssmRegistrationTokenRow, 'id'> = {
      token,
      smartAccountId: account.id,
      virtualAccount: va.name,
      description: input.description?.trim() ?? '',
      expiresAfterDays,
      exportControlled,
      createdBy: session.actingCcoId ?? session.client.name,
      createdMs: now,
      expiresMs: now + expiresAfterDays * 86_400_000,
    };
    store.cssm.insertRegistrationToken(row);
    return {
      status: SUCCESS,
      statusMessage: 'Token created',
      tokenInfo: tokenInfo({ ...row, id: 0 }),
    };
  });
}

// ---------------------------------------------------------------- devices

function deviceView(sandbox: Sandbox, d: CssmDeviceRow, domain: string) {
  return {
    instanceName: d.instanceName,
    hostname: d.instanceName,
    productName: `Cisco ${d.productId}`,
    productTagName: `regid.2015-10.com.cisco.${d.productId},1.0`,
    productType: 'ASA',
    sudi: { udiPid: d.productId, udiSerialNumber: d.serial },
    smartAccountDomain: domain,
    virtualAccountName: d.virtualAccount,
    status: 'REGISTERED',
    exportControlAllowed: d.exportControlled,
    registrationDate: iso(d.registeredMs),
    lastContactDate: iso(d.registeredMs),
    licenses: sandbox.store.cssm
      .deviceLicenses(d.id)
      .map((l) => ({ license: l.license, quantity: l.quantity })),
  };
}

export interface DevicesQuery {
  virtualAccountName?: string;
  instanceName?: string;
  limit?: number;
  offset?: number;
}

/** Devices registered in the Smart Account (one Virtual Account when named), oldest registration first. */
export function listDevices(session: CssmSession, domain: string, query: DevicesQuery) {
  const account = resolveAccount(session, domain);
  const page = parsePage(query.limit, query.offset, { fallback: 50, max: 1000 });
  const va =
    query.virtualAccountName === undefined || query.virtualAccountName === ''
      ? undefined
      : resolveVirtualAccount(session, account, query.virtualAccountName, 'virtualAccountName').name;
  const instance = query.instanceName?.trim().toLowerCase() || undefined;
  const devices = session.sandbox.store.cssm
    .devicesOf(account.id)
    .filter((d) => va === undefined || d.virtualAccount === va)
    .filter(
      (d) =>
        instance === undefined ||
        d.instanceName.toLowerCase() === instance ||
        d.serial.toLowerCase() === instance,
    );
  return {
    status: SUCCESS,
    statusMessage: '',
    totalRecords: devices.length,
    devices: devices
      .slice(page.offset, page.offset + page.limit)
      .map((d) => deviceView(session.sandbox, d, account.domain)),
  };
}

export interface SmartDeviceInput {
  idToken: string;
  serial: string;
  productId?: string;
  hostname?: string;
  licenses?: Array<{ license: string; quantity: number }>;
  force?: boolean;
}

/**
 * What `license smart register idtoken <token> [force]` does on a device: the device joins the
 * token's Virtual Account and consumes the licenses it asks for there (inUse), even beyond what the
 * account holds (it is then Out of Compliance, as with Cisco).
 */
export function registerSmartDevice(sandbox: Sandbox, input: SmartDeviceInput) {
  const serial = validateSerial(input.serial, 'serial');
  const store = sandbox.store;
  const token = store.cssm.registrationToken(input.idToken.trim());
  if (!token) {
    throw notFound('ID_TOKEN_INVALID', 'idToken: this registration token does not exist in the sandbox', {
      field: 'idToken',
    });
  }
  const now = sandbox.nowMs();
  if (token.expiresMs <= now) {
    throw unprocessable(
      'ID_TOKEN_EXPIRED',
      `idToken: the registration token expired at ${iso(token.expiresMs)}`,
      {
        field: 'idToken',
      },
    );
  }
  const licenses = input.licenses ?? [];
  const seen = new Set<string>();
  licenses.forEach((l, i) => {
    if (seen.has(l.license)) {
      throw invalid('DUPLICATE_LICENSE', `licenses[${i}].license: ${l.license} is listed twice`, {
        field: `licenses[${i}].license`,
      });
    }
    seen.add(l.license);
  });
  const asa = store.asaDevices.get(serial);
  return store.write(() => {
    const existing = store.cssm.device(serial);
    if (existing && input.force !== true) {
      throw conflict(
        'DEVICE_ALREADY_REGISTERED',
        `serial: ${serial} is already registered to Virtual Account ${existing.virtualAccount}; register with force to move it`,
        { field: 'serial' },
      );
    }
    if (existing) store.cssm.deleteDevice(serial);
    store.cssm.insertDevice(
      {
        serial,
        smartAccountId: token.smartAccountId,
        virtualAccount: token.virtualAccount,
        tokenId: token.id,
        productId: input.productId?.trim() || asa?.model || 'ASAv',
        instanceName: input.hostname?.trim() || asa?.hostname || serial.toLowerCase(),
        registeredMs: now,
      },
      licenses,
    );
    const domain = store.smartAccounts.forUser(null).find((a) => a.id === token.smartAccountId)?.domain ?? '';
    return deviceView(sandbox, store.cssm.device(serial) as CssmDeviceRow, domain);
  });
}

/** `license smart deregister`: the device leaves its Virtual Account and releases its licenses. */
export function deregisterSmartDevice(sandbox: Sandbox, serial: string): void {
  const normalized = serial.trim().toUpperCase();
  const deleted = sandbox.store.write(() => sandbox.store.cssm.deleteDevice(normalized));
  if (!deleted) {
    throw notFound('DEVICE_NOT_REGISTERED', `No device with serial number ${serial} is registered`, {
      field: 'serial',
    });
  }
}
