import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { assertStrongPassword, hashPassword, passwordProblems, verifyPassword } from './password.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores a self-describing scrypt string with a random salt', async () => {
    const a = await hashPassword('Correct-Horse-9');
    const b = await hashPassword('Correct-Horse-9');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Correct-Horse-9');
  });

  it('verifies the right password and rejects others', async () => {
    const h = await hashPassword('Correct-Horse-9', FAST);
    expect(await verifyPassword('Correct-Horse-9', h)).toBe(true);
    expect(await verifyPassword('correct-horse-9', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('verifies hashes made with other parameters (the cost can be raised later)', async () => {
    const h = await hashPassword('Correct-Horse-9', { N: 2048, r: 4, p: 2 });
    expect(h.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await verifyPassword('Correct-Horse-9', h)).toBe(true);
  });

  it('treats malformed or tampered hashes as a mismatch, never an exception', async () => {
    const h = await hashPassword('Correct-Horse-9', FAST);
    for (const bad of ['', 'plain', 'bcrypt$x', h.replace('scrypt$1024', 'scrypt$1000'), h.replace('scrypt$1024', 'scrypt$1073741824'), h.slice(0, h.lastIndexOf('$') + 1)]) {
      expect(await verifyPassword('Correct-Horse-9', bad)).toBe(false);
    }
  });
});

describe('password policy', () => {
  const opts = { minLength: 10, username: 'zhangsan' };

  it('accepts a long password with three character classes', () => {
    expect(passwordProblems('sanya-harbour-2026', opts)).toEqual([]);
    expect(passwordProblems('Sanya Harbour 2026', opts)).toEqual([]);
    expect(passwordProblems('三亚Harbour2026', opts)).toEqual([]);
  });

  it('names each broken rule', () => {
    expect(passwordProblems('Ab1!', opts)).toEqual(['too_short']);
    expect(passwordProblems('abcdefghijklmnop', opts)).toEqual(['too_few_classes']);
    expect(passwordProblems('Zhangsan-2026', opts)).toEqual(['contains_username']);
    expect(passwordProblems('zhangsan', opts)).toEqual(['too_short', 'too_few_classes', 'contains_username']);
  });

  it('counts characters, not UTF-16 units, for the minimum length', () => {
    expect(passwordProblems('密码A1b😀😀😀😀', { minLength: 10 })).toContain('too_short');
  });

  it('throws 400 weak_password with one field error per rule', () => {
    try {
      assertStrongPassword('zhangsan', { ...opts, field: 'body.newPassword' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(400);
      expect(err.code).toBe('weak_password');
      expect(err.fieldErrors.map((f) => [f.field, f.code])).toEqual([
        ['body.newPassword', 'too_short'],
        ['body.newPassword', 'too_few_classes'],
        ['body.newPassword', 'contains_username'],
      ]);
    }
  });
});
