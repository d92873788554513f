import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';

/** The dashboards API contract (/api/v1/evaluation/dashboard/…). */
export { Problem, problems };

const Nullable = <T extends TSchema>(s: T) => Type.Union([Type.Null(), s]);
const Int = Type.Integer();
const Str = Type.String();
const NStr = Nullable(Type.String());
const Counts = Type.Record(Type.String(), Type.Integer());

export const KindParams = Type.Object({ kind: Type.Unsafe<'authority' | 'supervision'>({ type: 'string', enum: ['authority', 'supervision'] }) });
export const ExportQuery = Type.Object({ format: Type.String({ description: 'pdf | xlsx' }), lang: Type.Optional(Type.String({ description: 'zh-CN (default) | en' })) });

export const Dashboard = Type.Object({
  kind: Type.String({ description: 'authority 主管部门看板 | supervision 监督看板' }),
  generatedAt: Type.String({ description: 'ISO-8601 UTC: when the figures were computed (cached a few seconds per node)' }),
  year: Int,
  overdueUpdates: Nullable(
    Type.Object({
      total: Int,
      byUnit: Type.Array(Type.Object({ unitId: NStr, unitName: NStr, count: Int })),
      items: Type.Array(Type.Object({ resourceCode: Str, name: Str, providerUnitName: Str, dueAt: Str, daysOverdue: Type.Number() })),
    }),
  ),
  pending: Nullable(
    Type.Object({
      byKind: Type.Array(Type.Object({ kind: Str, open: Int, overdue: Int })),
      byUnit: Type.Array(Type.Object({ unitId: NStr, unitName: NStr, open: Int, overdue: Int })),
    }),
  ),
  violations: Nullable(
    Type.Object({
      total: Int,
      byCategory: Type.Array(Type.Object({ category: Int, count: Int })),
      byState: Counts,
      byUnit: Type.Array(Type.Object({ unitId: Str, unitName: NStr, confirmed: Int, serious: Int })),
    }),
  ),
  usage: Nullable(
    Type.Object({
      monthly: Type.Array(Type.Object({ month: Str, calls: Type.Number(), rows: Type.Number() })),
      daily: Type.Array(Type.Object({ day: Str, calls: Type.Number(), rows: Type.Number() })),
      topConsumers: Type.Array(Type.Object({ unitId: Str, unitName: NStr, calls: Type.Number(), rows: Type.Number() })),
    }),
  ),
  evaluation: Nullable(
    Type.Object({
      runId: Str,
      year: Int,
      version: Int,
      publishedAt: NStr,
      grades: Counts,
      ranking: Type.Array(Type.Object({ unitId: Str, unitName: Str, total: Type.Number(), rank: Int, grade: Str })),
    }),
  ),
  unavailable: Type.Array(Str, { description: 'Parts whose source failed (shown as unavailable)' }),
});
export const FileBody = Type.String({ description: 'The file (application/pdf or XLSX)', format: 'binary' });
