import { readFileSync } from 'node:fs';

/** The platform's version (package.json), recorded in archival packages and shown by `govshare --version`. */
export const PLATFORM_VERSION: string = (() => {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const v = (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string });
      if (v.name === 'govshare' && v.version) return v.version;
    } catch {
      // try the next location (src/ in development, dist/src/ when built)
    }
  }
  return '0.0.0';
})();
