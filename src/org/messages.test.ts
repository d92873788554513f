import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../core/i18n.js';
import { orgMessages } from './messages.js';

const here = dirname(fileURLToPath(import.meta.url));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('org messages', () => {
  it('has both languages with the same placeholders for every message', () => {
    for (const [key, m] of Object.entries(orgMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(placeholders(m.zh), key).toEqual(placeholders(m.en));
    }
  });

  it('defines every message key the module uses', () => {
    const used = new Set<string>();
    // Every place a message key is passed: AppError/fieldProblem(status, code, key), forbidden(key), messageKey: key.
    const shapes = [/(?:AppError|fieldProblem)\(\s*\d+,\s*'[^']+',\s*'([^']+)'/g, /forbidden\('([^']+)'/g, /messageKey: '([^']+)'/g];
    for (const file of readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(here, file), 'utf8');
      for (const re of shapes) for (const m of text.matchAll(re)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(20);
    // Keys built at run time from a rule name or an object kind.
    for (const rule of ['too_short', 'too_long', 'too_few_classes', 'contains_username']) used.add(`org.password.${rule}`);
    for (const what of ['unit', 'user', 'system', 'token']) used.add(`org.${what}.not_found`);
    const missing = [...used].filter((k) => !hasMessage(k));
    expect(missing).toEqual([]);
  });
});
