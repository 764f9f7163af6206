/**
 * `plenary`: the headless entry point. `plenary serve` runs a delegation node with its API bridge
 * on 127.0.0.1, serves the built UI there (browser mode) and prints, on stdout, two lines, and a
 * third when it serves the UI (then nothing else):
 *   url: http://127.0.0.1:PORT/
 *   token: TOKEN
 *   ui: http://127.0.0.1:PORT/#token=TOKEN
 * Everything else goes to stderr. Exit codes: 0 done, 1 could not run, 2 bad usage.
 * `plenary verify FILE` checks a dossier offline (verify-command.ts); `plenary print FILE` makes
 * a printable PDF of an adopted text from a verified dossier (print-command.ts).
 * Run through src/cli/bin.mjs (the package's `bin`), or `npx tsx src/cli/plenary.ts`.
 */
import '../node/polyfills.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStoreError } from '../store/index.js';
import { API_VERSION } from '../node/api.js';
import { Bridge } from '../node/bridge.js';
import { DelegationNode } from '../node/delegation-node.js';
import { isUiBuilt, serveUiFiles, type UiHandler } from '../node/ui-files.js';
import { createLibp2pNetwork } from '../p2p/libp2p-host.js';
import { UsageError, describeFlags, parseFlags, parseListen, parsePort, type FlagSpec } from './args.js';
import { parseAsOf, runVerify } from './verify-command.js';
import { parseHeight, runPrint } from './print-command.js';

const VERSION = '0.1.0';
/** The built UI (`npm run build`), next to the package: this file is src/cli/plenary.ts. */
const DEFAULT_UI_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** Placeholders of required positional arguments, e.g. ['FILE']. */
  readonly operands?: readonly string[];
  readonly details: string;
  run(flags: ReturnType<typeof parseFlags>, io: Io): Promise<number>;
}

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', help: 'Explain this command and exit.' };

const serve: CliCommand = {
  summary: 'Run a delegation node with its API bridge on 127.0.0.1; print its URL and token.',
  usage: 'plenary serve --data DIR [--port N] [--listen ADDR]... [--name NAME] [--mdns] [--ui DIR]',
  flags: [
    { name: 'data', value: 'DIR', required: true, help: "The node's data directory (identity key, store); created if missing." },
    { name: 'port', value: 'N', help: "The bridge's port on 127.0.0.1; 0 or absent: any free port." },
    { name: 'listen', value: 'ADDR', repeatable: true, help: 'A multiaddr to listen on for peers, e.g. /ip4/0.0.0.0/tcp/4001 (repeatable).' },
    { name: 'name', value: 'NAME', help: "On first run, the delegation's name (as the identity.create command)." },
    { name: 'mdns', help: 'Find delegations on the LAN by multicast DNS (a conference hall). Off by default.' },
    { name: 'ui', value: 'DIR', help: 'The built UI to serve (default: dist/renderer of this package, made by npm run build).' },
    HELP_FLAG,
  ],
  details: [
    'Prints two lines on stdout, a third when it serves the UI, then serves until interrupted',
    '(SIGINT or SIGTERM):',
    '  url: http://127.0.0.1:PORT/',
    '  token: TOKEN',
    '  ui: http://127.0.0.1:PORT/#token=TOKEN',
    'The token is a fresh secret, printed once: every API call needs it (docs/api.md:',
    '"Authorization: Bearer TOKEN" over HTTP, the first message over the WebSocket).',
    'Open the ui: address in a browser for the negotiation room (browser mode): the token',
    'travels in the fragment, which the browser never sends to a server. Without a built UI',
    '(npm run build) the node serves its API only and says so on stderr.',
    'The bridge listens on 127.0.0.1 only. Several nodes run side by side with distinct',
    '--data directories and ports. A data directory is used by one node at a time.',
    'The peer-to-peer network (libp2p, its peer id from the delegation key) listens on the',
    '--listen multiaddrs, by default /ip4/127.0.0.1/tcp/0 and /ip4/127.0.0.1/tcp/0/ws (any free',
    'port, this machine only: give /ip4/0.0.0.0/tcp/4001 to be reachable on a LAN). Nodes find',
    "each other through invitation codes, which carry the inviter's addresses; --mdns adds",
    'multicast discovery on the LAN.',
  ].join('\n'),
  async run(flags, io) {
    const dataDir = flags.values.get('data')![0]!;
    const port = parsePort(flags.values.get('port')?.[0] ?? '0');
    const listen = (flags.values.get('listen') ?? []).map(parseListen);
    const name = flags.values.get('name')?.[0];
    const uiDir = flags.values.get('ui')?.[0] ?? DEFAULT_UI_DIR;
    let ui: UiHandler | undefined;
    if (isUiBuilt(uiDir)) ui = serveUiFiles(uiDir);
    else io.err(`plenary: the UI is not built: run npm run build (no index.html in ${uiDir}); serving the API only`);
    let node: DelegationNode;
    try {
      node = await DelegationNode.open({
        dataDir,
        network: (seed) => createLibp2pNetwork({ seed, listen: listen.length > 0 ? listen : undefined, mdns: flags.switches.has('mdns') }),
      });
    } catch (e) {
      if (isStoreError(e, 'locked')) io.err(`plenary: the data directory ${dataDir} is in use by another node`);
      else io.err(`plenary: cannot open the node in ${dataDir}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    for (const [negotiation, why] of node.unopened) io.err(`plenary: negotiation ${negotiation} did not open: ${why}`);
    const current = node.identityView().name;
    if (name !== undefined && current !== null && current !== name) io.err(`plenary: --name ignored: this delegation is already named "${current}"`);
    if (name !== undefined && current === null) {
      const named = await node.call('identity.create', { name });
      if (!named.ok) {
        io.err(`plenary: --name: ${named.error.message}`);
        await node.close();
        return 2;
      }
    }
    let bridge: Bridge;
    try {
      bridge = await Bridge.start({ node, port, ui });
    } catch (e) {
      io.err(`plenary: cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
      await node.close();
      return 1;
    }
    io.err(`plenary: peer-to-peer on ${node.network?.addresses().join(' ') ?? '(none)'}`);
    io.err(`plenary: delegation ${node.identityView().fingerprint} (${node.identityView().name ?? 'not yet named'}), data in ${dataDir}`);
    io.out(`url: ${bridge.url}`);
    io.out(`token: ${bridge.token}`);
    if (ui !== undefined) io.out(`ui: ${bridge.url}#token=${bridge.token}`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await bridge.close();
    await node.close();
    io.err('plenary: stopped');
    return 0;
  },
};

const verify: CliCommand = {
  summary: 'Check a dossier offline: every hash, signature and rule; print the treaty\'s state.',
  usage: 'plenary verify FILE [--json] [--as-of YYYY-MM-DD]',
  operands: ['FILE'],
  flags: [
    { name: 'json', help: 'Print the report (or the failure) as JSON, for machines.' },
    { name: 'as-of', value: 'YYYY-MM-DD', help: 'Judge whether the treaty is in force on this day (default: today, UTC).' },
    HELP_FLAG,
  ],
  details: [
    'Reads the dossier FILE (exported by a delegation) and checks it with nothing else: no',
    'network, no data directory, no trust in whoever exported it. It checks the charter and the',
    "convenor's signature, every block of the ledger and every vote in it against the charter's",
    'rules, every adopted text against its hash, every act (signature, ratification,',
    'reservation...) against its party\'s key and the rules for acts, and the evidence of any',
    'equivocation; then it prints the treaty: its parties with their key fingerprints, each',
    'adopted version with its hashes and languages, who initialled, signed, ratified or acceded',
    'and when, reservations and objections, and since when it is in force and by which act.',
    'Exit codes: 0 verified; 1 not verified (the first thing that fails is named) or the file',
    'cannot be read; 2 bad usage.',
  ].join('\n'),
  run(flags, io) {
    return Promise.resolve(runVerify(flags.operands[0]!, { json: flags.switches.has('json'), asOf: parseAsOf(flags.values.get('as-of')?.[0]) }, io));
  },
};

const print: CliCommand = {
  summary: 'Make a printable PDF of an adopted text with its signature page, from a verified dossier.',
  usage: 'plenary print FILE --out FILE.pdf [--version HEIGHT] [--language LANG]',
  operands: ['FILE'],
  flags: [
    { name: 'out', value: 'FILE.pdf', required: true, help: 'Where to write the PDF (overwritten).' },
    { name: 'version', value: 'HEIGHT', help: 'The adopted version by its block height (default: the last adopted).' },
    { name: 'language', value: 'LANG', help: 'Print one of its authentic texts in another language, e.g. fr (default: the text as adopted).' },
    { name: 'as-of', value: 'YYYY-MM-DD', help: 'Judge whether the treaty is in force on this day (default: today, UTC).' },
    HELP_FLAG,
  ],
  details: [
    'Verifies the dossier FILE first, as plenary verify does, and refuses to print one that fails.',
    'The PDF holds the text (articles and numbered paragraphs, [brackets] in bold, page numbers),',
    'then a signature page: each party with its key fingerprint, the dates of its signature and',
    'ratification, its reservations and objections, whether and since when the treaty is in force,',
    'and the negotiation id, the block hash, the text hash and the dossier hash. The same dossier',
    'and --as-of day print the same bytes (the creation date is the day of adoption).',
  ].join('\n'),
  run(flags, io) {
    const value = (name: string): string | undefined => flags.values.get(name)?.[0];
    return runPrint(flags.operands[0]!, { out: value('out')!, height: parseHeight(value('version')), language: value('language'), asOf: parseAsOf(value('as-of')) }, io);
  },
};

const COMMANDS: Record<string, CliCommand> = { serve, verify, print };

/** The command of that name; own properties only, so `help toString` is no command. */
const commandNamed = (name: string): CliCommand | undefined => (Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined);

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    `plenary ${VERSION}: a Plenary delegation node, headless (API v${API_VERSION}).`,
    '',
    'Usage:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '  plenary help [COMMAND]',
    '  plenary --version',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}Explain a command.`,
    '',
    'Run "plenary COMMAND --help" for its options. The API it serves: docs/api.md.',
  ].join('\n');
}

function commandHelp(name: string, command: CliCommand): string {
  return [`plenary ${name}: ${command.summary}`, '', `Usage: ${command.usage}`, '', 'Options:', describeFlags(command.flags), '', command.details].join('\n');
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(generalHelp());
      return 2;
    }
    if (first === '--help' || first === '-h') {
      io.out(generalHelp());
      return 0;
    }
    if (first === '--version') {
      io.out(VERSION);
      return 0;
    }
    if (first === 'help') {
      if (rest.length === 0) {
        io.out(generalHelp());
        return 0;
      }
      const command = commandNamed(rest[0]!);
      if (command === undefined || rest.length > 1) throw new UsageError(`no command ${JSON.stringify(rest.join(' '))}`);
      io.out(commandHelp(rest[0]!, command));
      return 0;
    }
    const command = commandNamed(first);
    if (command === undefined) throw new UsageError(`no command ${JSON.stringify(first)}`);
    const operands = command.operands ?? [];
    const flags = parseFlags(first, rest, command.flags, operands.length);
    if (flags.switches.has('help')) {
      io.out(commandHelp(first, command));
      return 0;
    }
    if (flags.operands.length < operands.length) throw new UsageError(`"plenary ${first}" needs ${operands.slice(flags.operands.length).join(' ')}`);
    return await command.run(flags, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`plenary: ${e.message}`);
    io.err('Run "plenary --help" for usage.');
    return 2;
  }
}

/** Runs the CLI on this process's arguments and exits with its code. */
export function runCli(): void {
  main(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (code) => exit(code),
    (e: unknown) => {
      process.stderr.write(`plenary: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      exit(1);
    },
  );
}

/** Lets the event loop drain (stdout, the store), but never hangs on a forgotten handle. */
function exit(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

// `npx tsx src/cli/plenary.ts ...` runs it directly; bin.mjs calls runCli itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) runCli();
