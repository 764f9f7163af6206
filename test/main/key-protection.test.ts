/** The key at rest in the desktop app: the keychain when it really encrypts, else refuse unless told. */
import { describe, expect, it } from 'vitest';
import { keyProtection } from '../../src/main/key-protection.js';

describe('key protection', () => {
  it('uses the keychain when encryption is available (macOS, Windows, Linux with a keyring)', () => {
    expect(keyProtection({ encryptionAvailable: true, allowPlainKey: undefined })).toEqual({ kind: 'keychain' });
    expect(keyProtection({ encryptionAvailable: true, linuxBackend: 'gnome_libsecret', allowPlainKey: '1' })).toEqual({ kind: 'keychain' });
  });

  it('refuses, saying what to do, without a keychain or with Chromium\'s basic_text stand-in', () => {
    for (const status of [
      { encryptionAvailable: false, allowPlainKey: undefined },
      { encryptionAvailable: true, linuxBackend: 'basic_text', allowPlainKey: undefined },
      { encryptionAvailable: true, linuxBackend: 'basic_text', allowPlainKey: 'true' },
    ]) {
      const verdict = keyProtection(status);
      expect(verdict.kind).toBe('refuse');
      expect(verdict.kind === 'refuse' && verdict.message).toContain('PLENARY_ALLOW_PLAIN_KEY=1');
    }
  });

  it('keeps a plain 0600 file only when PLENARY_ALLOW_PLAIN_KEY=1', () => {
    const verdict = keyProtection({ encryptionAvailable: true, linuxBackend: 'basic_text', allowPlainKey: '1' });
    expect(verdict).toMatchObject({ kind: 'plain-file', warning: expect.stringContaining('0600') });
  });
});
