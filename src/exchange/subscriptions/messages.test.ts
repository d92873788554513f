import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../core/i18n.js';
import { subscriptionMessages } from './messages.js';

const here = dirname(fileURLToPath(import.meta.url));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('subscription messages', () => {
  it('has both languages with the same placeholders for every message', () => {
    for (const [key, m] of Object.entries(subscriptionMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(placeholders(m.zh), key).toEqual(placeholders(m.en));
    }
  });

  it('defines every message key the subscription code uses', () => {
    const used = new Set<string>();
    const shapes = [/AppError\(\s*\d+,\s*'[^']+',\s*'([^']+)'/g, /fieldError\(\s*\d+,\s*'[^']+',\s*'([^']+)'/g, /messageKey: '([^']+)'/g];
    for (const file of readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(here, file), 'utf8');
      for (const re of shapes) for (const m of text.matchAll(re)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(8);
    expect([...used].filter((k) => !hasMessage(k))).toEqual([]);
  });
});
