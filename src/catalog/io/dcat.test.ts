import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { exportToBuffer } from './fixtures.js';
import { sampleResources, sampleResourceStream } from './sample.js';
import { ACCESS_RIGHTS, FREQUENCIES } from './dcat.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const EU = 'http://publications.europa.eu/resource/authority/';

type Node = Record<string, unknown[]> & { '@id'?: string; '@type'?: string[] };

/** Offline expansion: any attempt to fetch a remote context fails the test. */
const remoteLoads: string[] = [];
const documentLoader = async (url: string): Promise<never> => {
  remoteLoads.push(url);
  throw new Error(`remote document refused: ${url}`);
};

async function expandExport(n: number): Promise<{ doc: Record<string, unknown>; catalog: Node; datasets: Node[] }> {
  const buf = await exportToBuffer(sampleResources(n), 'dcat');
  const doc = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
  const expanded = (await jsonld.expand(doc, { documentLoader: documentLoader as never })) as Node[];
  const catalog = expanded.find((x) => x['@type']?.includes(`${DCAT}Catalog`));
  expect(catalog).toBeDefined();
  const datasets = (catalog![`${DCAT}dataset`] ?? []) as Node[];
  return { doc, catalog: catalog!, datasets };
}

const value = (n: Node, p: string) => (n[p]?.[0] as { '@value'?: unknown })?.['@value'];
const iri = (n: Node, p: string) => (n[p]?.[0] as { '@id'?: string })?.['@id'];

describe('DCAT-AP 3 JSON-LD export', () => {
  it('has an inline context only, and expands offline to a dcat:Catalog with one dcat:Dataset per resource', async () => {
    const { doc, catalog, datasets } = await expandExport(24);
    expect(remoteLoads).toEqual([]);
    const ctx = doc['@context'] as Record<string, string>;
    expect(typeof ctx).toBe('object');
    for (const p of ['dcat', 'dct', 'foaf', 'vcard', 'adms', 'xsd']) expect(ctx[p]).toMatch(/^http/);
    expect(JSON.stringify(doc['@context'])).not.toMatch(/\.jsonld|w3id\.org|schema\.org\/?"/);
    expect(catalog['@id']).toBe('https://share.example.gov.cn/api/v1/catalog');
    expect(datasets).toHaveLength(24);
    for (const d of datasets) expect(d['@type']).toEqual([`${DCAT}Dataset`]);
  });

  it('maps identifier, title, publisher, access rights, periodicity, issued, keywords, theme and distribution', async () => {
    const resources = sampleResources(24);
    const { datasets } = await expandExport(24);
    resources.forEach((r, i) => {
      const d = datasets[i]!;
      expect(value(d, `${DCT}identifier`)).toBe(r.code);
      // jsonld normalizes language tags to lower case.
      expect(d[`${DCT}title`]).toEqual([{ '@value': r.name, '@language': 'zh-cn' }]);
      const publisher = d[`${DCT}publisher`]![0] as Node;
      expect(publisher['@type']).toEqual([`${FOAF}Agent`]);
      expect(value(publisher, `${FOAF}name`)).toBe(r.providerUnitName);
      expect(iri(d, `${DCT}accessRights`)).toBe(ACCESS_RIGHTS[r.openAttribute]);
      expect(value(d, 'urn:govshare:vocab#sharingType')).toBe(r.sharingType);
      expect(iri(d, `${DCT}accrualPeriodicity`)).toBe(FREQUENCIES[r.updateCycle]);
      expect(d[`${DCT}issued`]).toEqual([{ '@value': r.publishedAt, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }]);
      expect((d[`${DCAT}keyword`] as { '@value': string }[]).map((k) => k['@value'])).toEqual(r.keywords);
      expect(d[`${DCAT}theme`]).toHaveLength(1);
      const items = (d['urn:govshare:vocab#dataItem']![0] as { '@list': Node[] })['@list'];
      expect(items.map((x) => value(x, `${DCT}identifier`))).toEqual(r.dataItems.map((x) => x.code));
      const dist = d[`${DCAT}distribution`] as Node[] | undefined;
      if (['spreadsheet', 'database'].includes(r.format) && r.sharingType !== 'none' && !r.metadataOnly) {
        expect(dist![0]!['@type']).toEqual([`${DCAT}Distribution`]);
        expect(iri(dist![0]!, `${DCAT}accessURL`)).toBe(`https://share.example.gov.cn/api/v1/data/${encodeURIComponent(r.code)}/records`);
        expect(iri(dist![0]!, `${DCT}format`)).toBe(`${EU}file-type/JSON`);
        expect(iri(dist![0]!, `${DCAT}mediaType`)).toBe('http://www.iana.org/assignments/media-types/application/json');
      } else expect(dist).toBeUndefined();
    });
  });

  it('uses the EU vocabularies for every open attribute and update cycle', async () => {
    expect(ACCESS_RIGHTS).toEqual({ open: `${EU}access-right/PUBLIC`, conditional: `${EU}access-right/RESTRICTED`, closed: `${EU}access-right/NON_PUBLIC` });
    expect(FREQUENCIES).toEqual({
      realtime: `${EU}frequency/UPDATE_CONT`,
      daily: `${EU}frequency/DAILY`,
      weekly: `${EU}frequency/WEEKLY`,
      monthly: `${EU}frequency/MONTHLY`,
      quarterly: `${EU}frequency/QUARTERLY`,
      half_yearly: `${EU}frequency/ANNUAL_2`,
      yearly: `${EU}frequency/ANNUAL`,
      irregular: `${EU}frequency/IRREG`,
    });
  });

  it('is valid JSON for an empty catalog and for a streamed source', async () => {
    const empty = JSON.parse((await exportToBuffer([], 'dcat')).toString('utf8')) as Record<string, unknown>;
    expect(empty['dcat:dataset']).toEqual([]);
    const streamed = JSON.parse((await exportToBuffer(sampleResourceStream(5), 'dcat')).toString('utf8')) as Record<string, unknown[]>;
    expect(streamed['dcat:dataset']).toHaveLength(5);
  });
});
