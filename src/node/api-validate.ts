/**
 * Argument checks for the node API: tiny combinators that turn `unknown` (JSON from a browser, a
 * structured clone from a renderer) into typed values, or into one clear sentence naming the
 * field, e.g. "parties[1].weight must be a whole number from 1 to 4294967295".
 *
 * Pure and dependency-free: the renderer imports the contract that uses these.
 */

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Checks `value` found at `path` ('' for the top level). */
export type Check<T> = (value: unknown, path: string) => Checked<T>;

const pass = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** "title", "parties[1].weight", or "the arguments" at the top. */
const named = (path: string): string => (path === '' ? 'the arguments' : path);
const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextOptions {
  /** Longest length in UTF-16 code units (what a JS string's length counts). */
  readonly max: number;
  /** Refuse strings that are empty or only whitespace. */
  readonly nonEmpty?: boolean;
  /** A pattern the whole string must match, with a description of it for the message. */
  readonly pattern?: RegExp;
  readonly patternIs?: string;
}

export function text(options: TextOptions): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') return fail(`${named(path)} must be a string, not ${describe(value)}`);
    if (options.nonEmpty === true && value.trim().length === 0) return fail(`${named(path)} must not be empty`);
    if (value.length > options.max) return fail(`${named(path)} must be at most ${options.max} characters long`);
    if (LONE_SURROGATE.test(value)) return fail(`${named(path)} contains a lone surrogate (not well-formed text)`);
    if (options.pattern !== undefined && !options.pattern.test(value)) {
      return fail(`${named(path)} must be ${options.patternIs ?? `a string matching ${options.pattern}`}, not ${describe(value)}`);
    }
    return pass(value);
  };
}

/** A whole number in [min, max]. */
export function whole(min: number, max: number = Number.MAX_SAFE_INTEGER): Check<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return fail(`${named(path)} must be a whole number ${range}, not ${describe(value)}`);
    }
    return pass(value);
  };
}

export const bool: Check<boolean> = (value, path) =>
  typeof value === 'boolean' ? pass(value) : fail(`${named(path)} must be true or false, not ${describe(value)}`);

/** One of a few strings. */
export function oneOf<const T extends string>(choices: readonly T[]): Check<T> {
  return (value, path) =>
    typeof value === 'string' && (choices as readonly string[]).includes(value)
      ? pass(value as T)
      : fail(`${named(path)} must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, not ${describe(value)}`);
}

export function list<T>(item: Check<T>, options: { readonly max: number; readonly min?: number }): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(`${named(path)} must be a list, not ${describe(value)}`);
    if (value.length > options.max) return fail(`${named(path)} must have at most ${options.max} entries`);
    if (value.length < (options.min ?? 0)) return fail(`${named(path)} must have at least ${options.min} entries`);
    const out: T[] = [];
    for (const [i, entry] of value.entries()) {
      const checked = item(entry, `${path === '' ? 'entry' : path}[${i}]`);
      if (!checked.ok) return checked;
      out.push(checked.value);
    }
    return pass(out);
  };
}

/** Marks a field that may be absent (undefined); null is not absent. */
export interface Optional<T> {
  readonly optional: true;
  readonly check: Check<T>;
}
export const optional = <T>(check: Check<T>): Optional<T> => ({ optional: true, check });

type Field = Check<unknown> | Optional<unknown>;
type Shape = Record<string, Field>;
type Required<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? never : K]: S[K] extends Check<infer T> ? T : never };
type Optionals<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Optional<infer T> ? T : never };
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<Required<S> & Optionals<S>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** An object with exactly these fields (unknown fields are refused: they are usually typos). */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(`${named(path)} must be an object, not ${describe(value)}`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) {
        const known = Object.keys(shape);
        const hint = known.length === 0 ? 'none are expected' : `expected ${known.join(', ')}`;
        return fail(`${named(path)}: unknown field "${key}" (${hint})`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const at = path === '' ? key : `${path}.${key}`;
      const present = value[key] !== undefined;
      if ('optional' in field) {
        if (!present) continue;
        const checked = field.check(value[key], at);
        if (!checked.ok) return checked;
        out[key] = checked.value;
      } else {
        if (!present) return fail(`${at} is missing`);
        const checked = field(value[key], at);
        if (!checked.ok) return checked;
        out[key] = checked.value;
      }
    }
    return pass(out as ObjectOf<S>);
  };
}

/**
 * A tagged union: `kind` picks the variant. Variants are object checks that include their own
 * `kind` field (as `oneOf([...])`).
 */
export function variant<M extends Record<string, Check<unknown>>>(tag: string, variants: M): Check<M[keyof M] extends Check<infer T> ? T : never> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(`${named(path)} must be an object, not ${describe(value)}`);
    const kind = value[tag];
    const at = path === '' ? tag : `${path}.${tag}`;
    if (typeof kind !== 'string' || !Object.hasOwn(variants, kind)) {
      return fail(`${at} must be one of ${Object.keys(variants).map((k) => JSON.stringify(k)).join(', ')}, not ${describe(kind)}`);
    }
    return variants[kind]!(value, path) as Checked<M[keyof M] extends Check<infer T> ? T : never>;
  };
}

/** Either of two checks; the message names what was expected. */
export function either<A, B>(a: Check<A>, b: Check<B>, expected: string): Check<A | B> {
  return (value, path) => {
    const first = a(value, path);
    if (first.ok) return first;
    const second = b(value, path);
    if (second.ok) return second;
    return fail(`${named(path)} must be ${expected}`);
  };
}

export const literal = <const T extends string>(only: T): Check<T> => oneOf([only]);

/** Exactly this number (a message version, say). */
export const exactly =
  <const T extends number>(only: T): Check<T> =>
  (value, path) =>
    value === only ? pass(only) : fail(`${named(path)} must be ${only}, not ${describe(value)}`);

/** Anything at all: the value is checked later, by whoever knows its shape. */
export const anything: Check<unknown> = (value) => pass(value);

/** Further conditions on an already checked value. */
export function refine<T>(check: Check<T>, condition: (value: T) => string | undefined): Check<T> {
  return (value, path) => {
    const checked = check(value, path);
    if (!checked.ok) return checked;
    const problem = condition(checked.value);
    return problem === undefined ? checked : fail(`${named(path)} ${problem}`);
  };
}
