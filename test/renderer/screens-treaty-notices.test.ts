/** The shell's notices about the treaty: entry into force announced, forked act chains as warnings. */
import { describe, expect, it } from 'vitest';
import type { EntryIntoForceNotice, NodeEvent } from '../../src/node/api.js';
import { entryIntoForceInWords, noticeOf } from '../../src/renderer/app/notices.js';

const N = 'ab'.repeat(32);
const TUVALU = { id: 'e985795d00000000000000000000000a', name: 'Tuvalu' };
const titleOf = (id: string) => (id === N ? 'Pacific Albatross Agreement' : undefined);

const notice: EntryIntoForceNotice = {
  block: 'b1'.repeat(32),
  height: 3,
  label: 'First reading',
  conditionMetOn: '2027-02-12',
  conditionMetBy: { party: TUVALU, act: 'a1'.repeat(32) },
  inForceSince: '2027-03-14',
  sentence: "Enters into force on 2027-03-14: the condition (3 parties) was met by Tuvalu's ratification of 2027-02-12; 30 days after",
};

describe('treaty notices', () => {
  it('announces entry into force politely, naming the treaty, the day, and the act that met the condition', () => {
    const n = noticeOf({ type: 'entry-into-force', negotiation: N, notice }, titleOf, '2027-02-12')!;
    expect(n.tone).toBe('announcement');
    expect(n.text).toBe(
      "The Pacific Albatross Agreement enters into force on 14 March 2027 (“First reading”, height 3): the condition (3 parties) was met by Tuvalu's ratification of 12 February 2027; 30 days after.",
    );
    expect(n.where).toBeNull();
    // Told again (another node restarting), it is the same notice.
    expect(noticeOf({ type: 'entry-into-force', negotiation: N, notice }, titleOf, '2027-02-12')!.key).toBe(n.key);
  });

  it('says "entered" once the day has come, and names an unknown negotiation plainly', () => {
    expect(entryIntoForceInWords(notice, 'The Hague Convention', '2027-03-14')).toMatch(/^The Hague Convention entered into force on 14 March 2027 /);
    expect(entryIntoForceInWords(notice, undefined, '2027-03-15')).toMatch(/^The treaty entered into force on 14 March 2027 /);
  });

  it('warns of a party that signed two acts under one number', () => {
    const event: NodeEvent = {
      type: 'equivocation',
      negotiation: N,
      evidence: { kind: 'acts', culprit: TUVALU, height: null, round: null, seq: 2, description: '…', bytes: 'AA==' },
    };
    const n = noticeOf(event, titleOf)!;
    expect(n.tone).toBe('warning');
    expect(n.text).toBe('Tuvalu signed two different acts numbered #2: its acts from that number on do not count — the evidence is kept');
    expect(n.text).not.toMatch(/edits/);
    expect(n.where).toBe('Pacific Albatross Agreement');
  });

  it('tells nothing of ordinary acts and state changes (the Treaty tab shows them)', () => {
    expect(noticeOf({ type: 'treaty-state', negotiation: N, version: {} as never }, titleOf)).toBeNull();
    expect(noticeOf({ type: 'act', negotiation: N, act: {} as never, origin: 'remote' }, titleOf)).toBeNull();
  });
});
