import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SandboxService } from '../services/sandboxes.js';
import type { Sandbox } from '../services/sandbox.js';
import type { UserRow } from '../storage/sandbox-store.js';
import { HttpError } from './errors.js';

export interface PortalSession {
  sandbox: Sandbox;
  user: UserRow;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/** Compares digests so the time taken says nothing about how much of the token matched. */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** The session a valid bearer token opens, or null (no token, or one no sandbox user holds). */
export function resolvePortalSession(
  sandboxes: SandboxService,
  request: FastifyRequest,
): PortalSession | null {
  const token = bearer(request);
  return token ? sandboxes.openByToken(token) : null;
}

export function portalSession(sandboxes: SandboxService, request: FastifyRequest): PortalSession {
  // Already opened for this request by the harness hooks (faults, journal, idempotency).
  const resolved = request.harness?.session;
  if (resolved) return resolved;
  const token = bearer(request);
  if (!token) {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Log in with your Cisco.com ID: send Authorization: Bearer <user token>',
    );
  }
  const session = sandboxes.openByToken(token);
  if (!session)
    throw new HttpError(401, 'INVALID_TOKEN', 'The bearer token does not belong to any sandbox user');
  return session;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'global': only ADMIN_TOKEN may call this route, although its path names a sandbox. */
    adminScope?: 'global';
  }
}

/** The sandbox a control-plane route acts on: the {id} of /__admin/sandboxes/{id}[/…]. */
function targetSandbox(request: FastifyRequest): string | null {
  const route = request.routeOptions;
  const url = route.url ?? '';
  const scoped = url === '/__admin/sandboxes/:id' || url.startsWith('/__admin/sandboxes/:id/');
  if (!scoped || route.config.adminScope === 'global') return null;
  return (request.params as { id?: string }).id ?? null;
}

/**
 * The control plane's door. Open when no ADMIN_TOKEN is set (loopback development). Otherwise
 * ADMIN_TOKEN opens every route, and a sandbox's own admin token the routes of that sandbox only.
 */
export function authorizeAdmin(
  adminToken: string | null,
  sandboxes: SandboxService,
  request: FastifyRequest,
): void {
  if (adminToken === null) return;
  const token = bearer(request);
  if (token && sameSecret(token, adminToken)) return;
  const target = targetSandbox(request);
  if (token && target !== null && sandboxes.isAdminTokenOf(target, token)) return;
  const owner = token ? sandboxes.sandboxOfAdminToken(token) : null;
  if (owner === null) {
    throw new HttpError(
      401,
      'ADMIN_UNAUTHORIZED',
      "The control plane needs Authorization: Bearer <ADMIN_TOKEN>, or a sandbox's own admin token for that sandbox",
    );
  }
  throw new HttpError(403, 'ADMIN_FORBIDDEN', `This admin token controls sandbox ${owner} only`, {
    sandbox: owner,
  });
}
