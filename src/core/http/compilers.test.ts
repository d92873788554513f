import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { sharedCompilers } from './compilers.js';

const route = (schema: unknown) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });

describe('shared route schema compilers', () => {
  it('serializes by the schema and compiles each schema object once across apps', () => {
    const schema = Type.Object({ a: Type.String(), n: Type.Integer() });
    const app1 = sharedCompilers.buildSerializer!({}, undefined as never) as unknown as (r: unknown) => (d: unknown) => string;
    const app2 = sharedCompilers.buildSerializer!({}, undefined as never) as unknown as (r: unknown) => (d: unknown) => string;
    const s1 = app1(route(schema));
    expect(s1({ a: 'x', n: 2, extra: true })).toBe('{"a":"x","n":2}');
    expect(app2(route(schema))).toBe(s1);
    // Another schema object (even an equal one) is compiled for itself.
    const other = app2(route(Type.Object({ a: Type.String() })));
    expect(other).not.toBe(s1);
    expect(other({ a: 'y', n: 3 })).toBe('{"a":"y"}');
  });

  it('keeps serializers apart for different serializer options', () => {
    const schema = Type.Object({ a: Type.String() });
    const plain = sharedCompilers.buildSerializer!({}, undefined as never) as unknown as (r: unknown) => unknown;
    const other = sharedCompilers.buildSerializer!({}, { rounding: 'ceil' } as never) as unknown as (r: unknown) => unknown;
    expect(other(route(schema))).not.toBe(plain(route(schema)));
  });

  it('validates with the shared Ajv options of the app and reuses the compiled validator', () => {
    const options = { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } };
    const schema = Type.Object({ n: Type.Integer({ minimum: 1 }), tag: Type.Optional(Type.String({ default: 't' })) });
    const v1 = sharedCompilers.buildValidator!({}, options as never)({ schema, method: 'GET', url: '/x', httpPart: 'querystring' }) as (d: unknown) => boolean;
    const v2 = sharedCompilers.buildValidator!({}, options as never)({ schema, method: 'GET', url: '/y', httpPart: 'querystring' });
    expect(v2).toBe(v1);
    const data: Record<string, unknown> = { n: '3' };
    expect(v1(data)).toBe(true);
    expect(data).toEqual({ n: 3, tag: 't' });
    expect(v1({ n: 0 })).toBe(false);
  });
});
