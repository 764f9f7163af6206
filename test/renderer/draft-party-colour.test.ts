import { describe, expect, it } from 'vitest';
import { contrastRatio, partyColour, THEME_BACKGROUNDS } from '../../src/renderer/app/party-colour.js';

const ids = Array.from({ length: 12 }, (_, i) => (i * 2654435761 >>> 0).toString(16).padStart(32, '0'));

describe('party colours', () => {
  it('are deterministic', () => {
    expect(partyColour(ids[3]!, ids)).toEqual(partyColour(ids[3]!, ids));
    expect(partyColour('abc')).toEqual(partyColour('abc'));
  });

  it('are readable as text on every background of both themes', () => {
    for (const id of [...ids, 'x', 'y', 'z']) {
      const colour = partyColour(id, ids);
      for (const bg of THEME_BACKGROUNDS.light) expect(contrastRatio(colour.light, bg)).toBeGreaterThanOrEqual(4.5);
      for (const bg of THEME_BACKGROUNDS.dark) expect(contrastRatio(colour.dark, bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('give the first parties of a charter far-apart hues, away from reds and oranges', () => {
    const hues = ids.slice(0, 5).map((id) => partyColour(id, ids).hue);
    for (let i = 0; i < hues.length; i++) {
      expect(hues[i]).toBeGreaterThanOrEqual(45);
      expect(hues[i]).toBeLessThanOrEqual(345);
      for (let j = i + 1; j < hues.length; j++) {
        const d = Math.abs(hues[i]! - hues[j]!);
        expect(Math.min(d, 360 - d)).toBeGreaterThanOrEqual(30);
      }
    }
  });

  it('keep a party colour when another party is admitted (appended)', () => {
    const before = ids.slice(0, 3);
    expect(partyColour(ids[2]!, before)).toEqual(partyColour(ids[2]!, [...before, 'ffff']));
  });
});
