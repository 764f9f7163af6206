/**
 * How the desktop app keeps the delegation's key at rest. The OS keychain (Electron's
 * safeStorage) when it really encrypts; otherwise the app refuses to start and says why, unless
 * the user chose a plain key file (PLENARY_ALLOW_PLAIN_KEY=1: mode 0600, as in browser mode).
 * On Linux without a keyring, safeStorage "works" with the basic_text backend, whose key is a
 * constant compiled into Chromium: that is obfuscation, not protection, and counts as unavailable.
 */
export type KeyProtection =
  | { readonly kind: 'keychain' }
  | { readonly kind: 'plain-file'; readonly warning: string }
  | { readonly kind: 'refuse'; readonly title: string; readonly message: string };

export interface KeychainStatus {
  readonly encryptionAvailable: boolean;
  /** Linux only (safeStorage.getSelectedStorageBackend); undefined elsewhere. */
  readonly linuxBackend?: string;
  /** PLENARY_ALLOW_PLAIN_KEY, as found in the environment. */
  readonly allowPlainKey: string | undefined;
}

export function keyProtection(status: KeychainStatus): KeyProtection {
  const weakBackend = status.linuxBackend === 'basic_text' || status.linuxBackend === 'unknown';
  if (status.encryptionAvailable && !weakBackend) return { kind: 'keychain' };
  const why = weakBackend
    ? 'No OS keychain was found (no Secret Service such as GNOME Keyring or KWallet is running), so the delegation\'s private key could not be protected.'
    : 'The OS keychain is not available, so the delegation\'s private key could not be protected.';
  if (status.allowPlainKey === '1') {
    return { kind: 'plain-file', warning: `${why} PLENARY_ALLOW_PLAIN_KEY=1: keeping it in a file only this user can read (mode 0600).` };
  }
  return {
    kind: 'refuse',
    title: 'Plenary cannot protect the delegation\'s key',
    message: `${why}\n\nStart a keychain and try again, or set PLENARY_ALLOW_PLAIN_KEY=1 to keep the key in a file readable only by your user account.`,
  };
}
