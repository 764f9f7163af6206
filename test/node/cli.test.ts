/**
 * The CLI as users and test suites run it: `plenary serve` as real child processes (through the
 * package's bin launcher), driven only through the bridge it prints; the UI served when built, the
 * API alone when not; two side by side; a stop and restart keeping everything; usage mistakes exit
 * with code 2 and a clear sentence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/plenary.js';
import { SocketClient } from './bridge-client.js';
import { killChildren, run, serve, stop } from './serve-process.js';
import { removeTempDirs, tempDir } from './node-fixtures.js';
import { waitFor } from '../support/wait.js';

afterEach(() => {
  killChildren();
  removeTempDirs();
});

describe('plenary serve', () => {
  it('prints exactly its URL, token and UI address, serves the API and the UI, and two nodes run side by side', async () => {
    const [dirA, dirB] = [tempDir('plenary-cli-a-'), tempDir('plenary-cli-b-')];
    const ui = join(tempDir('plenary-cli-ui-'), 'renderer');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Plenary</title><div id="root"></div>');
    const missing = join(dirB, 'no-ui-here');
    const [a, b] = await Promise.all([serve(dirA, '--name', 'Atlantis', '--ui', ui), serve(dirB, '--listen', '/ip4/127.0.0.1/tcp/0', '--ui', missing)]);
    await waitFor('the ui line', () => a.stdout.length >= 3);
    expect(a.stdout).toEqual([`url: ${a.url}`, `token: ${a.token}`, `ui: ${a.url}#token=${a.token}`]);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(a.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<title>Plenary</title>');
    // Without a built UI: the API alone, the placeholder page, and a word on stderr.
    expect(b.stdout).toEqual([`url: ${b.url}`, `token: ${b.token}`]);
    expect(b.stderr.join('\n')).toContain(`plenary: the UI is not built: run npm run build (no index.html in ${missing})`);
    expect(await (await fetch(b.url)).text()).toContain('the browser UI is not served by this build');
    expect(a.url).not.toBe(b.url);
    expect(a.token).not.toBe(b.token);
    expect(b.stderr.join('\n')).toMatch(/peer-to-peer on \/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3KooW/); // the port the OS gave

    // Each is its own delegation; each token opens only its own node.
    expect(await a.http.must('identity.get', {})).toMatchObject({ name: 'Atlantis' });
    await b.http.must('identity.create', { name: 'Borealis' });
    expect((await a.http.must('identity.get', {})).party).not.toBe((await b.http.must('identity.get', {})).party);
    const cross = await fetch(new URL('api/identity.get', a.url), { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(cross.status).toBe(401);

    // Drive A as an integrator would: convene, draft, adopt, with events on a socket.
    const ws = await SocketClient.connect(a.url, a.token);
    const negotiation = (await a.http.must('negotiations.create', { title: 'Process Accord', parties: [] })).id;
    await a.http.must('draft.addArticle', { negotiation, id: 'art-1' });
    await a.http.must('draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'Processes shall cooperate.' });
    const proposal = await a.http.must('adoption.propose', { negotiation, label: 'Agreed text' });
    await a.http.must('adoption.vote', { negotiation, headerHash: proposal.headerHash });
    expect(await ws.event('block-final')).toMatchObject({ negotiation, block: { height: 1, verified: true } });
    ws.close();
    expect(await b.http.must('negotiations.list', {})).toEqual([]);

    // The data directory is one node's at a time.
    const clash = run(['serve', '--data', dirA]);
    expect(await clash.exited()).toBe(1);
    expect(clash.stderr.join('\n')).toContain(`the data directory ${dirA} is in use by another node`);

    expect(await stop(a)).toBe(0);
    expect(await stop(b)).toBe(0);

    // Restarted: same delegation, same record, a new token.
    const again = await serve(dirA);
    expect(again.token).not.toBe(a.token);
    expect(await again.http.must('identity.get', {})).toMatchObject({ name: 'Atlantis' });
    expect(await again.http.must('history.versions', { negotiation })).toMatchObject([{ label: 'Agreed text', text: proposal.adoption!.text }]);
    expect(await stop(again)).toBe(0);
  });

  it('exits with code 2 and a clear sentence on bad usage', async () => {
    const bad = run(['serve', '--data']);
    expect(await bad.exited()).toBe(2);
    expect(bad.stderr[0]).toBe('plenary: --data needs a value (DIR)');
    expect(bad.stdout).toEqual([]);

    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const usage = async (...argv: string[]) => {
      lines.length = 0;
      return [await main(argv, io), lines.join('\n')] as const;
    };
    expect(await usage('serve', '--data', 'x', '--bogus')).toEqual([2, 'plenary: unknown option --bogus for "plenary serve"\nRun "plenary --help" for usage.']);
    expect((await usage('serve', '--data', 'x', '--port', 'eighty'))[1]).toMatch(/--port must be a whole number from 0 to 65535, not "eighty"/);
    expect((await usage('serve', '--data', 'x', '--listen', '0.0.0.0:4001'))[1]).toMatch(/--listen must be a multiaddr such as \/ip4\/0\.0\.0\.0\/tcp\/4001/);
    expect((await usage('serve', '--data', 'a', '--data', 'b'))[1]).toMatch(/--data is given more than once/);
    expect((await usage('serve', 'extra'))[0]).toBe(2);
    expect((await usage('frobnicate'))[1]).toMatch(/no command "frobnicate"/);
    expect(await usage('help', 'toString')).toEqual([2, 'plenary: no command "toString"\nRun "plenary --help" for usage.']);
    expect((await usage())[0]).toBe(2);

    const [code, help] = await usage('--help');
    expect(code).toBe(0);
    for (const word of ['plenary serve --data DIR', 'plenary help', 'plenary --version', 'docs/api.md']) expect(help).toContain(word);
    const [serveCode, serveHelp] = await usage('serve', '--help');
    expect(serveCode).toBe(0);
    for (const flag of ['--data DIR', '--port N', '--listen ADDR', '--name NAME', '--ui DIR', '--help', 'url: http://127.0.0.1:PORT/', 'token: TOKEN', 'ui: http://127.0.0.1:PORT/#token=TOKEN']) expect(serveHelp).toContain(flag);
    expect(await usage('help', 'serve')).toEqual([0, serveHelp]);
    expect(await usage('--version')).toEqual([0, '0.1.0']);
  });
});
