import { describe, expect, it } from 'vitest';
import type { BlockView, NegotiationSummary, ProposalView, TallyView } from '../../src/node/api.js';
import { groupHex, listInWords, shortHex, slug } from '../../src/renderer/screens/common/format.js';
import { onlineInWords, roleOf, standingOf } from '../../src/renderer/screens/home-words.js';
import { admissionWaitInWords, joinErrorInWords } from '../../src/renderer/screens/join/join-words.js';
import { blockBodyInWords, decisionInWords, finalInWords, maySign, signersInWords } from '../../src/renderer/screens/room/adoption/proposal-words.js';
import { exportFileName } from '../../src/renderer/screens/room/ledger/export-record.js';
import { tabAfterKey } from '../../src/renderer/screens/room/tabs.js';
import { altDigit } from '../../src/renderer/app/shortcuts.js';
import { parseRoute } from '../../src/renderer/app/route.js';

const KIRIBATI = { id: '4542ba637a966ad5612bff207fe7c6e0', name: 'Republic of Kiribati' };
const TUVALU = { id: 'e985795d00000000000000000000000a', name: 'Tuvalu' };
const NAURU = { id: 'ab0000000000000000000000000000cd', name: 'Nauru' };
const HASH = 'd04c202783543ba11654a4ebb135dbcc8e131e71560cf0b5b8118d8a05f10f57';

const summary = (change: Partial<NegotiationSummary> = {}): NegotiationSummary => ({
  id: HASH,
  title: 'Pacific Albatross Agreement',
  createdAt: 0,
  convenor: KIRIBATI,
  partyCount: 2,
  height: 0,
  member: true,
  lastAdopted: null,
  pendingProposals: 0,
  online: 0,
  status: 'open',
  ...change,
});

const proposal = (change: Partial<ProposalView>): ProposalView => ({
  headerHash: HASH,
  height: 1,
  round: 0,
  kind: 'adopt',
  proposer: KIRIBATI,
  proposedAt: 0,
  adoption: { label: 'First reading', text: 'x', textHash: HASH },
  ...change,
});

const tally = (change: Partial<TallyView> = {}): TallyView => ({
  headerHash: HASH,
  height: 1,
  round: 0,
  kind: 'adopt',
  rule: 'consensus: every party must sign',
  signers: [KIRIBATI],
  met: false,
  final: false,
  stillNeeded: '1 more party (every party must sign)',
  missing: [TUVALU],
  ...change,
});

describe('formatting', () => {
  it('groups and shortens hashes, joins names, makes file-safe slugs', () => {
    expect(groupHex('d04c2027835')).toBe('d04c 2027 835');
    expect(shortHex(HASH)).toBe('d04c2027…0f57');
    expect(shortHex('abcd')).toBe('abcd');
    expect(listInWords(['A'])).toBe('A');
    expect(listInWords(['A', 'B', 'C'])).toBe('A, B and C');
    expect(slug('Côte d’Ivoire: Accord (2026)!')).toBe('cote-d-ivoire-accord-2026');
    expect(slug('***')).toBe('negotiation');
    expect(exportFileName('Pacific Albatross Agreement', 3, new Date(Date.UTC(2026, 10, 21)))).toBe('plenary-pacific-albatross-agreement-height-3-2026-11-21.json');
  });
});

describe('home', () => {
  it('says the role and where a negotiation stands', () => {
    expect(roleOf(summary(), KIRIBATI.id)).toBe('Convenor');
    expect(roleOf(summary(), TUVALU.id)).toBe('Party');
    expect(roleOf(summary({ status: 'joining', member: false }), TUVALU.id)).toBe('Joining');
    expect(roleOf(summary({ member: false }), TUVALU.id)).toBe('Former party (read-only)');
    expect(standingOf(summary())).toBe('No version adopted yet');
    expect(standingOf(summary({ lastAdopted: { height: 2, label: 'Draft 2' }, pendingProposals: 1 }))).toBe('Last adopted: “Draft 2” (height 2) · 1 proposal awaiting signatures');
    expect(onlineInWords(0)).toBe('No one online');
    expect(onlineInWords(2)).toBe('2 delegations online');
  });
});

describe('proposals and blocks in words', () => {
  it('says what each proposal decides', () => {
    expect(decisionInWords(proposal({}))).toBe('Adoption of “First reading”');
    expect(decisionInWords(proposal({ kind: 'admit', adoption: null, admission: { party: TUVALU, publicKey: HASH, weight: 2 } }))).toBe('Admission of Tuvalu (weight 2)');
    expect(decisionInWords(proposal({ kind: 'admit', adoption: null }))).toBe('Admission of a delegation'); // a peer's header only
    expect(decisionInWords(proposal({ kind: 'remove', adoption: null, removal: { party: NAURU, reason: 'withdrew' } }))).toBe('Removal of Nauru');
  });

  it('says what a final block did', () => {
    const block = { height: 3, body: { kind: 'adopt', title: 't', label: '', textHash: HASH } } as unknown as BlockView;
    expect(finalInWords(block)).toBe('Adopted at height 3');
    expect(blockBodyInWords(block.body)).toBe('Adopted “untitled”');
    expect(blockBodyInWords({ kind: 'admit', party: TUVALU, weight: 1 })).toBe('Admitted Tuvalu (weight 1)');
    expect(blockBodyInWords({ kind: 'remove', party: NAURU, reason: 'withdrew' })).toBe('Removed Nauru: withdrew');
  });

  it('lets a party sign once, and never a final block or a former party', () => {
    expect(signersInWords(tally({ signers: [KIRIBATI, TUVALU, NAURU] }))).toBe('Signed by Republic of Kiribati, Tuvalu and Nauru');
    expect(signersInWords(tally({ signers: [] }))).toBe('No signatures yet');
    expect(maySign(tally(), TUVALU.id, true)).toBe(true);
    expect(maySign(tally(), KIRIBATI.id, true)).toBe(false);
    expect(maySign(tally({ final: true }), TUVALU.id, true)).toBe(false);
    expect(maySign(tally(), TUVALU.id, false)).toBe(false);
    expect(maySign(undefined, TUVALU.id, true)).toBe(false);
  });
});

describe('joining', () => {
  it('explains each refusal plainly, keeping the node’s reason', () => {
    expect(joinErrorInWords({ code: 'bad-invitation', message: 'checksum mismatch' })).toMatch(/^This code cannot be used.*Details: checksum mismatch$/);
    expect(joinErrorInWords({ code: 'unreachable', message: 'no address answered' })).toMatch(/could not be reached.*no address answered/);
    expect(joinErrorInWords({ code: 'invitation-refused', message: 'the inviter refused: the code was already used' })).toBe(
      'The inviter refused: the code was already used. Codes work once and for seven days; ask for a new one.',
    );
  });

  it('says where the admission stands, with the tally when this node has one', () => {
    expect(admissionWaitInWords(undefined, tally({ kind: 'admit' }))).toBe('signed by Republic of Kiribati; still needed: 1 more party (every party must sign)');
    expect(admissionWaitInWords(undefined, undefined)).toBe('the inviter has proposed your admission');
  });
});

describe('keys and routes', () => {
  it('reads Alt+digit by key position, and nothing with other modifiers or beyond the tabs', () => {
    const key = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
      code,
      altKey: true,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      ...mods,
    });
    expect(altDigit(key('Digit1'), 5)).toBe(0);
    expect(altDigit(key('Numpad5'), 5)).toBe(4);
    expect(altDigit(key('Digit6'), 5)).toBeNull();
    expect(altDigit(key('Digit2', { ctrlKey: true }), 5)).toBeNull();
    expect(altDigit(key('Digit2', { altKey: false }), 5)).toBeNull();
  });

  it('moves between tabs with arrows, wrapping, and Home/End', () => {
    expect(tabAfterKey('draft', 'ArrowRight')).toBe('adoption');
    expect(tabAfterKey('draft', 'ArrowLeft')).toBe('delegations');
    expect(tabAfterKey('history', 'End')).toBe('delegations');
    expect(tabAfterKey('history', 'Home')).toBe('draft');
    expect(tabAfterKey('history', 'a')).toBeNull();
  });

  it('restores only well-formed routes', () => {
    expect(parseRoute(JSON.stringify({ screen: 'room', negotiation: HASH }))).toEqual({ screen: 'room', negotiation: HASH });
    expect(parseRoute(JSON.stringify({ screen: 'room', negotiation: '../x' }))).toBeNull();
    expect(parseRoute('{')).toBeNull();
    expect(parseRoute(JSON.stringify({ screen: 'welcome' }))).toBeNull();
  });
});
