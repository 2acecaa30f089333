import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxService } from '../services/sandboxes.js';
import type { Sandbox } from '../services/sandbox.js';
import type { UserRow } from '../storage/users.js';
import { HttpError } from './errors.js';

export interface PortalSession {
  sandbox: Sandbox;
  user: UserRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The portal user the bearer token belongs to, once found. */
    apiSession: PortalSession | null;
  }
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

/** The session a valid bearer token opens (found once per request), or null. */
export function resolvePortalSession(
  sandboxes: SandboxService,
  request: FastifyRequest,
): PortalSession | null {
  if (request.apiSession) return request.apiSession;
  const token = bearer(request);
  request.apiSession = token ? sandboxes.openByToken(token) : null;
  return request.apiSession;
}

/**
 * Keeps the request's sandbox handle open until its answer has gone (or the client left): the handle
 * cache may not close it under a request whose body is still arriving. Reset and delete still do.
 */
export function holdUntilAnswered(
  sandboxes: SandboxService,
  reply: FastifyReply,
  sandbox: Sandbox | undefined,
): void {
  if (sandbox) reply.raw.once('close', sandboxes.lease(sandbox));
}

/** The session of a portal call; 401 without a token or with one no sandbox user holds. */
export function portalSession(sandboxes: SandboxService, request: FastifyRequest): PortalSession {
  const session = resolvePortalSession(sandboxes, request);
  if (session) return session;
  const token = bearer(request);
  if (!token) {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Log in with your Cisco.com ID: send Authorization: Bearer <user token>',
    );
  }
  throw new HttpError(401, 'INVALID_TOKEN', 'The bearer token does not belong to any sandbox user');
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'global': only ADMIN_TOKEN may call this route, although its path names a sandbox. */
    adminScope?: 'global';
  }
}

/**
 * The sandbox a control-plane route acts on: the {id} of the matched route (every one of them is
 * /__admin/sandboxes/{id}[/…]); none for the routes without it, the global ones and unknown paths.
 */
function targetSandbox(request: FastifyRequest): string | null {
  if (request.is404 || request.routeOptions.config.adminScope === 'global') return null;
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
