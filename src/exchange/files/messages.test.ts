import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../core/i18n.js';
import { fileMessages } from './messages.js';

const here = dirname(fileURLToPath(import.meta.url));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('file messages', () => {
  it('has both languages with the same placeholders for every message', () => {
    for (const [key, m] of Object.entries(fileMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(placeholders(m.zh), key).toEqual(placeholders(m.en));
    }
  });

  it('defines every message key the files code uses, and nothing else', () => {
    const used = new Set<string>();
    for (const file of readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'messages.ts')) {
      const text = readFileSync(join(here, file), 'utf8');
      for (const m of text.matchAll(/'(exchange\.file\.[a-z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((k) => !hasMessage(k))).toEqual([]);
    expect(Object.keys(fileMessages).filter((k) => !used.has(k))).toEqual([]);
  });
});
