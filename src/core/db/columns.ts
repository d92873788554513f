import type { Dialect } from './database.js';

/**
 * Column types used by migrations, the same meaning on both dialects (docs/adr/0003):
 * ids are text (UUIDs or codes), times are ISO-8601 UTC text, booleans are 0/1 integers,
 * JSON is text, and sequence numbers are bigints.
 */
export function columnTypes(dialect: Dialect) {
  return {
    id: 'text',
    text: 'text',
    time: 'text',
    bool: 'integer',
    int: 'integer',
    bigint: 'bigint',
    json: 'text',
    bytes: dialect === 'postgres' ? 'bytea' : 'blob',
  } as const;
}
