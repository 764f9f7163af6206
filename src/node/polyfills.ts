// Node 20 lacks Promise.withResolvers (libp2p needs it). Electron 45 runs Node 22 and has it.
// Imported once by every Node entry point and by the test setup.
import { WebSocket as WsWebSocket } from 'ws';

if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
// Node 20 also lacks a global WebSocket (Node 22 has one); @libp2p/websockets dials with
// `new WebSocket(uri)`. `ws` implements the same API, except that an 'error' nobody listens to
// (a dial abandoned before its connect failed) is thrown as an uncaught exception, where a
// browser's or Node 22's WebSocket just drops it: the no-op listener restores that.
class BrowserLikeWebSocket extends WsWebSocket {
  constructor(...args: ConstructorParameters<typeof WsWebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}
if (typeof globalThis.WebSocket === 'undefined') {
  Object.defineProperty(globalThis, 'WebSocket', { configurable: true, writable: true, value: BrowserLikeWebSocket });
}

