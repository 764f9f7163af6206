// A stand-in for the 'electron' module, enough to run the built main process (out/main/index.js)
// under plain Node: the desktop smoke test installs it as node_modules/electron next to a build.
// What main registers (IPC handlers, the app protocol, windows) is left on globalThis.fakeElectron
// for the driver; utilityProcess.fork runs the node's entry in a Node child process whose
// parentPort is shimmed (fake-parent-port.mjs). FAKE_KEYCHAIN=none: no OS keychain.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';

const state = { handlers: new Map(), listeners: new Map(), windows: [], protocol: undefined, errors: [], menu: undefined, quit: false, exposed: {} };
/** What main sends to the (first) window, as the preload's ipcRenderer hears it. */
const toRenderer = new EventEmitter();
globalThis.fakeElectron = state;

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  setName() {},
  setPath(name, path) {
    state[`path:${name}`] = path;
  },
  getAppPath: () => process.env.FAKE_APP_PATH,
  getVersion: () => '0.0.0-smoke',
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('before-quit', event);
    if (!event.defaultPrevented) {
      state.quit = true;
      app.emit('quit');
    }
  },
  exit(code) {
    state.exitCode = code;
    app.emit('quit');
  },
});
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    state.schemes = schemes;
  },
  handle(_scheme, handler) {
    state.protocol = handler;
  },
};
export const session = { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const shell = { openExternal: async () => {} };
export const dialog = {
  showErrorBox: (title, message) => state.errors.push({ title, message }),
  showMessageBox: async () => ({ response: 0 }),
};
export const Menu = { buildFromTemplate: (template) => template, setApplicationMenu: (menu) => (state.menu = menu) };
// Reversible, not secret: enough to see that main seals the key through safeStorage.
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => process.env.FAKE_KEYCHAIN !== 'none',
  getSelectedStorageBackend: () => (process.env.FAKE_KEYCHAIN === 'none' ? 'basic_text' : 'gnome_libsecret'),
  encryptStringAsync: async (text) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
  decryptStringAsync: async (buffer) => ({ result: [...buffer.toString().slice('sealed:'.length)].reverse().join(''), shouldReEncrypt: false }),
};
export const ipcMain = {
  handle: (channel, handler) => state.handlers.set(channel, handler),
  on: (channel, listener) => state.listeners.set(channel, listener),
  removeHandler: (channel) => state.handlers.delete(channel),
  off: (channel) => state.listeners.delete(channel),
};

let nextId = 1;
export class BrowserWindow extends EventEmitter {
  static getFocusedWindow() {
    return state.windows[0] ?? null;
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = Object.assign(new EventEmitter(), {
      id: nextId++,
      mainFrame: { processId: 1, routingId: 1, url: 'plenary://app/index.html' },
      sent: [],
      send(channel, ...args) {
        this.sent.push([channel, ...args]);
        toRenderer.emit(channel, { sender: null }, ...structuredClone(args));
      },
      isDestroyed: () => false,
      setWindowOpenHandler(handler) {
        this.openHandler = handler;
      },
    });
    state.windows.push(this);
  }
  once(event, listener) {
    if (event === 'ready-to-show') setImmediate(listener);
    return super.once(event, listener);
  }
  isDestroyed() {
    return false;
  }
  show() {}
  maximize() {}
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  async loadURL(url) {
    this.url = url;
  }
}

// The preload's side, for the first window: what it sends arrives from that window's main frame.
const fromWindow = () => ({ sender: state.windows[0].webContents, senderFrame: state.windows[0].webContents.mainFrame });
export const ipcRenderer = {
  invoke: async (channel, ...args) => structuredClone(await state.handlers.get(channel)(fromWindow(), ...structuredClone(args))),
  send: (channel, ...args) => state.listeners.get(channel)?.(fromWindow(), ...structuredClone(args)),
  on: (channel, listener) => toRenderer.on(channel, listener),
  removeListener: (channel, listener) => toRenderer.removeListener(channel, listener),
};
export const contextBridge = {
  exposeInMainWorld(name, api) {
    state.exposed[name] = api;
  },
};

export const utilityProcess = {
  fork(entry) {
    const child = fork(fileURLToPath(new URL('./fake-parent-port.mjs', import.meta.url)), [entry], { serialization: 'advanced', stdio: 'inherit' });
    const utility = Object.assign(new EventEmitter(), { postMessage: (message) => child.send(message), kill: () => child.kill() });
    child.on('spawn', () => utility.emit('spawn'));
    child.on('message', (message) => utility.emit('message', message));
    child.on('exit', (code) => utility.emit('exit', code ?? 1));
    state.utility = child;
    return utility;
  },
};
