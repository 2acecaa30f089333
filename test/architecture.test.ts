import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as admin from '../src/http/admin/index.js';
import * as cssm from '../src/http/cssm/index.js';
import * as portal from '../src/http/portal/index.js';
import * as ui from '../src/http/ui/index.js';

const root = new URL('../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? files(path) : [path];
  });
}

const imports = (path: string) =>
  [...readFileSync(join(root, path), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] as string);

describe('Architecture: imports flow http -> services -> domain, never back', () => {
  it('src/domain imports nothing from fastify, better-sqlite3, nodemailer, fs or the other layers', () => {
    for (const file of files('src/domain')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^(fastify|@fastify\/|better-sqlite3|nodemailer|node:fs|fs$|node:http)|\.\.\/(storage|services|http|mail)\//,
        );
      }
    }
  });

  it('services never import http or ssh; storage and mail never import services or http', () => {
    for (const file of files('src/services'))
      for (const spec of imports(file)) expect(spec, file).not.toMatch(/\/(http|ssh)\//);
    for (const file of [...files('src/storage'), ...files('src/mail')]) {
      for (const spec of imports(file)) expect(spec, file).not.toMatch(/\/(services|http)\//);
    }
  });

  it('no Date.now() outside the clock module', () => {
    for (const file of files('src').filter((f) => !f.endsWith('domain/clock.ts'))) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/Date\.now\(\)|new Date\(\)/);
    }
  });

  it('no src file is over 400 lines unless its first lines say why ("Over 400 lines: <reason>")', () => {
    const long = files('src')
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').replace(/\n$/, '').split('\n') }))
      .filter(({ lines }) => lines.length > 400)
      .filter(
        ({ lines }) => !lines.slice(0, 5).some((line) => /^\s*(\/\/|\/?\*+).*Over 400 lines: \S/.test(line)),
      )
      .map(({ file, lines }) => `${file}: ${lines.length} lines`);
    expect(long).toEqual([]);
  });

  it('SQL lives in src/storage', () => {
    for (const file of files('src').filter((f) => !f.startsWith('src/storage'))) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/\.prepare\(|\bdb\.exec\(/);
    }
  });
});

describe('Architecture: HTTP by face, each one encapsulated Fastify plugin', () => {
  it('src/http/{portal,admin,cssm,ui}/index.ts each export their plugin', () => {
    expect(typeof portal.portalApi).toBe('function');
    expect(typeof admin.controlPlane).toBe('function');
    expect(typeof cssm.cssmApi).toBe('function');
    expect(typeof ui.webPortal).toBe('function');
  });

  it('no hook in src/http decides what a request is by matching request.url', () => {
    for (const file of files('src/http')) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(
        /request\.url\.(startsWith|endsWith|includes|match)\(|(test|exec)\(request\.url\)|isPortalUrl/,
      );
    }
  });
});
