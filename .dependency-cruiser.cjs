/**
 * The architecture, executable: `npm run lint` (part of `npm test`) fails when a boundary is crossed.
 * See DESIGN.md: core is pure; store and p2p are Node; renderer is DOM; only main and preload see Electron.
 */
const NODE_BUILTIN = ['core'];
const FORBIDDEN_IN_CORE = '(^|/)node_modules/(electron|react|react-dom|libp2p|@libp2p|@chainsafe|classic-level|level|y-leveldb|ws)/';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      comment: 'src/core runs anywhere: no Node built-ins, no I/O libraries, no UI, no network.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: NODE_BUILTIN },
    },
    {
      name: 'core-imports-no-io-or-ui',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: [FORBIDDEN_IN_CORE, '^src/(store|p2p|node|main|preload|renderer|cli)/'] },
    },
    {
      name: 'store-and-p2p-are-independent-node-layers',
      comment: 'store and p2p depend on core only; the node composes them.',
      severity: 'error',
      from: { path: '^src/(store|p2p)/' },
      to: { path: '^src/(node|main|preload|renderer|cli)/' },
    },
    {
      name: 'store-has-no-network',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: ['^src/p2p/', '(^|/)node_modules/(libp2p|@libp2p|@chainsafe)/'] },
    },
    {
      name: 'p2p-has-no-storage',
      severity: 'error',
      from: { path: '^src/p2p/' },
      to: { path: ['^src/store/', '(^|/)node_modules/(classic-level|level|y-leveldb)/'] },
    },
    {
      name: 'node-knows-no-ui',
      severity: 'error',
      from: { path: '^src/(node|cli)/' },
      to: { path: '^src/(main|preload|renderer)/' },
    },
    {
      name: 'electron-only-in-main-and-preload',
      severity: 'error',
      from: { pathNot: '^src/(main|preload)/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'react-only-in-renderer',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/renderer/' },
      to: { path: '(^|/)node_modules/(react|react-dom)/' },
    },
    {
      name: 'renderer-sees-only-the-api',
      comment: 'The renderer is untrusted UI: it holds a Y.Doc replica and talks to the node API, nothing else.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: {
        path: ['^src/(core|store|p2p|main|preload|cli)/', '(^|/)node_modules/(electron|libp2p|@libp2p|classic-level)/'],
      },
    },
    {
      name: 'renderer-sees-only-the-api-contract',
      comment: 'Of the node, the renderer sees the API contract (src/node/api*.ts) and nothing else.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/node/', pathNot: '^src/node/api[^/]*\\.ts$' },
    },
    {
      name: 'api-contract-is-pure',
      comment: 'The contract is imported by the renderer: plain types, checks and codecs, nothing else.',
      severity: 'error',
      from: { path: '^src/node/api[^/]*\\.ts$' },
      to: { dependencyTypesNot: ['type-only'], path: ['^src/', '(^|/)node_modules/'], pathNot: '^src/node/api[^/]*\\.ts$' },
    },
    {
      name: 'api-contract-has-no-node-builtins',
      severity: 'error',
      from: { path: '^src/node/api[^/]*\\.ts$' },
      to: { dependencyTypes: NODE_BUILTIN },
    },
    {
      name: 'renderer-has-no-node-builtins',
      severity: 'error',
      from: { path: '^src/(renderer|preload)/' },
      to: { dependencyTypes: NODE_BUILTIN },
    },
    {
      name: 'one-file-imports-libp2p',
      comment: 'Services take narrow interfaces; only the node factory sees the concrete libp2p.',
      severity: 'error',
      from: { pathNot: '^src/p2p/libp2p-host\\.ts$' },
      to: { path: '(^|/)node_modules/libp2p/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
