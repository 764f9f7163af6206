// Node 20 lacks what libp2p and browsers assume; polyfill once, as the Node entry points do.
import '../../src/node/polyfills.js';
