/**
 * Who is signed in to the web portal. The session cookie carries an opaque session ID (signed), which
 * leads here to the user's portal token; the token selects sandbox and user exactly as it does for
 * the API. The trainer cookie records that the
 * control-plane password was given (only asked for when the server has an ADMIN_TOKEN).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { DomainError } from '../../domain/errors.js';
import type { Random } from '../../domain/random.js';
import type { SandboxService } from '../../services/sandboxes.js';
import { sameSecret } from '../auth.js';
import type { PortalSession } from '../auth.js';

export const UI_PREFIX = '/portal';
const SESSION_COOKIE = 'lps_session';
/** The sandbox of the last sign-in: when a session ends (a reset), the sign-in page says so and offers it. */
const SANDBOX_COOKIE = 'lps_sandbox';
const TRAINER_COOKIE = 'lps_trainer';
const TRAINER_VALUE = 'trainer';

const cookieOptions: CookieSerializeOptions = {
  path: UI_PREFIX,
  httpOnly: true,
  sameSite: 'lax',
  signed: true,
};

function signedCookie(request: FastifyRequest, name: string): string | null {
  const raw = request.cookies[name];
  if (!raw) return null;
  const { valid, value } = request.unsignCookie(raw);
  return valid ? value : null;
}

/**
 * Signed-in browsers: the cookie holds a random session ID, never the API token, and the ID leads to
 * the token only here, so signing out (or a restart) makes a copied cookie worthless.
 */
export class PortalSessions {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly random: Random) {}

  open(token: string): string {
    const id = Buffer.from(this.random.bytes(16)).toString('base64url');
    this.tokens.set(id, token);
    // Bounded: the oldest sessions go first once there are more than a classroom could use.
    if (this.tokens.size > MAX_SESSIONS) this.tokens.delete(this.tokens.keys().next().value as string);
    return id;
  }

  tokenOf(id: string): string | null {
    return this.tokens.get(id) ?? null;
  }

  revoke(id: string): void {
    this.tokens.delete(id);
  }
}

const MAX_SESSIONS = 10_000;

/** Secure when the request came over TLS (directly, or by a trusted proxy's X-Forwarded-Proto). */
const optionsFor = (request: FastifyRequest): CookieSerializeOptions => ({
  ...cookieOptions,
  secure: request.protocol === 'https',
});

export function readSession(
  sandboxes: SandboxService,
  sessions: PortalSessions,
  request: FastifyRequest,
): PortalSession | null {
  const id = signedCookie(request, SESSION_COOKIE);
  const token = id ? sessions.tokenOf(id) : null;
  if (!token) return null;
  try {
    return sandboxes.openByToken(token);
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
}

export function startSession(
  sessions: PortalSessions,
  reply: FastifyReply,
  token: string,
  sandboxId: string,
): void {
  reply.setCookie(SESSION_COOKIE, sessions.open(token), optionsFor(reply.request));
  reply.setCookie(SANDBOX_COOKIE, sandboxId, optionsFor(reply.request));
}

/** The sandbox whose session ended without a sign-out (a restart, or its token no longer opens it), or null. */
export function endedSession(request: FastifyRequest): string | null {
  if (request.portal || !request.cookies[SESSION_COOKIE]) return null;
  return signedCookie(request, SANDBOX_COOKIE);
}

export function endSession(sessions: PortalSessions, request: FastifyRequest, reply: FastifyReply): void {
  const id = signedCookie(request, SESSION_COOKIE);
  if (id) sessions.revoke(id);
  reply.clearCookie(SESSION_COOKIE, { path: UI_PREFIX });
  reply.clearCookie(SANDBOX_COOKIE, { path: UI_PREFIX });
}

/** With no ADMIN_TOKEN the control plane is open, and so is the trainer panel. */
export function isTrainer(adminToken: string | null, request: FastifyRequest): boolean {
  return adminToken === null || signedCookie(request, TRAINER_COOKIE) === TRAINER_VALUE;
}

export function startTrainer(adminToken: string | null, reply: FastifyReply, given: string): boolean {
  if (adminToken === null || !sameSecret(given, adminToken)) return false;
  reply.setCookie(TRAINER_COOKIE, TRAINER_VALUE, optionsFor(reply.request));
  return true;
}

export function endTrainer(reply: FastifyReply): void {
  reply.clearCookie(TRAINER_COOKIE, { path: UI_PREFIX });
}

/** Route guard: pages of a signed-in user send everyone else to the sign-in page. */
export async function signedIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.portal) return;
  const ended = endedSession(request);
  return reply.redirect(
    ended ? `${UI_PREFIX}/sign-in?ended=${encodeURIComponent(ended)}` : `${UI_PREFIX}/sign-in`,
    303,
  );
}
