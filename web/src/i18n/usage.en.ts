import type { Messages } from './keys';

/** Portal text of usage (issue 6, English). */
export const usageEn: Messages['usage'] = {
  menu: {
    group: 'Usage',
    page: 'Usage',
  },
  home: { page: 'Calls and records served: monthly trend and top lists' },
  page: {
    title: 'Usage',
    description: 'Data-access events of the audit log, summed per day (kept current in the background).',
    ownScope: 'Only accesses where your unit is the consumer or the provider.',
    year: 'Year',
    trend: 'Monthly trend',
    calls: 'Calls',
    rows: 'Records served',
    refused: 'Refused',
    topResources: 'Top resources',
    topConsumers: 'Top consuming units',
    topProviders: 'Top providing units',
    topKinds: 'Kinds of access',
    resource: 'Resource',
    unit: 'Unit',
    kind: 'Kind',
    none: '(none)',
    total: 'Total',
  },
  kind: { query: 'Query', lookup: 'Lookup', changes: 'Changes', download: 'File download', delivery: 'Subscription delivery', export: 'Archive export' },
};
