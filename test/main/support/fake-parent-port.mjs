// Runs a utility-process entry under Node's child_process.fork with Electron's parentPort shape:
// { on('message', ({ data }) => ...), postMessage(data) }; like Electron's, it queues messages
// until a listener is registered.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
const queued = [];
port.postMessage = (message) => process.send(message);
port.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => queued.splice(0).forEach((data) => port.emit('message', { data })));
});
process.on('message', (data) => (port.listenerCount('message') > 0 ? port.emit('message', { data }) : queued.push(data)));
process.parentPort = port;
// Electron ends a utility process with its main process; so does this stand-in.
process.on('disconnect', () => process.exit(1));
await import(process.argv[2]);
