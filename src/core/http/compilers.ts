import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Route schema compilers shared by every app built in one process (ADR 0018).
 *
 * Fastify compiles each route's request validators (Ajv) and response serializers
 * (fast-json-stringify) when the app becomes ready: about 0.7 s of CPU for this API's ~300 routes.
 * By default it does so again for every app, even though the route schemas are the same module-level
 * objects. The server builds its app once, so this changes nothing there; the test suites, the demo
 * and the CLI build hundreds of apps in one process and paid that compile each time.
 *
 * - Validators: Fastify's own Ajv selector, created once, pools one Ajv instance per set of
 *   shared schemas and Ajv options, and Ajv caches compiled schemas by schema object.
 * - Serializers: fast-json-stringify has no cache, so compiled serializers are kept per schema
 *   object (a WeakMap: a schema built inside a route plugin is compiled again and collected with its
 *   app), per set of shared schemas and serializer options.
 *
 * The compiled functions are pure functions of the schema and the options, so sharing them cannot
 * carry state from one app to another.
 */
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type SerializerRoute = { schema: unknown; method: string; url: string; httpStatus: string };
type Serializer = (data: unknown) => string;

const buildValidator: NonNullable<CompilersFactory['buildValidator']> = AjvCompiler();

const defaultSerializers = SerializerSelector();
const serializerCaches = new Map<string, WeakMap<object, Serializer>>();

const buildSerializer: NonNullable<CompilersFactory['buildSerializer']> = (externalSchemas, serializerOpts) => {
  const compile = defaultSerializers(externalSchemas as never, serializerOpts as never) as unknown as (route: SerializerRoute) => Serializer;
  const key = JSON.stringify([externalSchemas ?? null, serializerOpts ?? null]);
  const compiled = serializerCaches.get(key) ?? new WeakMap<object, Serializer>();
  serializerCaches.set(key, compiled);
  return ((route: SerializerRoute) => {
    const schema = route.schema;
    if (schema === null || typeof schema !== 'object') return compile(route);
    const hit = compiled.get(schema);
    if (hit) return hit;
    const fn = compile(route);
    compiled.set(schema, fn);
    return fn;
  }) as never;
};

export const sharedCompilers: CompilersFactory = { buildValidator, buildSerializer };
