#!/usr/bin/env node
// Entry point of the `govshare` command: runs the compiled CLI (built by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('govshare: not built yet — run `npm run build` first');
  process.exit(1);
}
const { main } = await import(entry);
await main(process.argv);
