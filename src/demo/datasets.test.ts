import { describe, expect, it } from 'vitest';
import { canonicalKey, normalizeIdNumber, validateRow } from '../exchange/values.js';
import { validateUscc } from '../org/uscc.js';
import { isTabular } from '../catalog/model.js';
import { DEMO_RESOURCES } from './catalog-data.js';
import { DEMO_DATASET_SIZES, DEMO_SEED, demoResource, demoResourceCode, demoRows } from './datasets.js';

/** Demo resources the catalog seed leaves unpublished (submitted, returned, draft: see catalog-seed.ts STAGES). */
const UNPUBLISHED = ['就业登记信息', '职业资格证书信息', '重点项目信息', '建筑业企业资质信息'];

function checkAll(name: string, count: number, seed = DEMO_SEED) {
  const resource = demoResource(name);
  const keys = new Set<string>();
  let n = 0;
  const problems: unknown[] = [];
  for (const row of demoRows(resource, count, seed)) {
    const { issues } = validateRow(resource.dataItems, row);
    if (issues.length > 0 && problems.length < 5) problems.push({ row, issues });
    keys.add(canonicalKey(resource.dataItems, row));
    n++;
  }
  return { n, keys: keys.size, problems };
}

describe('demo datasets', () => {
  it('generates 50,000 valid people with unique, check-digit-correct ID numbers consistent with sex and birth date', () => {
    const resource = demoResource('人口基础信息');
    const keys = new Set<string>();
    const wrong: string[] = [];
    let n = 0;
    // expect() per row would dominate the run time: collect what is wrong and assert once.
    for (const row of demoRows(resource, 50_000, DEMO_SEED)) {
      const { issues } = validateRow(resource.dataItems, row);
      const id = row.sfzhm as string;
      const year = Number(id.slice(6, 10));
      const ok =
        issues.length === 0 &&
        normalizeIdNumber(id) === id &&
        /^46020[2-5]/.test(id) &&
        year >= 1940 &&
        year <= 2020 &&
        row.csrq === `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` &&
        row.xb === (Number(id[16]) % 2 === 1 ? '1' : '2') &&
        row.ssq === id.slice(0, 6) &&
        /^三亚市(吉阳区|天涯区|海棠区|崖州区)/.test(row.hjdz as string);
      if (!ok && wrong.length < 5) wrong.push(JSON.stringify({ row, issues }));
      keys.add(canonicalKey(resource.dataItems, row));
      n++;
    }
    expect(wrong).toEqual([]);
    expect(n).toBe(50_000);
    expect(keys.size).toBe(50_000);
  });

  it('generates 10,000 valid legal persons with unique unified social credit codes', () => {
    const resource = demoResource('法人单位基础信息');
    const codes = new Set<string>();
    const wrong: string[] = [];
    for (const row of demoRows(resource, 10_000, DEMO_SEED)) {
      const { issues } = validateRow(resource.dataItems, row);
      const code = row.tyshxydm as string;
      if ((issues.length > 0 || !validateUscc(code) || !/^9[123]46020[2-5]00/.test(code)) && wrong.length < 5) wrong.push(JSON.stringify({ row, issues }));
      codes.add(canonicalKey(resource.dataItems, row));
    }
    expect(wrong).toEqual([]);
    expect(codes.size).toBe(10_000);
  });

  it('sizes every published tabular demo resource, the base registers large and the rest 50–500 rows', () => {
    const published = DEMO_RESOURCES.filter((r) => isTabular(r.format) && !UNPUBLISHED.includes(r.name)).map((r) => r.name);
    expect(Object.keys(DEMO_DATASET_SIZES).sort()).toEqual([...published].sort());
    expect(DEMO_DATASET_SIZES['人口基础信息']).toBe(50_000);
    expect(DEMO_DATASET_SIZES['法人单位基础信息']).toBe(10_000);
    for (const [name, size] of Object.entries(DEMO_DATASET_SIZES)) {
      if (name === '人口基础信息' || name === '法人单位基础信息') continue;
      expect(size, name).toBeGreaterThanOrEqual(50);
      expect(size, name).toBeLessThanOrEqual(500);
    }
  });

  it('generates valid rows with unique keys for every demo dataset at its demo size', () => {
    for (const [name, size] of Object.entries(DEMO_DATASET_SIZES)) {
      if (size > 1000) continue; // the two registers have their own tests above
      const r = checkAll(name, size);
      expect(r.problems, name).toEqual([]);
      expect(r.n, name).toBe(size);
      expect(r.keys, name).toBe(size);
    }
  });

  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    for (const name of ['人口基础信息', '城市管理案件信息', '社保参保信息']) {
      const resource = demoResource(name);
      const a = [...demoRows(resource, 300, 7)];
      const b = [...demoRows(resource, 300, 7)];
      const c = [...demoRows(resource, 300, 8)];
      expect(b).toEqual(a);
      expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    }
  });

  it('keeps one world per seed: people and companies referenced elsewhere are those of the base registers', () => {
    const people = new Map<string, unknown>();
    for (const row of demoRows(demoResource('人口基础信息'), 50_000, DEMO_SEED)) people.set(row.sfzhm as string, row.xm);
    const companies = new Set<string>();
    for (const row of demoRows(demoResource('法人单位基础信息'), 10_000, DEMO_SEED)) companies.add(row.tyshxydm as string);

    const insured = [...demoRows(demoResource('社保参保信息'), 200, DEMO_SEED)];
    for (const row of insured) {
      expect(row.shbzhm).toBe(row.sfzhm);
      expect(people.get(row.sfzhm as string), row.sfzhm as string).toBe(row.xm);
      expect(companies.has(row.cbdw_tyshxydm as string)).toBe(true);
    }
    for (const row of demoRows(demoResource('行政处罚信息（市场监管）'), 200, DEMO_SEED)) expect(companies.has(row.tyshxydm as string)).toBe(true);
    for (const row of demoRows(demoResource('婚姻登记信息'), 100, DEMO_SEED)) {
      expect(Number((row.nf_sfzhm as string)[16]) % 2).toBe(1);
      expect(Number((row.vf_sfzhm as string)[16]) % 2).toBe(0);
    }
  });

  it('uses only unreachable phone numbers and no real-looking plates', () => {
    for (const name of ['流动人口居住登记信息', '吉阳区社区人口信息', '海棠区网格化管理信息']) {
      const resource = demoResource(name);
      const phoneItem = resource.dataItems.find((d) => d.masking === 'phone')!;
      for (const row of demoRows(resource, 300, DEMO_SEED)) {
        const phone = row[phoneItem.code];
        if (phone !== null) expect(phone).toMatch(/^0898-0000\d{4}$/);
      }
    }
    for (const row of demoRows(demoResource('机动车登记信息'), 300, DEMO_SEED)) expect(row.hphm).toMatch(/^琼BO\d{4}$/);
  });

  it('refuses a count its key cannot make unique, and resources without a key', () => {
    expect(() => [...demoRows(demoResource('机动车登记信息'), 10_001, 1)]).toThrow(RangeError);
    const keyless = demoResource('人口基础信息');
    keyless.dataItems = keyless.dataItems.map((d) => ({ ...d, isKey: false }));
    expect(() => demoRows(keyless, 1, 1).next()).toThrow(RangeError);
  });

  it('knows the codes the demo catalog assigns', () => {
    expect(demoResourceCode('人口基础信息')).toBe('A01/000001');
    expect(demoResourceCode('法人单位基础信息')).toBe('A02/000001');
    expect(demoResourceCode('社会组织登记信息')).toBe('A02/000002');
    const r = demoResource('人口基础信息');
    expect(r.code).toBe('A01/000001');
    expect(r.dataItems.find((d) => d.code === 'sfzhm')).toMatchObject({ isKey: true, masking: 'id_card', seq: 1 });
  });
});
