import { Type, type Static } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { FILE_LIMITS } from './model.js';
import { PurposeSchema } from '../purpose.js';

/** The files API contract (/api/v1/data/{code}/files…): requests, responses, OpenAPI. */

export { Problem, problems };

const ResourceCode = Type.String({
  minLength: 1,
  maxLength: 64,
  description: '资源代码 resource code; URL-encode the slash in paths: A03%2F000001',
});

export const CodeParams = Type.Object({ code: ResourceCode });
export const FileParams = Type.Object({ code: ResourceCode, fileId: Type.String({ minLength: 1, maxLength: 64 }) });

export const UploadQuery = Type.Object({
  name: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: FILE_LIMITS.nameMax,
      description: 'File name (no path). Required for a raw body; a multipart upload may send it as a field before the file or use the part\'s filename.',
    }),
  ),
  note: Type.Optional(Type.String({ maxLength: FILE_LIMITS.noteMax, description: 'What this version is (change note)' })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});
export type UploadQuery = Static<typeof UploadQuery>;

export const ReadQuery = Type.Object({
  purpose: Type.Optional(PurposeSchema),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});

export const ListQuery = Type.Object({
  purpose: Type.Optional(PurposeSchema),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: FILE_LIMITS.nameMax, description: 'Only the versions of this file name' })),
  latest: Type.Optional(Type.Boolean({ description: 'Only the newest version of each file name' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FILE_LIMITS.listMax, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});

export const FileInfo = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  name: Type.String(),
  version: Type.Integer({ description: '1, 2, 3, … per file name' }),
  contentType: Type.String({ description: 'Detected from the content (never taken from the client)' }),
  bytes: Type.Integer(),
  sha256: Type.String({ description: 'Lowercase hex SHA-256 of the content; the download\'s ETag' }),
  note: Type.Union([Type.Null(), Type.String()]),
  uploadedByUnitId: Type.String(),
  uploadedBy: Type.String(),
  uploadedAt: Type.String({ description: 'ISO-8601 UTC timestamp' }),
});

export const FileList = Type.Object({ items: Type.Array(FileInfo), total: Type.Integer() });
