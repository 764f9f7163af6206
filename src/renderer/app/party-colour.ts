/**
 * One colour per party, the same in every view (cursors, "who wrote this", the party list) and at
 * every delegation: a party's hue comes from its place in the charter's party list (the same list
 * on every replica; admissions append, so nobody's colour changes when a party joins), spread by
 * the golden ratio so that neighbours in the list get far-apart hues. A party not in the list
 * gets a hue from its id.
 *
 * Hues stay out of the reds and oranges (345°..45°), which say "danger" and "bracket" here. Each
 * hue is given the lightness that makes it readable as text (contrast at least 4.5:1, WCAG AA) on
 * every background of its theme, so a party's name may be written in its colour.
 */
import type { CSSProperties } from 'react';

export interface PartyColour {
  /** Degrees, 45..345. */
  readonly hue: number;
  /** For text and carets on the light theme's backgrounds (#rrggbb). */
  readonly light: string;
  /** For text and carets on the dark theme's backgrounds (#rrggbb). */
  readonly dark: string;
  /** Translucent backgrounds behind text written by the party (rgba()), per theme. */
  readonly tintLight: string;
  readonly tintDark: string;
}

/** The backgrounds of each theme in base.css that party colours are drawn on (incl. --bracket-bg). */
const LIGHT_BACKGROUNDS = ['#fbfaf7', '#ffffff', '#f1efe9', '#fff1e0'];
const DARK_BACKGROUNDS = ['#17181b', '#202226', '#111214', '#3a2611'];
const MIN_CONTRAST = 4.5;
const SATURATION = 0.7;
const HUE_FROM = 45;
const HUE_SPAN = 300;
const GOLDEN = 0.6180339887498949;
/** Where the sequence starts: the first party (the convenor) is blue, far from the bracket's brown. */
const FIRST = (215 - HUE_FROM) / HUE_SPAN;

/**
 * The colour of `party`. Pass the negotiation's parties in charter order (NegotiationDetail
 * parties, as the node lists them) for hues guaranteed apart; without it the id decides.
 */
export function partyColour(party: string, parties?: readonly string[]): PartyColour {
  const index = parties?.indexOf(party) ?? -1;
  const position = index >= 0 ? (FIRST + index * GOLDEN) % 1 : hashUnit(party);
  return colourOfHue(HUE_FROM + position * HUE_SPAN);
}

/** CSS custom properties for an element drawn in the party's colour (light-dark() follows the theme). */
export function partyColourStyle(colour: PartyColour): CSSProperties & Record<'--party-colour' | '--party-tint', string> {
  const style: Record<'--party-colour' | '--party-tint', string> = {
    '--party-colour': `light-dark(${colour.light}, ${colour.dark})`,
    '--party-tint': `light-dark(${colour.tintLight}, ${colour.tintDark})`,
  };
  return style as CSSProperties & typeof style;
}

const cache = new Map<number, PartyColour>();

function colourOfHue(rawHue: number): PartyColour {
  const hue = Math.round(rawHue * 10) / 10;
  const known = cache.get(hue);
  if (known !== undefined) return known;
  // Light theme: the lightest shade still dark enough; dark theme: the darkest still light enough.
  let lightL = 0.5;
  while (lightL > 0.05 && !readableOn(hslToRgb(hue, SATURATION, lightL), LIGHT_BACKGROUNDS)) lightL -= 0.01;
  let darkL = 0.5;
  while (darkL < 0.95 && !readableOn(hslToRgb(hue, SATURATION, darkL), DARK_BACKGROUNDS)) darkL += 0.01;
  const light = hslToRgb(hue, SATURATION, lightL);
  const dark = hslToRgb(hue, SATURATION, darkL);
  const tint = hslToRgb(hue, 0.8, 0.55);
  const colour: PartyColour = {
    hue,
    light: toHex(light),
    dark: toHex(dark),
    tintLight: `rgba(${tint.join(', ')}, 0.18)`,
    tintDark: `rgba(${tint.join(', ')}, 0.3)`,
  };
  cache.set(hue, colour);
  return colour;
}

/** FNV-1a of the id, as a number in [0, 1). */
function hashUnit(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

type Rgb = readonly [number, number, number];

function hslToRgb(hue: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const h = (((hue % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

function toHex(rgb: Rgb): string {
  return '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');
}

function parseHex(hex: string): Rgb {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** WCAG relative luminance. */
export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(parseHex(a));
  const lb = luminance(parseHex(b));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function readableOn(rgb: Rgb, backgrounds: readonly string[]): boolean {
  const hex = toHex(rgb);
  return backgrounds.every((bg) => contrastRatio(hex, bg) >= MIN_CONTRAST);
}

/** The theme backgrounds, for tests and for anyone checking a colour against them. */
export const THEME_BACKGROUNDS = { light: LIGHT_BACKGROUNDS, dark: DARK_BACKGROUNDS } as const;
