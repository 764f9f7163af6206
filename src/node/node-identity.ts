/**
 * The delegation's identity: its ed25519 seed and its name (in the store's meta, set once, by
 * identity.create).
 *
 * The seed at rest, one of two ways:
 * - headless (`plenary serve`): `<dataDir>/identity.key`, hex, mode 0600, as ssh keeps its keys;
 * - with a KeyVault (the desktop app: Electron's safeStorage, the OS keychain): only sealed, in
 *   `<dataDir>/identity.sealed` (mode 0600). A plain key found there is sealed and then removed,
 *   so a delegation started in browser mode keeps its party id when the desktop app takes over.
 * A sealed key cannot be opened without its vault: the headless node says so instead of making
 * up a second identity next to it.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { equalBytes, fromHex, toHex, utf8 } from '../core/bytes.js';
import { createSigner, fingerprintOf, type KeyPair, type SignatureScheme, type Signer } from '../core/identity.js';
import type { RoomOpener } from '../core/ledger/keyring.js';
import type { PlenaryStore } from '../store/index.js';
import type { IdentityView } from './api-types.js';

export const IDENTITY_FILE = 'identity.key';
export const SEALED_IDENTITY_FILE = 'identity.sealed';
const NAME_KEY = 'identity/name';
const SEED_BYTES = 32;

export const SEALED_WITHOUT_VAULT =
  "this delegation's key is sealed by the desktop app's OS keychain; run the desktop app (browser mode cannot open it)";

/** Keeps the seed sealed at rest (the desktop app: the OS keychain through Electron's safeStorage). */
export interface KeyVault {
  seal(seed: Uint8Array): Promise<Uint8Array>;
  open(sealed: Uint8Array): Promise<Uint8Array>;
}

export interface NodeIdentity {
  readonly keys: KeyPair;
  readonly signer: Signer;
  /** What the node opens sealed room keys with. */
  readonly opener: RoomOpener;
  readonly fingerprint: string;
}

/** Reads the seed, or creates it on first run (never overwriting an existing key). */
export async function loadOrCreateKeys(dataDir: string, scheme: SignatureScheme, vault?: KeyVault): Promise<NodeIdentity> {
  const seed = vault === undefined ? await plainSeed(dataDir) : await sealedSeed(dataDir, vault);
  const keys: KeyPair = { secretKey: seed, publicKey: scheme.publicKeyOf(seed) };
  const signer = createSigner(keys, scheme);
  return {
    keys,
    signer,
    opener: { secretKey: keys.secretKey, party: { id: signer.party, publicKey: keys.publicKey } },
    fingerprint: fingerprintOf(keys.publicKey),
  };
}

async function plainSeed(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, IDENTITY_FILE);
  const plain = await readPlain(path);
  if (plain !== undefined) return plain;
  // Checked before creating: a fresh plain key beside a sealed one would be a second delegation.
  if (await exists(join(dataDir, SEALED_IDENTITY_FILE))) throw new Error(SEALED_WITHOUT_VAULT);
  const seed = new Uint8Array(randomBytes(SEED_BYTES));
  if (await createExclusive(path, utf8(`${toHex(seed)}\n`))) return seed;
  return (await readPlain(path))!; // another process created it meanwhile: theirs stands
}

async function sealedSeed(dataDir: string, vault: KeyVault): Promise<Uint8Array> {
  const sealedPath = join(dataDir, SEALED_IDENTITY_FILE);
  const plainPath = join(dataDir, IDENTITY_FILE);
  const sealed = await readIfExists(sealedPath);
  const plain = await readPlain(plainPath);
  if (sealed !== undefined) {
    await narrow(sealedPath);
    const seed = await openSealed(vault, sealed, sealedPath);
    if (plain !== undefined) {
      // A migration interrupted between sealing and removing: the same seed may go.
      if (!equalBytes(plain, seed)) throw new Error(`${plainPath} and ${sealedPath} hold different keys: keep the one of this delegation and move the other away`);
      await rm(plainPath);
    }
    return seed;
  }
  const seed = plain ?? new Uint8Array(randomBytes(SEED_BYTES));
  const sealedNow = await vault.seal(seed);
  // The plain copy goes only once the sealed one is on disk and opens to the same seed.
  if (!equalBytes(await openSealed(vault, sealedNow, sealedPath), seed)) throw new Error('the key vault does not give back the key it sealed');
  if (plain !== undefined) {
    await writeAtomically(sealedPath, sealedNow);
    await rm(plainPath);
    return seed;
  }
  if (await createExclusive(sealedPath, sealedNow)) return seed;
  return openSealed(vault, (await readIfExists(sealedPath))!, sealedPath);
}

async function openSealed(vault: KeyVault, sealed: Uint8Array, path: string): Promise<Uint8Array> {
  let seed: Uint8Array;
  try {
    seed = await vault.open(sealed);
  } catch (e) {
    throw new Error(`${path} could not be unsealed by the OS keychain: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) throw new Error(`${path} does not unseal to an identity seed (${SEED_BYTES} bytes)`);
  return seed;
}

/** The plain seed, or undefined when there is no plain key file. */
async function readPlain(path: string): Promise<Uint8Array | undefined> {
  const bytes = await readIfExists(path);
  if (bytes === undefined) return undefined;
  const hex = new TextDecoder().decode(bytes).trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} does not hold an identity seed (64 hex digits)`);
  await narrow(path);
  return fromHex(hex);
}

/** A key others can read is a key others may have: narrow it, as ssh insists on. */
async function narrow(path: string): Promise<void> {
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function exists(path: string): Promise<boolean> {
  return (await readIfExists(path)) !== undefined;
}

/** Writes a new file (0600, synced); false when it already exists ('wx': never overwrites). */
async function createExclusive(path: string, bytes: Uint8Array): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  return true;
}

/** Write, sync, rename: a crash leaves the old state or the new file, never half of one. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.tmp`;
  await rm(temporary, { force: true });
  if (!(await createExclusive(temporary, bytes))) throw new Error(`${temporary} is in the way`);
  await rename(temporary, path);
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
