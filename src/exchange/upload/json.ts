/**
 * JSON uploads: one array of objects, read as a stream. A small splitter finds where each
 * top-level element starts and ends (tracking strings, escapes and nesting depth, resumable across
 * blocks) and JSON.parse turns each element into a row, so the document is never held whole.
 * Row = element index + 1. An element that is not an object is a row problem; broken JSON, a
 * document that is not an array, or one cut short are file problems.
 */
import {
  ColumnResolver,
  EncodingFailure,
  RowBatcher,
  TextSource,
  chunkSizeOf,
  invalidEncoding,
  resolveLimits,
  rowProblem,
  rowTooLarge,
  uploadError,
  type Preview,
  type SourceLimits,
  type SourceOptions,
  type SourceRow,
} from './source.js';
import { ObjectMapper, isPlainObject, previewObjects } from './objects.js';

const enum State {
  /** Before the opening '['. */
  Start,
  /** After '[': an element or ']'. */
  First,
  /** After ',': an element. */
  Next,
  /** Inside an element. */
  Element,
  /** After an element: ',' or ']'. */
  After,
  /** After the closing ']': only whitespace. */
  End,
}

const enum Kind {
  Container,
  String,
  Scalar,
}

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Receives each element's text, its number (index + 1) and starting line; false stops. */
export type ElementHandler = (text: string, row: number, line: number) => boolean | void;

export class JsonArraySplitter {
  private state = State.Start;
  private kind = Kind.Container;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private partsLen = 0;
  private elemLine = 1;
  private count = 0;
  /** Current line (1-based). */
  line = 1;
  stopped = false;

  constructor(
    private readonly limits: SourceLimits,
    private readonly onElement: ElementHandler,
  ) {}

  feed(s: string): void {
    const n = s.length;
    let i = 0;
    let elemStart = 0;
    while (i < n && !this.stopped) {
      const state = this.state;
      if (state !== State.Element) {
        const c = s.charCodeAt(i);
        if (isWs(c)) {
          if (c === LF) this.line++;
          i++;
          continue;
        }
        if (state === State.Start) {
          if (c !== OPEN_BRACKET) throw uploadError('json_not_array');
          this.state = State.First;
          i++;
        } else if (state === State.After) {
          if (c === COMMA) this.state = State.Next;
          else if (c === CLOSE_BRACKET) this.state = State.End;
          else throw this.invalid(this.count + 1, this.line);
          i++;
        } else if (state === State.End) {
          throw this.invalid(this.count + 1, this.line);
        } else if (c === CLOSE_BRACKET && state === State.First) {
          this.state = State.End;
          i++;
        } else if (c === CLOSE_BRACKET || c === COMMA) {
          throw this.invalid(this.count + 1, this.line);
        } else {
          // An element starts here.
          this.state = State.Element;
          this.elemLine = this.line;
          elemStart = i;
          if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            this.kind = Kind.Container;
            this.depth = 1;
            this.inString = false;
          } else if (c === QUOTE) {
            this.kind = Kind.String;
            this.inString = true;
          } else this.kind = Kind.Scalar;
          this.escaped = false;
          i++;
        }
        continue;
      }
      // Inside an element: find where it ends.
      let end = -1;
      if (this.kind === Kind.Scalar) {
        for (; i < n; i++) {
          const c = s.charCodeAt(i);
          if (isWs(c) || c === COMMA || c === CLOSE_BRACKET) {
            end = i;
            break;
          }
        }
      } else {
        let inString = this.inString;
        let escaped = this.escaped;
        let depth = this.depth;
        while (i < n) {
          if (inString) {
            if (escaped) {
              escaped = false;
              i++;
              continue;
            }
            // Jump to the next quote; it closes the string unless an odd run of backslashes precedes it.
            const k = s.indexOf('"', i);
            const stop = k < 0 ? n : k;
            let b = 0;
            for (let j = stop - 1; j >= i && s.charCodeAt(j) === BACKSLASH; j--) b++;
            if (k < 0) {
              escaped = (b & 1) === 1;
              i = n;
              break;
            }
            i = k + 1;
            if ((b & 1) === 1) continue;
            inString = false;
            if (depth === 0) {
              end = i;
              break;
            }
            continue;
          }
          const c = s.charCodeAt(i++);
          if (c === QUOTE) inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
          else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (--depth === 0) {
              end = i;
              break;
            }
          } else if (c === LF) this.line++;
        }
        this.inString = inString;
        this.escaped = escaped;
        this.depth = depth;
      }
      if (end < 0) {
        // The element goes on in the next block.
        this.parts.push(elemStart === 0 ? s : s.slice(elemStart));
        this.partsLen += n - elemStart;
        if (this.partsLen > this.limits.maxRowBytes) throw rowTooLarge(this.count + 1, this.limits);
        return;
      }
      let text = s.slice(elemStart, end);
      if (this.parts.length > 0) {
        this.parts.push(text);
        text = this.parts.join('');
        this.parts = [];
        this.partsLen = 0;
      }
      this.state = State.After;
      const row = ++this.count;
      if (this.onElement(text, row, this.elemLine) === false) this.stopped = true;
    }
    if (this.state === State.Element && !this.stopped) {
      // Ended exactly at the block boundary, inside an element: keep what we have.
      this.parts.push(elemStart === 0 ? s : s.slice(elemStart));
      this.partsLen += n - elemStart;
      if (this.partsLen > this.limits.maxRowBytes) throw rowTooLarge(this.count + 1, this.limits);
    }
  }

  /** The end of the file. */
  end(): void {
    if (this.stopped) return;
    if (this.state === State.Start) throw uploadError('empty_file');
    if (this.state !== State.End) throw uploadError('truncated_json', { line: this.line });
  }

  invalid(row: number, line: number) {
    return uploadError('invalid_json', { row, line });
  }
}

async function* elements(
  source: TextSource,
  splitter: JsonArraySplitter,
  flush: (final: boolean) => SourceRow[][],
): AsyncGenerator<SourceRow[]> {
  try {
    for await (const chunk of source.chunks()) {
      splitter.feed(chunk);
      for (const c of flush(false)) yield c;
      if (splitter.stopped) return;
    }
    splitter.end();
    for (const c of flush(true)) yield c;
  } catch (e) {
    if (e instanceof EncodingFailure) throw invalidEncoding(e, splitter.line + e.newlinesBefore);
    throw e;
  } finally {
    await source.close();
  }
}

export async function* readJsonRows(path: string, opts: SourceOptions): AsyncGenerator<SourceRow[]> {
  const limits = resolveLimits(opts.limits);
  const mapper = new ObjectMapper(new ColumnResolver(opts.items, opts.mapping), limits);
  const batch = new RowBatcher(chunkSizeOf(opts));
  const source = await TextSource.open(path, 'utf-8');
  const splitter: JsonArraySplitter = new JsonArraySplitter(limits, (text, row, line) => {
    if (text.length > limits.maxRowBytes / 3 && Buffer.byteLength(text) > limits.maxRowBytes) throw rowTooLarge(row, limits);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw splitter.invalid(row, line);
    }
    if (!isPlainObject(v)) batch.push({ row, values: {}, problem: rowProblem('not_an_object') });
    else batch.push({ row, values: mapper.map(v, row, text.length) });
  });
  yield* elements(source, splitter, (final) => batch.take(final));
}

export async function previewJson(path: string, sampleRows: number, limitsIn?: Partial<SourceLimits>): Promise<Preview> {
  const limits = resolveLimits(limitsIn);
  const source = await TextSource.open(path, 'utf-8');
  const objects: Record<string, unknown>[] = [];
  const splitter: JsonArraySplitter = new JsonArraySplitter(limits, (text, row, line) => {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw splitter.invalid(row, line);
    }
    if (isPlainObject(v)) objects.push(v);
    return objects.length < Math.max(1, sampleRows);
  });
  for await (const _ of elements(source, splitter, () => [])) void _;
  return { ...previewObjects(objects, sampleRows), encoding: 'utf-8' };
}
