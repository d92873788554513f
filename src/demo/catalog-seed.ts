import type { Platform } from '../platform.js';
import type { AuditActor } from '../audit/types.js';
import type { ResourceInput } from '../catalog/model.js';
import { DEMO_CLASSIFICATIONS, DEMO_ELEMENTS, DEMO_RESOURCES, type DemoResource } from './catalog-data.js';

/** A workflow step the demo shows in progress rather than published. */
type DemoStage = 'published' | 'submitted' | 'returned' | 'draft' | 'change';

/**
 * Which demo resources stop before publication, so the review queue, the returned list and a
 * pending change have something real in them. Index into DEMO_RESOURCES.
 */
const STAGES: Record<number, DemoStage> = { 18: 'submitted', 19: 'returned', 33: 'draft', 35: 'change', 44: 'submitted' };

function toInput(r: DemoResource, classificationId: string, unitIds: Map<number, string>): ResourceInput {
  const tabular = r.format === 'database' || r.format === 'spreadsheet';
  const classified = r.secrecy === 'secret_classified';
  return {
    name: r.name,
    abstract: r.abstract,
    classificationId,
    layer: r.layer,
    format: r.format,
    storageFormat: r.storageFormat ?? (r.format === 'database' ? '关系型数据库表' : r.format === 'spreadsheet' ? 'XLSX' : r.format === 'service' ? 'REST/JSON' : ''),
    secrecyLevel: r.secrecy ?? (r.sharingType === 'mandatory' ? 'public' : 'internal'),
    dataGrade: r.sharingType === 'restricted' ? 'important' : 'general',
    sharingType: r.sharingType,
    sharingConditions: r.conditions ?? '',
    sharingScope: r.scope ? { all: false, unitIds: r.scope.map((s) => unitIds.get(s)!).filter(Boolean) } : { all: true, unitIds: [] },
    legalBasis: r.legalBasis ?? '',
    sharingMethods: classified || r.sharingType === 'none' ? [] : r.methods ?? (tabular ? ['online_query', 'batch_exchange', 'subscription'] : ['file_download']),
    openAttribute: classified || r.sharingType === 'none' ? 'closed' : r.sharingType === 'mandatory' && !r.items?.some((i) => i.sensitivity && i.sensitivity !== 'none') ? 'conditional' : 'closed',
    updateCycle: r.updateCycle,
    updateTimeLimitDays: r.updateCycle === 'realtime' ? 0 : r.updateCycle === 'daily' ? 1 : 5,
    keywords: r.keywords,
    scenarios: r.scenarios ?? [],
    sourceSystem: r.sourceSystem ?? '',
    targetDatabase: r.targetDatabase ?? '',
    dataItems: tabular ? r.items ?? [] : [],
  };
}

/**
 * Seeds the demo catalog through the real workflow: classifications, standard data elements,
 * then each resource drafted by its unit, submitted, approved and confirmed — except a few left
 * in review, returned, draft or mid-change so every role's queue has something in it.
 */
export async function seedCatalogDemo(platform: Platform, unitIds: Map<number, string>, by: AuditActor): Promise<{ resources: number; published: number }> {
  const { catalog } = platform;
  const classIds = new Map<string, string>();
  for (const c of DEMO_CLASSIFICATIONS) {
    const created = await catalog.createClassification(by, { kind: c.kind, code: c.code, name: c.name, parentId: c.parent ? classIds.get(c.parent)! : null });
    classIds.set(c.code, created.id);
  }
  for (const e of DEMO_ELEMENTS) {
    await catalog.createDataElement(by, { code: e.code, name: e.name, dataType: e.dataType, definition: e.description, authoritativeUnitId: unitIds.get(e.unit)! });
  }
  let published = 0;
  for (const [i, r] of DEMO_RESOURCES.entries()) {
    const stage = STAGES[i] ?? 'published';
    const draft = await catalog.createDraft(by, unitIds.get(r.unit)!, toInput(r, classIds.get(r.classification)!, unitIds));
    if (stage === 'draft') continue;
    await catalog.submit(by, draft.code, '按第十二条报送本单位可共享信息资源');
    if (stage === 'submitted') continue;
    if (stage === 'returned') {
      await catalog.returnToUnit(by, draft.code, '请补充共享条件中的使用范围，并核对信息项“参保状态”的代码集');
      continue;
    }
    await catalog.approve(by, draft.code, '审核通过');
    await catalog.confirm(by, draft.code, '确认发布');
    published++;
    if (stage === 'change') {
      await catalog.startChange(by, draft.code, '新增统计口径说明');
    }
  }
  return { resources: DEMO_RESOURCES.length, published };
}
