import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file.js';

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

/** Why a key file cannot be used, or null when it holds a private key. */
function unusable(text: string): string | null {
  if (text.trim() === '') return 'is empty';
  try {
    createPrivateKey(text);
    return null;
  } catch {
    return 'is not a private key';
  }
}

/**
 * The simulated ASAs' SSH host keys (ECDSA P-256 and RSA 2048), generated on first start. Kept in
 * the data folder so clients' known_hosts entries survive a restart; in memory for ':memory:'.
 * Written atomically; a file a machine crash left empty or damaged is replaced by a new key (clients
 * then see a changed host key, which `warn` reports), since a broken key would stop SSH altogether.
 */
export function loadHostKeys(dataDir: string, warn: (message: string) => void = () => undefined): string[] {
  return Object.entries(GENERATORS).map(([kind, generate]) => {
    if (dataDir === ':memory:') return generate();
    const path = join(dataDir, `ssh_host_${kind}_key`);
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      const problem = unusable(text);
      if (problem === null) return text;
      warn(`SSH host key ${path} ${problem}: replaced with a new key (clients will see a changed host key)`);
    }
    const key = generate();
    writeFileAtomic(path, key, 0o600);
    return key;
  });
}

/** loadHostKeys at the first call, then the same keys: no key is made before a device needs one. */
export function lazyHostKeys(
  dataDir: string,
  warn: (message: string) => void = () => undefined,
): () => string[] {
  let keys: string[] | undefined;
  return () => (keys ??= loadHostKeys(dataDir, warn));
}
