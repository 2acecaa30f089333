import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxService } from '../services/sandboxes.js';
import type { Sandbox } from '../services/sandbox.js';
import type { UserRow } from '../storage/sandbox-store.js';
import { HttpError } from './errors.js';

export interface PortalSession {
  sandbox: Sandbox;
  user: UserRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The portal user the bearer token belongs to, once checked. */
    portal: PortalSession | null;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/** Compares digests so the time taken says nothing about how much of the token matched. */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/**
 * Every portal call (/api/v1) needs a user's bearer token, checked before the request's body is
 * read or validated: without one the answer is 401, whatever else is wrong with the request.
 */
export function installPortalAuth(app: FastifyInstance, sandboxes: SandboxService): void {
  app.decorateRequest('portal', null);
  app.addHook('onRequest', async (request) => {
    if (!request.is404 && request.url.startsWith('/api/v1/')) portalSession(sandboxes, request);
  });
}

/** The session of a portal call (found once per request). */
export function portalSession(sandboxes: SandboxService, request: FastifyRequest): PortalSession {
  request.portal ??= findSession(sandboxes, request);
  return request.portal;
}

function findSession(sandboxes: SandboxService, request: FastifyRequest): PortalSession {
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

export function requireAdmin(adminToken: string | null, request: FastifyRequest): void {
  if (adminToken === null) return;
  const token = bearer(request);
  if (!token || !sameSecret(token, adminToken)) {
    throw new HttpError(
      401,
      'ADMIN_UNAUTHORIZED',
      'The control plane needs Authorization: Bearer <ADMIN_TOKEN>',
    );
  }
}
