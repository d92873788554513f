/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z), the last one a check character computed from the first 17.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** The check character for the first 17 characters of a code; throws on a bad prefix. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`USCC prefix must be 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new Error(`USCC prefix has an invalid character "${first17[i]}" at position ${i + 1}`);
    sum += v * WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** True when `code` is 18 characters of the USCC alphabet with a correct check character. */
export function validateUscc(code: string): boolean {
  if (typeof code !== 'string' || !FORMAT.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/** Upper-cases and trims user input so a code typed in lower case is still accepted. */
export function normalizeUscc(code: string): string {
  return code.trim().toUpperCase();
}
