/**
 * Command-line flags: declared once per command (name, value, help line), parsed strictly. Any
 * mistake is a UsageError with a sentence for the user; the CLI prints it and exits with code 2.
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  /** Long name without dashes, e.g. "data". */
  readonly name: string;
  /** Placeholder of its value ("DIR"), or undefined for a switch. */
  readonly value?: string;
  readonly help: string;
  readonly required?: boolean;
  readonly repeatable?: boolean;
  readonly short?: string;
}

export interface ParsedFlags {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly switches: ReadonlySet<string>;
  /** Positional arguments (e.g. the FILE of `plenary verify FILE`), at most `maxOperands`. */
  readonly operands: readonly string[];
}

/**
 * Parses `--name value`, `--name=value` and switches; refuses unknown and repeated flags, and
 * positionals beyond `maxOperands` (none unless the command takes some).
 */
export function parseFlags(command: string, argv: readonly string[], specs: readonly FlagSpec[], maxOperands = 0): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short !== undefined).map((s) => [s.short!, s]));
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      spec = byName.get(name);
      if (spec === undefined) throw new UsageError(`unknown option --${name} for "plenary ${command}"`);
    } else if (/^-[A-Za-z]$/.test(arg)) {
      spec = byShort.get(arg.slice(1));
      if (spec === undefined) throw new UsageError(`unknown option ${arg} for "plenary ${command}"`);
    } else if (operands.length < maxOperands) {
      operands.push(arg);
      continue;
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} for "plenary ${command}"`);
    }
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      switches.add(spec.name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${spec.name} needs a value (${spec.value})`);
    const list = values.get(spec.name) ?? [];
    if (list.length > 0 && spec.repeatable !== true) throw new UsageError(`--${spec.name} is given more than once`);
    list.push(value);
    values.set(spec.name, list);
  }
  if (!switches.has('help')) {
    for (const spec of specs) if (spec.required === true && !values.has(spec.name)) throw new UsageError(`--${spec.name} ${spec.value} is required`);
  }
  return { values, switches, operands };
}

/** The options section of a command's help. */
export function describeFlags(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `${s.short !== undefined ? `-${s.short}, ` : ''}--${s.name}${s.value !== undefined ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs.map((s, i) => `  ${left[i]!.padEnd(width)}${s.help}`).join('\n');
}

/** A port: a whole number from 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(text)}`);
  return Number(text);
}

/** A multiaddr to listen on for peers, e.g. /ip4/0.0.0.0/tcp/4001 or /ip4/127.0.0.1/tcp/0/ws. */
export function parseListen(text: string): string {
  if (!/^\/(ip4|ip6|dns4|dns6|dns)\/[^/]+\/tcp\/\d{1,5}(\/ws)?$/.test(text)) {
    throw new UsageError(`--listen must be a multiaddr such as /ip4/0.0.0.0/tcp/4001 (or .../tcp/4002/ws), not ${JSON.stringify(text)}`);
  }
  return text;
}
