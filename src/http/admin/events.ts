import type { App, RouteContext } from '../context.js';
import { capacityRefused, errorResponses } from '../errors.js';
import { SandboxParams } from './schemas.js';

const HEARTBEAT_MS = 15_000;
/**
 * What a client that stops reading may leave buffered in the server before it is disconnected: the
 * stream's memory is bounded however many events follow (a client that reconnects gets new ones).
 */
export const MAX_UNREAD_BYTES = 1024 * 1024;

/** Server-sent events per sandbox, for tools and the UI. */
export function eventsRoutes(app: App, ctx: RouteContext): void {
  const open = new Set<() => void>();
  // A stream never ends by itself: close them all, or the server would wait for them on shutdown.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(
    '/sandboxes/:id/events',
    {
      schema: {
        operationId: 'streamEvents',
        tags: ['control plane'],
        security: [{ adminToken: [] }],
        summary: "A server-sent events stream of the sandbox's events",
        description:
          'Events: mail.sent (a message landed in a folder), mail.relayed (SMTP relay status changed), ' +
          'transaction.completed, clock.advanced (any clock move). Each data line is JSON ' +
          '{type, sandboxId, at, data}; at is sandbox clock time. Only events after connecting are sent (no replay); ' +
          'a comment line every 15 s keeps proxies from closing the stream. A client that falls 1 MB behind ' +
          '(stops reading) is disconnected. Streams are capped: past ' +
          'EVENT_STREAMS_PER_SANDBOX open on this sandbox 429 TOO_MANY_EVENT_STREAMS, past EVENT_STREAMS_TOTAL ' +
          'in all 503 SERVER_BUSY (both with Retry-After).',
        params: SandboxParams,
        response: {
          200: {
            description: 'text/event-stream, open until the client leaves',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errorResponses(401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      ctx.sandboxes.open(id);
      const slot = ctx.streams.acquire(id);
      if ('refused' in slot)
        throw capacityRefused(reply, slot.refused, {
          code: 'TOO_MANY_EVENT_STREAMS',
          plural: 'event streams',
          perSandbox: ctx.limits.streamsPerSandbox,
          total: ctx.limits.streamsTotal,
          setting: 'EVENT_STREAMS',
        });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      res.write(': connected\n\n');
      let seq = 0;
      const send = (text: string) => {
        if (res.writableLength > MAX_UNREAD_BYTES) {
          end();
          res.destroy();
        } else res.write(text);
      };
      const unsubscribe = ctx.deps.events.subscribe(id, (event) => {
        send(`id: ${++seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        if (!open.delete(end)) return;
        slot.release();
        unsubscribe();
        clearInterval(heartbeat);
        res.end();
      };
      open.add(end);
      res.once('close', end);
    },
  );
}
