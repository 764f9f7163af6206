/**
 * The delegation's identity on a headless node: its ed25519 seed in `<dataDir>/identity.key`
 * (hex, mode 0600, created on first run; the Electron app will keep it under safeStorage
 * instead), and its name in the store's meta (set once, by identity.create).
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHex, toHex, utf8 } from '../core/bytes.js';
import { createSigner, fingerprintOf, type KeyPair, type SignatureScheme, type Signer } from '../core/identity.js';
import type { RoomOpener } from '../core/ledger/keyring.js';
import type { PlenaryStore } from '../store/index.js';
import type { IdentityView } from './api-types.js';

export const IDENTITY_FILE = 'identity.key';
const NAME_KEY = 'identity/name';

export interface NodeIdentity {
  readonly keys: KeyPair;
  readonly signer: Signer;
  /** What the node opens sealed room keys with. */
  readonly opener: RoomOpener;
  readonly fingerprint: string;
}

/** Reads the seed, or creates it on first run (never overwriting: 'wx'). */
export async function loadOrCreateKeys(dataDir: string, scheme: SignatureScheme): Promise<NodeIdentity> {
  const path = join(dataDir, IDENTITY_FILE);
  let seed: Uint8Array;
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      seed = new Uint8Array(randomBytes(32));
      await file.writeFile(`${toHex(seed)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const hex = (await readFile(path, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} does not hold an identity seed (64 hex digits)`);
    seed = fromHex(hex);
    // A seed others can read is a seed others may have: narrow it, as ssh insists on.
    if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  }
  const keys: KeyPair = { secretKey: seed, publicKey: scheme.publicKeyOf(seed) };
  const signer = createSigner(keys, scheme);
  return {
    keys,
    signer,
    opener: { secretKey: keys.secretKey, party: { id: signer.party, publicKey: keys.publicKey } },
    fingerprint: fingerprintOf(keys.publicKey),
  };
}

export async function loadName(store: PlenaryStore): Promise<string | null> {
  const bytes = await store.getMeta(NAME_KEY);
  return bytes === undefined ? null : new TextDecoder().decode(bytes);
}

export async function saveName(store: PlenaryStore, name: string): Promise<void> {
  await store.putMeta(NAME_KEY, utf8(name));
}

export function identityView(identity: NodeIdentity, name: string | null): IdentityView {
  return { party: identity.signer.party, name, publicKey: toHex(identity.keys.publicKey), fingerprint: identity.fingerprint };
}
