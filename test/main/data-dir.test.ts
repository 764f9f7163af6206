/** The app's data directory per platform, as Electron's userData would be, and PLENARY_DATA. */
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../src/main/data-dir.js';

describe('where the desktop app keeps its data', () => {
  it('follows each platform\'s convention, with the delegation inside', () => {
    expect(appPaths({ platform: 'linux', env: {}, home: '/home/ana' })).toEqual({ userData: '/home/ana/.config/Plenary', delegation: '/home/ana/.config/Plenary/delegation' });
    expect(appPaths({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home: '/home/ana' }).userData).toBe('/xdg/Plenary');
    expect(appPaths({ platform: 'darwin', env: {}, home: '/Users/ana' }).delegation).toBe('/Users/ana/Library/Application Support/Plenary/delegation');
    expect(appPaths({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, home: 'C:\\Users\\ana' })).toEqual({
      userData: 'C:\\Users\\ana\\AppData\\Roaming\\Plenary',
      delegation: 'C:\\Users\\ana\\AppData\\Roaming\\Plenary\\delegation',
    });
    expect(appPaths({ platform: 'win32', env: {}, home: 'C:\\Users\\ana' }).userData).toBe('C:\\Users\\ana\\AppData\\Roaming\\Plenary');
  });

  it('ignores a relative or empty XDG_CONFIG_HOME, and lets PLENARY_DATA replace the directory', () => {
    expect(appPaths({ platform: 'linux', env: { XDG_CONFIG_HOME: 'rel' }, home: '/h' }).userData).toBe('/h/.config/Plenary');
    expect(appPaths({ platform: 'freebsd', env: { XDG_CONFIG_HOME: ' ' }, home: '/h' }).userData).toBe('/h/.config/Plenary');
    expect(appPaths({ platform: 'linux', env: { PLENARY_DATA: '/tmp/second' }, home: '/h' })).toEqual({ userData: '/tmp/second', delegation: '/tmp/second/delegation' });
  });
});
