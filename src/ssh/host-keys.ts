import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GENERATORS = {
  ecdsa: () =>
    generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey,
  rsa: () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey,
};

/**
 * The simulated ASAs' SSH host keys (ECDSA P-256 and RSA 2048), generated on first start. Kept in
 * the data folder so clients' known_hosts entries survive a restart; in memory for ':memory:'.
 */
export function loadHostKeys(dataDir: string): string[] {
  return Object.entries(GENERATORS).map(([kind, generate]) => {
    if (dataDir === ':memory:') return generate();
    const path = join(dataDir, `ssh_host_${kind}_key`);
    if (existsSync(path)) return readFileSync(path, 'utf8');
    const key = generate();
    writeFileSync(path, key, { mode: 0o600 });
    return key;
  });
}

/** loadHostKeys at the first call, then the same keys: no key is made before a device needs one. */
export function lazyHostKeys(dataDir: string): () => string[] {
  let keys: string[] | undefined;
  return () => (keys ??= loadHostKeys(dataDir));
}
