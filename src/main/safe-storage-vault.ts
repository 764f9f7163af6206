/**
 * The desktop app's KeyVault: Electron's safeStorage (the OS keychain: macOS Keychain, Windows
 * DPAPI, libsecret or KWallet on Linux) seals the seed's hex. Runs in main only, where
 * safeStorage lives; the node's process asks for it over its port (node-link.ts).
 * The async API keeps a keychain prompt from freezing every window.
 */
import { safeStorage } from 'electron';
import { fromHexString, toHexString } from '../node/api-codec.js';
import type { KeyVault } from '../node/node-identity.js';
import type { KeychainStatus } from './key-protection.js';

export function safeStorageVault(): KeyVault {
  return {
    async seal(seed) {
      return new Uint8Array(await safeStorage.encryptStringAsync(toHexString(seed)));
    },
    async open(sealed) {
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(sealed));
      const seed = fromHexString(result);
      if (seed === undefined || seed.length !== 32) throw new Error('the keychain returned something other than a key');
      return seed;
    },
  };
}

/** What key-protection.ts decides from (call after app 'ready'). */
export async function keychainStatus(env: NodeJS.ProcessEnv): Promise<KeychainStatus> {
  return {
    encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
    allowPlainKey: env.PLENARY_ALLOW_PLAIN_KEY,
  };
}
