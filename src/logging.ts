import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * Fastify's pino logger, every line carrying the request's `reqId`; one line per request at info
 * (http/requests.ts), whose fields pino-pretty leaves out since its message says them. On a terminal (or with
 * LOG_FORMAT=pretty) lines go through pino-pretty; otherwise one JSON object per line, for log
 * collectors and `docker logs`.
 */
export function loggerOptions(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  isTerminal = process.stdout.isTTY === true,
): NonNullable<FastifyServerOptions['logger']> {
  if (config.logLevel === 'silent') return false;
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && isTerminal);
  if (!pretty) return { level: config.logLevel };
  return {
    level: config.logLevel,
    transport: {
      target: 'pino-pretty',
      options: {
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,method,path,status,ms',
        singleLine: true,
      },
    },
  };
}
