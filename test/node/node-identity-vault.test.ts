/**
 * The identity seed under a KeyVault (the desktop app's OS keychain): created sealed, reopened,
 * migrated from a plain key file (browser mode first, desktop after) without changing the party,
 * and refused, with the reason, by a node that has no vault.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { IDENTITY_FILE, loadOrCreateKeys, SEALED_IDENTITY_FILE, type KeyVault } from '../../src/node/node-identity.js';
import { must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

afterEach(removeTempDirs);

/** AES-256-GCM under a key of its own: a stand-in for safeStorage that really hides the seed. */
function fakeVault(key: Uint8Array = randomBytes(32)): KeyVault {
  return {
    async seal(seed) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(seed), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    async open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]));
    },
  };
}

const scheme = createNativeEd25519();

describe('identity seed under a key vault', () => {
  it('is created sealed (0600, no plain copy, the seed not in the file) and reopens to the same party', async () => {
    const dir = tempDir();
    const vault = fakeVault();
    const node = await openNode(dir, { keyVault: vault });
    const created = await must(node, 'identity.create', { name: 'Kingdom of Norland' });
    await node.close();

    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(false);
    const sealed = readFileSync(join(dir, SEALED_IDENTITY_FILE));
    if (process.platform !== 'win32') expect(statSync(join(dir, SEALED_IDENTITY_FILE)).mode & 0o777).toBe(0o600);
    const seed = (await loadOrCreateKeys(dir, scheme, vault)).keys.secretKey;
    expect(sealed.toString('latin1')).not.toContain(toHex(seed));
    expect(sealed.includes(Buffer.from(seed))).toBe(false);

    const reopened = await openNode(dir, { keyVault: vault });
    expect(await must(reopened, 'identity.get', {})).toEqual(created);
    await reopened.close();
  });

  it('seals a plain key found in the directory, then removes the plain file; the party id stays', async () => {
    const dir = tempDir();
    const browserMode = await openNode(dir);
    const before = await must(browserMode, 'identity.create', { name: 'Republic of Testland' });
    await browserMode.close();
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(true);

    const desktop = await openNode(dir, { keyVault: fakeVault() });
    expect(await must(desktop, 'identity.get', {})).toEqual(before);
    await desktop.close();
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(false);
    expect(existsSync(join(dir, SEALED_IDENTITY_FILE))).toBe(true);
  });

  it('is refused by a node without the vault, which says why and makes up no second key', async () => {
    const dir = tempDir();
    await (await openNode(dir, { keyVault: fakeVault() })).close();
    await expect(openNode(dir)).rejects.toThrow("this delegation's key is sealed by the desktop app's OS keychain; run the desktop app");
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(false);
  });

  it('is refused, with the file named, by a vault that cannot open it (another keychain)', async () => {
    const dir = tempDir();
    await loadOrCreateKeys(dir, scheme, fakeVault());
    await expect(loadOrCreateKeys(dir, scheme, fakeVault())).rejects.toThrow(/identity\.sealed could not be unsealed by the OS keychain/);
  });

  it('finishes a migration cut short (both files, one seed) and refuses two different keys', async () => {
    const dir = tempDir();
    const vault = fakeVault();
    const sealed = await loadOrCreateKeys(dir, scheme, vault);
    writeFileSync(join(dir, IDENTITY_FILE), `${toHex(sealed.keys.secretKey)}\n`, { mode: 0o600 });
    expect((await loadOrCreateKeys(dir, scheme, vault)).signer.party).toBe(sealed.signer.party);
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(false);

    writeFileSync(join(dir, IDENTITY_FILE), `${toHex(randomBytes(32))}\n`, { mode: 0o600 });
    await expect(loadOrCreateKeys(dir, scheme, vault)).rejects.toThrow(/hold different keys/);
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(true);
  });

  it('refuses a vault that does not give back what it sealed, before removing the plain key', async () => {
    const dir = tempDir();
    const plain = await loadOrCreateKeys(dir, scheme);
    const liar: KeyVault = { seal: async () => new Uint8Array(40), open: async () => new Uint8Array(32) };
    await expect(loadOrCreateKeys(dir, scheme, liar)).rejects.toThrow(/does not give back the key it sealed/);
    expect((await loadOrCreateKeys(dir, scheme)).signer.party).toBe(plain.signer.party);
    expect(existsSync(join(dir, SEALED_IDENTITY_FILE))).toBe(false);
  });
});
