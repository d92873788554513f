import type { Messages } from './keys';

/** Portal text of integrity (issue 6, English). */
export const integrityEn: Messages['integrity'] = {
  menu: {
    group: 'Data integrity',
    page: 'Data integrity',
  },
  home: {
    page: 'Whether the audit log, shared datasets or database structure were changed behind the platform (Art. 31 item 7)',
  },
  page: {
    title: 'Data integrity checks',
    description:
      'Detects unauthorized deletion or modification of the platform or its shared databases (Art. 31 item 7): incremental sweeps in the background, a full verification on demand; findings are registered as violation candidates.',
  },
  status: {
    ok: 'Intact',
    broken: 'Problems found',
    never: 'Not run yet',
  },
  summary: {
    ok: 'Every check is intact',
    broken: 'Data changed directly in the database was found (Art. 31 item 7); see the evidence below',
    incomplete: 'Some checks have not run yet; use "Verify everything now"',
    note: 'A sweep checks what is new plus a rotating slice of older records; a full verification checks every audit event and dataset row. A problem stays listed until a full verification no longer finds it.',
  },
  verify: {
    button: 'Verify everything now',
    clean: 'Full verification done: nothing found',
    found: 'Full verification done: problems found, see the evidence below',
  },
  mode: {
    sweep: 'Incremental sweep',
    full: 'Full verification',
  },
  field: {
    lastRunAt: 'Last run',
    mode: 'Mode',
    lastFullAt: 'Last full verification',
    scope: 'Scope',
    duration: 'Duration',
    ms: '{{ms}} ms',
    article: 'Basis',
  },
  scope: {
    audit: '{{events}} audit events, {{chains}} chain(s)',
    dataset: '{{datasets}} datasets, {{rows}} rows compared, {{sealed}} newly sealed',
    schema: '{{objects}} schema objects, {{tables}} dataset tables',
  },
  finding: {
    title: 'Finding',
    evidence: 'Evidence',
    observedAt: 'Observed',
    none: 'Nothing found',
    openDataset: 'Open the dataset',
  },
  evidence: {
    chain: 'Chain',
    firstBadSeq: 'First bad seq',
    detail: 'Detail',
    table: 'Table',
    count: 'Rows',
    keys: 'Record keys (some)',
    seqs: 'Change seqs',
    hashes: 'Sealed hash → found hash',
    object: 'Schema object',
    expectedFound: 'Expected → found',
  },
};
