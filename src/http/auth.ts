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

function bearer(request: FastifyRequest): string | null {
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

export function portalSession(sandboxes: SandboxService, request: FastifyRequest): PortalSession {
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
