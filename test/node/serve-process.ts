/** `plenary serve` as a real child process (through the package's bin launcher), and its bridge. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitForValue } from '../support/wait.js';
import { HttpClient } from './bridge-client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = 'src/cli/bin.mjs';
const children: ChildProcess[] = [];

export interface Run {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  exited(): Promise<number>;
}

export function run(args: readonly string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code: number | undefined;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => stdout.push(...chunk.split('\n').filter((l) => l.length > 0)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter((l) => l.length > 0)));
  child.on('exit', (c, signal) => (code = c ?? (signal === null ? -1 : 128)));
  return { child, stdout, stderr, exited: () => waitForValue(`plenary ${args[0]} to exit`, () => code, { timeoutMs: 20_000 }) };
}

/** `plenary serve`, once it has printed its URL and token. */
export async function serve(dataDir: string, ...extra: string[]) {
  const proc = run(['serve', '--data', dataDir, ...extra]);
  const [url, token] = await waitForValue(
    'the URL and token lines',
    () => {
      const url = proc.stdout.find((l) => l.startsWith('url: '));
      const token = proc.stdout.find((l) => l.startsWith('token: '));
      return url !== undefined && token !== undefined ? [url.slice(5), token.slice(7)] : undefined;
    },
    { timeoutMs: 30_000 },
  );
  return { ...proc, url: url!, token: token!, http: new HttpClient(url!, token!) };
}

export async function stop(p: Run): Promise<number> {
  p.child.kill('SIGTERM');
  return p.exited();
}


/** Kills what is still running (afterEach). */
export function killChildren(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}
