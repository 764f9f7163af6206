/**
 * Every command refuses bad arguments with a message naming the field and what it must be, before
 * anything runs; the table below must name every command (a new command without cases fails to
 * compile). Also: unknown commands, the codecs' strictness, the contract's purity.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMAND_NAMES, checkArgs, parseClientMessage, type CommandName } from '../../src/node/api.js';
import { decodeSyncFrame, encodeSyncFrame, fromBase64, fromHexString, toBase64, toHexString } from '../../src/node/api-codec.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { toHex } from '../../src/core/bytes.js';
import { delegation } from '../support/ledger-fixtures.js';
import { draftingAlone, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

const N = 'ab'.repeat(32);
const KEY = 'cd'.repeat(32);

/** Per command: arguments it must refuse, and what the message must say. */
const BAD: Record<CommandName, ReadonlyArray<readonly [unknown, RegExp]>> = {
  'identity.get': [[{ extra: 1 }, /unknown field "extra" \(none are expected\)/]],
  'identity.create': [
    [{}, /^identity.create: name is missing$/],
    [{ name: '   ' }, /name must not be empty/],
    [{ name: 'x'.repeat(201) }, /name must be at most 200 characters long/],
    [{ name: 'a\uD800b' }, /name contains a lone surrogate/],
  ],
  'negotiations.list': [[[], /the arguments must be an object, not a list/]],
  'negotiations.create': [
    [{ parties: [] }, /title is missing/],
    [{ title: 'T', parties: [{ publicKey: KEY, name: 'P', weight: 0 }] }, /parties\[0\]\.weight must be a whole number from 1 to 4294967295, not 0/],
    [{ title: 'T', parties: [{ publicKey: KEY, name: 'P', weight: 1.5 }] }, /parties\[0\]\.weight must be a whole number from 1/],
    [{ title: 'T', parties: [{ publicKey: 'XYZ', name: 'P', weight: 1 }] }, /parties\[0\]\.publicKey must be an ed25519 public key \(64 lowercase hex digits\)/],
    [{ title: 'T', parties: 'none' }, /parties must be a list/],
    [{ title: 'T', parties: [], weight: -1 }, /weight must be a whole number from 1/],
    [{ title: 'T', parties: [], rules: { admit: { kind: 'unanimity' } } }, /rules\.admit\.kind must be one of "consensus", "qualified-majority", "double-majority", not "unanimity"/],
    [
      { title: 'T', parties: [], rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'qualified-majority', share: { num: 3, den: 2 } } } },
      /rules\.adopt\.share must not exceed 1/,
    ],
  ],
  'negotiations.get': [
    [{}, /negotiation is missing/],
    [{ negotiation: 'AB'.repeat(32) }, /negotiation must be a negotiation id \(64 lowercase hex digits\)/],
  ],
  'draft.read': [[{ negotiation: 42 }, /negotiation must be a string, not 42/]],
  'draft.canonical': [[{ negotiation: N, text: 'x' }, /unknown field "text"/]],
  'draft.addArticle': [
    [{ negotiation: N, id: 'has space' }, /id must be an id of letters, digits/],
    [{ negotiation: N, index: -1 }, /index must be a whole number from 0/],
  ],
  'draft.addParagraph': [
    [{ negotiation: N, in: 'annex' }, /in must be "preamble" or \{ "articleId": \.\.\. \}/],
    [{ negotiation: N, in: 'preamble', text: 7 }, /text must be a string/],
  ],
  'draft.insertText': [
    [{ negotiation: N, target: { kind: 'footnote' }, index: 0, text: 'x' }, /target\.kind must be one of "title", "heading", "paragraph", "alternative"/],
    [{ negotiation: N, target: { kind: 'paragraph' }, index: 0, text: 'x' }, /target\.paragraphId is missing/],
    [{ negotiation: N, target: { kind: 'title' }, index: 0, text: 'x'.repeat(1_000_001) }, /text must be at most 1000000 characters long/],
  ],
  'draft.deleteText': [[{ negotiation: N, target: { kind: 'title' }, index: 0 }, /length is missing/]],
  'draft.setParagraphStatus': [
    [{ negotiation: N, paragraphId: 'p-1', status: 'done' }, /status must be one of "pending", "bracketed", "agreed-ad-referendum", "agreed", not "done"/],
  ],
  'draft.bracketSpan': [[{ negotiation: N, paragraphId: 'p-1', index: 0, length: 0 }, /length must be a whole number from 1, not 0/]],
  'draft.addAlternative': [[{ negotiation: N, bracketId: 'b-1' }, /text is missing/]],
  'draft.resolveBracket': [[{ negotiation: N, bracketId: 'b-1', keep: { kind: 'alternative' } }, /keep\.alternativeId is missing/]],
  'draft.addComment': [[{ negotiation: N, paragraphId: 'p-1', index: 0, length: 1, body: '' }, /body must not be empty/]],
  'adoption.propose': [[{ negotiation: N, label: 'x'.repeat(201) }, /label must be at most 200 characters long/]],
  'adoption.proposals': [[null, /negotiation is missing/]],
  'adoption.vote': [[{ negotiation: N, headerHash: 'nope' }, /headerHash must be a header hash \(64 lowercase hex digits\)/]],
  'adoption.decline': [[{ negotiation: N, round: 'next' }, /round must be a whole number from 0 to 4294967295/]],
  'adoption.tally': [[{ negotiation: N }, /headerHash is missing/]],
  'history.blocks': [[{ negotiation: N, limit: 5000 }, /limit must be a whole number from 1 to 1000, not 5000/]],
  'history.versions': [[{ negotiation: [N] }, /negotiation must be a string, not a list/]],
  'history.diff': [
    [{ negotiation: N, from: 0, to: 1 }, /from must be a height or "draft", or \{ "edit": index \}/],
    [{ negotiation: N, from: 1, to: { edit: -1 } }, /to must be a height or "draft", or \{ "edit": index \}/],
    [{ negotiation: N, from: { edit: 1.5 }, to: 'draft' }, /from must be a height or "draft", or \{ "edit": index \}/],
  ],
  'history.edits': [
    [{ negotiation: N, limit: 501 }, /limit must be a whole number from 1 to 500, not 501/],
    [{ negotiation: N, before: 0 }, /before must be a whole number from 1, not 0/],
  ],
  'history.evidence': [[{ negotiation: true }, /negotiation must be a string, not true/]],
  'attribution.paragraph': [[{ negotiation: N }, /paragraphId is missing/]],
  'export.ledger': [[{ negotiation: N, format: 'zip' }, /unknown field "format" \(expected negotiation\)/]],
  'export.dossier': [[{ negotiation: N, format: 'pdf' }, /unknown field "format" \(expected negotiation\)/]],
  'acts.perform': [
    [{ negotiation: N, block: N, kind: 'signature' }, /kind must be one of "initialling", "signature-ad-referendum", .*"accession", not "signature"/],
    [{ negotiation: N, kind: 'consent' }, /block is missing/],
    [{ negotiation: N, block: N, kind: 'consent', date: '12/02/2027' }, /date must be a date YYYY-MM-DD/],
    [{ negotiation: N, block: N, kind: 'consent', instrument: 'signature' }, /instrument must be one of "ratification", "acceptance", "approval", "accession"/],
    [{ negotiation: N, block: N, kind: 'reservation', refersTo: 'x' }, /refersTo must be an act hash \(64 lowercase hex digits\)/],
    [{ negotiation: N, block: N, kind: 'objection', text: ' ' }, /text must not be empty/],
    [{ negotiation: N, block: N, kind: 'objection', precludesEntryIntoForce: 'yes' }, /precludesEntryIntoForce must be/],
  ],
  'acts.list': [[{ negotiation: N, party: 'AB' }, /party must be a party id \(32 lowercase hex digits\)/]],
  'treaty.state': [[{ negotiation: N, block: 7 }, /block must be a string, not 7/]],
  'invitations.create': [[{ negotiation: N, addresses: 'here' }, /addresses must be a list/]],
  'invitations.join': [[{ code: '' }, /code must not be empty/]],
  'invitations.admit': [[{ negotiation: N, publicKey: KEY, name: 'New', weight: 0 }, /weight must be a whole number from 1 to 4294967295, not 0/]],
  'presence.set': [[{ negotiation: N, cursor: { paragraphId: 'p-1', index: 0 } }, /cursor must be "none" or \{ paragraphId, index, length \}/]],
  'presence.list': [[{}, /negotiation is missing/]],
  'sync.open': [[{ negotiation: N, session: 1 }, /unknown field "session"/]],
  'sync.push': [
    [{ session: 0, update: '' }, /session must be a whole number from 1 to 4294967295, not 0/],
    [{ session: 1, update: 'not base64!' }, /update must be base64/],
  ],
  'sync.close': [[{}, /session is missing/]],
};

describe('argument validation', () => {
  let node: DelegationNode;
  let negotiation: string;
  beforeAll(async () => {
    node = await openNode(tempDir());
    ({ negotiation } = await draftingAlone(node));
  });
  afterAll(async () => {
    await node.close();
    removeTempDirs();
  });

  it('covers every command', () => {
    expect(Object.keys(BAD).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  for (const [name, cases] of Object.entries(BAD) as [CommandName, (typeof BAD)[CommandName]][]) {
    it(`${name} refuses bad arguments, naming the field`, async () => {
      expect(cases.length).toBeGreaterThan(0);
      for (const [args, message] of cases) {
        // Aimed at a real negotiation where one is named, so only the bad field can be the reason.
        const aimed = typeof args === 'object' && args !== null && (args as { negotiation?: unknown }).negotiation === N ? { ...args, negotiation } : args;
        const result = await node.call(name, aimed);
        expect(result.ok, `${name} ${JSON.stringify(aimed).slice(0, 120)}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid-argument');
          expect(result.error.message).toMatch(message);
          expect(result.error.message.startsWith(`${name}: `)).toBe(true);
        }
      }
    });
  }

  it('refuses unknown commands and charters the core refuses, as values', async () => {
    expect(await node.call('draft.explode', {})).toEqual({ ok: false, error: { code: 'unknown-command', message: expect.stringContaining('"draft.explode"') } });
    const own = node.identityView().publicKey;
    expect(await node.call('negotiations.create', { title: 'T', parties: [{ publicKey: own, name: 'Me again', weight: 1 }] })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: "negotiations.create: parties[0] is this delegation's own key: list the other delegations only" },
    });
    const twice = { publicKey: toHex(delegation(7).spec.publicKey), name: 'Twin', weight: 1 };
    expect(await node.call('negotiations.create', { title: 'T', parties: [twice, { ...twice, name: 'Twin again' }] })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'negotiations.create: parties[1] "Twin again" is listed twice' },
    });
    const half = { kind: 'qualified-majority', share: { num: 1, den: 2 } };
    expect(await node.call('negotiations.create', { title: 'T', parties: [], rules: { admit: half, remove: half, adopt: half } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/must be more than 1\/2/) },
    });
    expect(checkArgs('draft.read', { negotiation })).toEqual({ ok: true, value: { negotiation } });
  });
});

describe('codecs', () => {
  it('base64 and hex round-trip, and refuse every non-canonical form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromHexString(toHexString(bytes))).toEqual(bytes);
      }),
      { seed: 3, numRuns: 500 },
    );
    for (const bad of ['A', 'AB=', 'AB=C', 'AB==AB==', 'AR==', 'ABC=' + 'x', 'AB C', 'ABé=', '====']) expect(fromBase64(bad), bad).toBeUndefined();
    expect(fromBase64('AQ==')).toEqual(new Uint8Array([1]));
    expect(fromHexString('ABCD')).toBeUndefined();
  });

  it('sync frames round-trip; short, unknown-version and unknown-kind frames are refused', () => {
    const frame = { kind: 'client-update', session: 0xfffffffe, update: new Uint8Array([1, 2, 3]) } as const;
    expect(decodeSyncFrame(encodeSyncFrame(frame))).toEqual({ ok: true, value: frame });
    expect(decodeSyncFrame(new Uint8Array([1, 2, 0]))).toMatchObject({ ok: false });
    expect(decodeSyncFrame(new Uint8Array([2, 1, 0, 0, 0, 1]))).toEqual({ ok: false, message: 'unknown sync frame version 2' });
    expect(decodeSyncFrame(new Uint8Array([1, 9, 0, 0, 0, 1]))).toEqual({ ok: false, message: 'unknown sync frame kind 9' });
  });

  it('WebSocket messages: versioned, checked', () => {
    expect(parseClientMessage('{"v":1,"type":"auth","token":"t"}')).toEqual({ ok: true, value: { v: 1, type: 'auth', token: 't' } });
    expect(parseClientMessage('{"v":2,"type":"auth","token":"t"}')).toEqual({ ok: false, message: 'unsupported message version 2 (this node speaks v: 1)' });
    expect(parseClientMessage('{"v":1,"type":"call","id":1}')).toEqual({ ok: false, message: 'message.command is missing' });
    expect(parseClientMessage('not json')).toMatchObject({ ok: false });
  });
});

describe('the contract is importable by the renderer', () => {
  it('api.ts and its siblings import nothing but each other (no node:*, no core, no packages)', () => {
    for (const file of ['api.ts', 'api-types.ts', 'api-validate.ts', 'api-codec.ts']) {
      const source = readFileSync(new URL(`../../src/node/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/api(-types|-validate|-codec)?\.js$/);
    }
  });
});
