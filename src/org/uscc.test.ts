import { describe, expect, it } from 'vitest';
import { normalizeUscc, USCC_CHARSET, usccCheckChar, validateUscc } from './uscc.js';

/** A synthetic code built by the algorithm itself: 1 (机关) 1 (机构类别) 460200 (三亚) + a made-up body. */
const PREFIX = '11460200MB000123X';
const SYNTHETIC = PREFIX + usccCheckChar(PREFIX);
/** The worked example used in descriptions of GB 32100-2015. */
const PUBLISHED_EXAMPLE = '91350100M000100Y43';

describe('USCC check character (GB 32100-2015)', () => {
  it('accepts the published example and a synthetic code built by the algorithm', () => {
    expect(validateUscc(PUBLISHED_EXAMPLE)).toBe(true);
    expect(usccCheckChar(PUBLISHED_EXAMPLE.slice(0, 17))).toBe('3');
    expect(validateUscc(SYNTHETIC)).toBe(true);
  });

  it('computes a check of 0 rather than 31 when the weighted sum is a multiple of 31', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
    expect(validateUscc('000000000000000000')).toBe(true);
  });

  it('detects every single-character substitution anywhere in the code', () => {
    for (let i = 0; i < 18; i++) {
      for (const c of USCC_CHARSET) {
        if (c === SYNTHETIC[i]) continue;
        const mutated = SYNTHETIC.slice(0, i) + c + SYNTHETIC.slice(i + 1);
        expect(validateUscc(mutated), mutated).toBe(false);
      }
    }
  });

  it('detects swapping two adjacent different characters of the body', () => {
    for (let i = 0; i < 16; i++) {
      if (SYNTHETIC[i] === SYNTHETIC[i + 1]) continue;
      const swapped = SYNTHETIC.slice(0, i) + SYNTHETIC[i + 1] + SYNTHETIC[i] + SYNTHETIC.slice(i + 2);
      expect(validateUscc(swapped), swapped).toBe(false);
    }
  });

  it('rejects wrong lengths, excluded letters (I O S V Z) and lower case', () => {
    expect(validateUscc(SYNTHETIC.slice(0, 17))).toBe(false);
    expect(validateUscc(SYNTHETIC + '0')).toBe(false);
    expect(validateUscc('')).toBe(false);
    for (const bad of 'IOSVZ') expect(validateUscc(bad + SYNTHETIC.slice(1))).toBe(false);
    const lower = SYNTHETIC.toLowerCase();
    expect(validateUscc(lower)).toBe(lower === SYNTHETIC);
    expect(validateUscc(normalizeUscc(`  ${lower} `))).toBe(true);
  });

  it('refuses to compute a check character for a malformed prefix', () => {
    expect(() => usccCheckChar('123')).toThrow(/17 characters/);
    expect(() => usccCheckChar('11460200MB000123I')).toThrow(/invalid character/);
  });
});
