/**
 * DCAT-AP 3 as JSON-LD: one dcat:Catalog whose dcat:dataset lists a dcat:Dataset per published
 * resource. The @context is inline — the platform runs without internet access, and a consumer
 * must be able to expand the document offline too. Controlled values use the EU vocabularies
 * (access-right, frequency, file-type) and IANA media types, as DCAT-AP requires; what DCAT has
 * no term for (the R3 sharing type, the data items) is in the govshare: namespace.
 */
import type { OpenAttribute, Resource, UpdateCycle } from '../model.js';
import { isTabular } from '../model.js';
import { end, iterate, write, type ExportOptions, type ResourceSource } from './stream.js';

export const DCAT_CONTENT_TYPE = 'application/ld+json; charset=utf-8';

export const GOVSHARE_NS = 'urn:govshare:vocab#';
const EU = 'http://publications.europa.eu/resource/authority/';

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  govshare: GOVSHARE_NS,
} as const;

/** Whether and how the public may use it (开放属性) → EU access-right. The R3 sharing type is kept in govshare:sharingType. */
export const ACCESS_RIGHTS: Record<OpenAttribute, string> = {
  open: `${EU}access-right/PUBLIC`,
  conditional: `${EU}access-right/RESTRICTED`,
  closed: `${EU}access-right/NON_PUBLIC`,
};

export const FREQUENCIES: Record<UpdateCycle, string> = {
  realtime: `${EU}frequency/UPDATE_CONT`,
  daily: `${EU}frequency/DAILY`,
  weekly: `${EU}frequency/WEEKLY`,
  monthly: `${EU}frequency/MONTHLY`,
  quarterly: `${EU}frequency/QUARTERLY`,
  half_yearly: `${EU}frequency/ANNUAL_2`,
  yearly: `${EU}frequency/ANNUAL`,
  irregular: `${EU}frequency/IRREG`,
};

const zh = (value: string) => ({ '@value': value, '@language': 'zh-CN' });
const id = (iri: string) => ({ '@id': iri });
const dateTime = (iso: string) => ({ '@value': iso, '@type': 'xsd:dateTime' });

export function resourceIri(baseUrl: string, code: string): string {
  return `${baseUrl}/api/v1/catalog/resources/${encodeURIComponent(code)}`;
}

export function recordsUrl(baseUrl: string, code: string): string {
  return `${baseUrl}/api/v1/data/${encodeURIComponent(code)}/records`;
}

export function datasetNode(r: Resource, opts: ExportOptions): Record<string, unknown> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const node: Record<string, unknown> = {
    '@id': resourceIri(base, r.code),
    '@type': 'dcat:Dataset',
    'dct:identifier': r.code,
    'dct:title': zh(r.name),
    'dct:description': zh(r.abstract || r.name),
    'dct:publisher': {
      '@id': `${base}/api/v1/org/units/${encodeURIComponent(r.providerUnitId)}`,
      '@type': 'foaf:Agent',
      'foaf:name': zh(r.providerUnitName),
    },
    'dct:accessRights': id(ACCESS_RIGHTS[r.openAttribute]),
    'govshare:sharingType': r.sharingType,
    'govshare:layer': r.layer,
    'govshare:resourceFormat': r.format,
    'govshare:secrecyLevel': r.secrecyLevel,
    'govshare:dataGrade': r.dataGrade,
    'govshare:sharingMethod': r.sharingMethods,
    'govshare:updateTimeLimitDays': r.updateTimeLimitDays,
    'dct:accrualPeriodicity': id(FREQUENCIES[r.updateCycle]),
    'dcat:version': String(r.version),
    'dcat:keyword': r.keywords.map(zh),
    'dcat:theme': {
      '@id': `${base}/api/v1/catalog/classifications/${encodeURIComponent(r.classificationId)}`,
      '@type': 'skos:Concept',
      'skos:notation': r.classificationCode,
      'skos:prefLabel': zh(r.classificationName),
    },
  };
  if (r.publishedAt) node['dct:issued'] = dateTime(r.publishedAt);
  node['dct:modified'] = dateTime(r.updatedAt);
  if (r.providerDepartment)
    node['dcat:contactPoint'] = { '@type': 'vcard:Organization', 'vcard:fn': zh(`${r.providerUnitName} ${r.providerDepartment}`) };
  if (r.sharingConditions) node['govshare:sharingConditions'] = zh(r.sharingConditions);
  if (r.legalBasis) node['govshare:legalBasis'] = zh(r.legalBasis);
  if (r.scenarios.length > 0) node['govshare:scenario'] = r.scenarios.map(zh);
  if (r.relatedCodes.length > 0) node['dct:relation'] = r.relatedCodes.map((c) => id(resourceIri(base, c)));
  if (r.sourceSystem) node['govshare:sourceSystem'] = zh(r.sourceSystem);
  if (r.targetDatabase) node['govshare:targetDatabase'] = zh(r.targetDatabase);
  if (r.metadataOnly) node['govshare:metadataOnly'] = true;
  // The data are served only for tabular, non-classified resources (DESIGN: classified data never enter the platform).
  if (isTabular(r.format) && !r.metadataOnly && r.sharingType !== 'none') {
    node['dcat:distribution'] = [
      {
        '@id': `${recordsUrl(base, r.code)}#distribution`,
        '@type': 'dcat:Distribution',
        'dct:title': zh(`${r.name}（数据接口）`),
        'dcat:accessURL': id(recordsUrl(base, r.code)),
        'dct:format': id(`${EU}file-type/JSON`),
        'dcat:mediaType': id('http://www.iana.org/assignments/media-types/application/json'),
        'dct:accessRights': id(ACCESS_RIGHTS[r.openAttribute]),
      },
    ];
  }
  node['govshare:dataItem'] = {
    '@list': [...r.dataItems]
      .sort((a, b) => a.seq - b.seq)
      .map((d) => {
        const item: Record<string, unknown> = {
          '@type': 'govshare:DataItem',
          'govshare:seq': d.seq,
          'dct:title': zh(d.name),
          'dct:identifier': d.code,
          'govshare:dataType': d.dataType,
          'govshare:required': d.required,
          'govshare:isKey': d.isKey,
          'govshare:sensitivity': d.sensitivity,
        };
        if (d.length !== null) item['govshare:length'] = d.length;
        if (d.precision !== null) item['govshare:precision'] = d.precision;
        if (d.description) item['dct:description'] = zh(d.description);
        if (d.elementCode) item['govshare:dataElement'] = d.elementCode;
        return item;
      }),
  };
  return node;
}

/** Writes the catalog incrementally: the head, one dataset at a time, then the closing brackets. */
export async function exportDcat(resources: ResourceSource, out: NodeJS.WritableStream, opts: ExportOptions): Promise<void> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const head = {
    '@context': DCAT_CONTEXT,
    '@id': `${base}/api/v1/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': zh(opts.catalogTitle ?? '政务信息资源共享目录'),
    'dct:description': zh('政务信息资源共享平台发布的政务信息资源目录（DCAT-AP 3）'),
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': zh(opts.publisherName ?? '政务信息资源共享平台') },
    'foaf:homepage': id(`${base}/`),
  };
  const headText = JSON.stringify(head, null, 1);
  // Open the object, add the dataset array, stream its members.
  await write(out, `${headText.slice(0, headText.lastIndexOf('}')).trimEnd()},\n "dcat:dataset": [`);
  let first = true;
  for await (const r of iterate(resources)) {
    await write(out, `${first ? '\n' : ',\n'}${JSON.stringify(datasetNode(r, opts))}`);
    first = false;
  }
  await write(out, `${first ? '' : '\n '}]\n}\n`);
  await end(out);
}
