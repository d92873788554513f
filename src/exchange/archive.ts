/**
 * The archival package of a dataset (R7, 第七条: resources recorded and kept in electronic form,
 * archived to an electronic archiving standard): one ZIP a provider unit or the authority can hand
 * to the archives bureau, self-describing and verifiable without GovShare.
 *
 *   dataset.ndjson  one RecordRow per line (item values in their stored form + _key, _rev, _updatedAt)
 *   dataset.csv     UTF-8 with BOM, header = data item codes; uploadable as-is to restore the dataset
 *   fields.csv      what each item code means: name, data type, length, precision, key, code set
 *   metadata.json   the catalog entry (Resource) of the archived version, data items included
 *   README.txt      what the package is and how to verify it (zh-CN + en)
 *   SHA256SUMS      `sha256sum -c` input for the five files above
 *   manifest.json   format, resource, version, export time and actor, row count, change-feed
 *                   position, and bytes + SHA-256 of every other entry; written last
 *
 * Memory stays flat whatever the dataset size. Rows are read once, batch by batch: each batch's
 * NDJSON goes straight into the ZIP entry being written (backpressure from `out` pauses the
 * reading), and its CSV goes to a temporary file, because yazl writes entries one after another
 * and the CSV entry cannot start before the NDJSON one ends. Both are hashed as they are written,
 * so when the rows end every hash is known: the CSV file is then added from disk, the small
 * entries from buffers, the manifest last. The temporary directory is removed in every case.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { DATA_TYPE_LABELS, SHARING_TYPE_LABELS, UPDATE_CYCLE_LABELS, type Resource } from '../catalog/model.js';
import type { DatasetSchema, RecordRow } from './types.js';

export const ARCHIVE_FORMAT = 'govshare-archive/1';

export interface ArchiveInput {
  /** The catalog entry of the archived version (written to metadata.json). */
  resource: Resource;
  /** The dataset as it was when the export began (items, lastSeq). */
  schema: DatasetSchema;
  /** Every live row, unmasked, in the order to archive (ExchangeService.scanRows). */
  rows: AsyncIterable<RecordRow[]>;
  /** ISO-8601 UTC. Also the modification time of every entry, so equal inputs give equal entries. */
  exportedAt: string;
  /** Who exported it (actor name; unit in brackets is a good idea). */
  exportedBy: string;
  platformVersion?: string;
  /** Where the temporary CSV is written (default: the OS temporary directory). Needs as much space as the CSV. */
  tmpDir?: string;
}

export interface ArchiveFile {
  name: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the entry's content. */
  sha256: string;
}

export interface ArchiveResult {
  /** Every entry in ZIP order, manifest.json last. */
  files: ArchiveFile[];
  rowCount: number;
  /** The ZIP as written to `out` (for the audit event). */
  archive: { bytes: number; sha256: string };
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  resourceCode: string;
  resourceName: string;
  version: number;
  providerUnitId: string;
  providerUnitName: string;
  exportedAt: string;
  exportedBy: string;
  platformVersion: string | null;
  rowCount: number;
  /** Change-feed position of the dataset when the export began. */
  lastSeq: number;
  hashAlgorithm: 'sha256';
  files: ArchiveFile[];
}

const BOM = '\ufeff';

/** One CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180). */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** A file being written whose size and hash are tracked as it is written. */
class Tracked {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  constructor(
    readonly name: string,
    readonly stream: Writable,
  ) {}
  digest(): ArchiveFile {
    return { name: this.name, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

function fromBuffer(name: string, buf: Buffer): ArchiveFile {
  return { name, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
}

function fieldsCsv(schema: DatasetSchema): Buffer {
  let s = BOM + csvLine(['code', 'name', 'dataType', 'dataTypeName', 'length', 'precision', 'required', 'isKey', 'codeSet', 'description']);
  for (const d of schema.items) {
    s += csvLine([
      d.code,
      d.name,
      d.dataType,
      `${DATA_TYPE_LABELS[d.dataType].zh} ${DATA_TYPE_LABELS[d.dataType].en}`,
      d.length,
      d.precision,
      d.required || d.isKey,
      d.isKey,
      d.codeSet?.map((e) => `${e.value}=${e.label}`).join('|') ?? '',
      d.description,
    ]);
  }
  return Buffer.from(s, 'utf8');
}

function readme(input: ArchiveInput, rowCount: number): Buffer {
  const r = input.resource;
  const lines = [
    `GovShare 数据归档包 / GovShare archival package (${ARCHIVE_FORMAT})`,
    '',
    `信息资源 Resource:     ${r.name} (${r.code})`,
    `目录版本 Version:      ${r.version}`,
    `提供单位 Provider:     ${r.providerUnitName}`,
    `共享类型 Sharing:      ${SHARING_TYPE_LABELS[r.sharingType].zh} / ${SHARING_TYPE_LABELS[r.sharingType].en}`,
    `更新周期 Update cycle: ${UPDATE_CYCLE_LABELS[r.updateCycle].zh} / ${UPDATE_CYCLE_LABELS[r.updateCycle].en}`,
    `记录数 Rows:           ${rowCount}`,
    `变更序号 Change seq:   ${input.schema.lastSeq}`,
    `导出时间 Exported at:  ${input.exportedAt}`,
    `导出人 Exported by:    ${input.exportedBy}`,
    '',
    '== 内容 ==',
    '本归档包依据《三亚市政务信息资源共享管理办法》第七条，以电子形式保存一个共享信息资源在导出时的全部数据：',
    '  dataset.ndjson  每行一条记录（JSON），含信息项取值及 _key（记录键）、_rev（修订号）、_updatedAt（最后更新时间）',
    '  dataset.csv     同样的记录，UTF-8（带 BOM），首行为信息项代码；可原样通过数据上传接口导入以恢复数据',
    '  fields.csv      信息项代码与名称、数据类型、长度、精度、主键、代码集的对照表',
    '  metadata.json   该资源的目录信息（含版本与全部信息项）',
    '  SHA256SUMS      上述文件及本说明的 SHA-256 校验值',
    '  manifest.json   归档清单：资源、版本、导出时间与导出人、记录数、变更序号，以及其余每个文件的字节数和 SHA-256',
    '',
    '== 校验 ==',
    '解压后在解压目录中执行（Linux / macOS）：',
    '  sha256sum -c SHA256SUMS',
    '每个文件应显示“OK”（英文环境为 OK）。Windows 可逐个核对：',
    '  certutil -hashfile dataset.csv SHA256',
    '  （PowerShell：Get-FileHash dataset.csv -Algorithm SHA256）',
    '并与 manifest.json 中 files 列出的 sha256 比较。任何一个值不一致，说明文件已被改动或损坏。',
    '日期时间均为 UTC（ISO 8601）；数值型与货币型信息项以十进制文本保存，不丢失精度。',
    '用表格软件打开 CSV 时请以“文本”方式导入，避免身份证号等长数字被改写。',
    '',
    '== Contents ==',
    'Under Article 7 of the Sanya Measures, this package keeps, in electronic form, the whole data of one shared',
    'information resource as it was when exported:',
    '  dataset.ndjson  one record per line (JSON): item values plus _key (record key), _rev (revision), _updatedAt',
    '  dataset.csv     the same records, UTF-8 with BOM, header = data item codes; can be uploaded as-is to restore',
    '  fields.csv      data item codes with their names, data types, lengths, precision, key flag and code sets',
    '  metadata.json   the catalog entry of the resource (version and all data items)',
    '  SHA256SUMS      SHA-256 of the files above and of this README',
    '  manifest.json   the manifest: resource, version, export time and actor, row count, change sequence, and the',
    '                  size and SHA-256 of every other file',
    '',
    '== Verifying ==',
    'Unzip, then in the extracted directory run (Linux / macOS):',
    '  sha256sum -c SHA256SUMS',
    'Every file must report OK. On Windows compare `certutil -hashfile <file> SHA256` (or PowerShell',
    '`Get-FileHash <file> -Algorithm SHA256`) with the sha256 values listed under "files" in manifest.json.',
    'Any difference means the file was altered or damaged.',
    'Date-times are UTC (ISO 8601); numeric and currency items are decimal text, so no precision is lost.',
    'Import the CSV into a spreadsheet as text so long digit strings such as ID numbers are not rewritten.',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/**
 * Writes the archival package of a dataset to `out` as a ZIP (and ends `out`). Resolves when the
 * last byte is written; rejects, and destroys what it created, if the rows, the disk or `out` fail.
 */
export async function writeArchive(out: NodeJS.WritableStream, input: ArchiveInput): Promise<ArchiveResult> {
  const mtime = new Date(input.exportedAt);
  if (Number.isNaN(mtime.getTime())) throw new RangeError(`exportedAt is not a date-time: ${input.exportedAt}`);
  const zip = new yazl.ZipFile();
  const zipHash = createHash('sha256');
  let zipBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      zipHash.update(chunk);
      zipBytes += chunk.length;
      cb(null, chunk);
    },
  });
  const piped = pipeline(zip.outputStream, counter, out);
  // A failure of `out` (a client that went away) must also stop a writer waiting for 'drain'.
  const failed = new Promise<never>((_, reject) => {
    piped.catch(reject);
    zip.on('error', reject);
  });
  failed.catch(() => {});

  const write = async (t: Tracked, chunk: string): Promise<void> => {
    const buf = Buffer.from(chunk, 'utf8');
    t.hash.update(buf);
    t.bytes += buf.length;
    if (!t.stream.write(buf)) await Promise.race([once(t.stream, 'drain'), failed]);
  };

  const tmp = await mkdtemp(join(input.tmpDir ?? tmpdir(), 'govshare-archive-'));
  const csvPath = join(tmp, 'dataset.csv');
  const ndjson = new Tracked('dataset.ndjson', new PassThrough());
  const csv = new Tracked('dataset.csv', createWriteStream(csvPath));
  try {
    zip.addReadStream(ndjson.stream as PassThrough, ndjson.name, { mtime });
    const codes = input.schema.items.map((d) => d.code);
    await write(csv, BOM + csvLine(codes));
    let rowCount = 0;
    for await (const batch of input.rows) {
      let lines = '';
      let rows = '';
      for (const row of batch) {
        lines += JSON.stringify(row) + '\n';
        let line = '';
        for (let k = 0; k < codes.length; k++) line += (k === 0 ? '' : ',') + csvField(row[codes[k]!]);
        rows += line + '\r\n';
      }
      rowCount += batch.length;
      if (lines) {
        await write(ndjson, lines);
        await write(csv, rows);
      }
    }
    ndjson.stream.end();
    csv.stream.end();
    await Promise.race([once(csv.stream, 'finish'), failed]);
    zip.addFile(csvPath, csv.name, { mtime });

    const files: ArchiveFile[] = [ndjson.digest(), csv.digest()];
    const add = (name: string, buf: Buffer) => {
      zip.addBuffer(buf, name, { mtime });
      files.push(fromBuffer(name, buf));
    };
    add('fields.csv', fieldsCsv(input.schema));
    add('metadata.json', Buffer.from(JSON.stringify(input.resource, null, 2) + '\n', 'utf8'));
    add('README.txt', readme(input, rowCount));
    add('SHA256SUMS', Buffer.from(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''), 'utf8'));
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      resourceCode: input.resource.code,
      resourceName: input.resource.name,
      version: input.resource.version,
      providerUnitId: input.resource.providerUnitId,
      providerUnitName: input.resource.providerUnitName,
      exportedAt: input.exportedAt,
      exportedBy: input.exportedBy,
      platformVersion: input.platformVersion ?? null,
      rowCount,
      lastSeq: input.schema.lastSeq,
      hashAlgorithm: 'sha256',
      files: [...files],
    };
    const manifestBuf = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    zip.addBuffer(manifestBuf, 'manifest.json', { mtime });
    files.push(fromBuffer('manifest.json', manifestBuf));
    zip.end();
    await piped;
    return { files, rowCount, archive: { bytes: zipBytes, sha256: zipHash.digest('hex') } };
  } catch (e) {
    ndjson.stream.destroy();
    csv.stream.destroy();
    (zip.outputStream as PassThrough).destroy?.();
    if (!(out as Writable).destroyed) (out as Writable).destroy?.(e as Error);
    throw e;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
