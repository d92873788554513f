import { describe, expect, it } from 'vitest';
import { defaultMasking, normalizeResourceInput, validateResourceInput, type ValidationContext } from './validate.js';
import type { DataItemInput, ResourceInput } from './model.js';
import { hasMessage } from '../core/i18n.js';
import { sampleInput } from './test-fixtures.js';

const ctx: ValidationContext = {
  unitExists: (id) => ['u1', 'u2'].includes(id),
  classificationExists: (id) => id === 'cls',
  elementExists: (code) => ['DE0001', 'DE0002'].includes(code),
};

const valid = (over: Partial<ResourceInput> = {}) => sampleInput('cls', over);
const codes = (input: ResourceInput) => validateResourceInput(input, ctx).map((i) => `${i.field}:${i.code}`);
const item = (over: Partial<DataItemInput>): DataItemInput => ({ name: '字段', code: 'f', dataType: 'C', length: 10, isKey: true, ...over });
const withItems = (...items: DataItemInput[]) => valid({ dataItems: items });

describe('validateResourceInput', () => {
  it('accepts a complete mandatory tabular resource', () => {
    expect(codes(valid())).toEqual([]);
  });

  it('every issue has a registered zh/en message', () => {
    const all = validateResourceInput(
      {
        ...valid({ sharingType: 'none', secrecyLevel: 'secret_classified', openAttribute: 'open', keywords: Array(21).fill('k') }),
        name: '',
        classificationId: 'nope',
        layer: 'x' as never,
        updateTimeLimitDays: 400,
        dataItems: [item({ code: 'Bad', dataType: 'N', length: null, precision: 50 }), item({ code: 'Bad', dataType: 'M', length: 3, masking: 'custom', elementCode: 'NOPE' })],
      },
      ctx,
    );
    expect(all.length).toBeGreaterThan(8);
    for (const i of all) expect(hasMessage(i.messageKey), i.messageKey).toBe(true);
  });

  describe('sharing type (R3)', () => {
    it('non-shared needs its legal basis', () => {
      expect(codes(valid({ sharingType: 'none', legalBasis: '' }))).toEqual(['legalBasis:legal_basis_required']);
      expect(codes(valid({ sharingType: 'none', legalBasis: '  ' }))).toEqual(['legalBasis:legal_basis_required']);
      expect(codes(valid({ sharingType: 'none', legalBasis: '《中华人民共和国统计法》第二十五条' }))).toEqual([]);
    });

    it('restricted needs conditions and a scope (all units or at least one)', () => {
      expect(codes(valid({ sharingType: 'restricted', sharingConditions: '', sharingScope: { all: false, unitIds: [] } }))).toEqual([
        'sharingConditions:conditions_required',
        'sharingScope:scope_required',
      ]);
      expect(codes(valid({ sharingType: 'restricted', sharingConditions: '仅限核验', sharingScope: undefined }))).toEqual(['sharingScope:scope_required']);
      expect(codes(valid({ sharingType: 'restricted', sharingConditions: '仅限核验', sharingScope: { all: true, unitIds: [] } }))).toEqual([]);
      expect(codes(valid({ sharingType: 'restricted', sharingConditions: '仅限核验', sharingScope: { all: false, unitIds: ['u1'] } }))).toEqual([]);
    });

    it('scope units must exist and not repeat', () => {
      expect(codes(valid({ sharingType: 'restricted', sharingConditions: 'c', sharingScope: { all: false, unitIds: ['u1', 'zz', 'u1'] } }))).toEqual([
        'sharingScope.unitIds.1:unit_not_found',
        'sharingScope.unitIds.2:duplicate_value',
      ]);
    });

    it('shared resources need a sharing method', () => {
      expect(codes(valid({ sharingMethods: [] }))).toEqual(['sharingMethods:methods_required']);
      expect(codes(valid({ sharingType: 'none', legalBasis: 'x', sharingMethods: [] }))).toEqual([]);
    });
  });

  describe('classified (涉密) resources', () => {
    const classified = (over: Partial<ResourceInput>) => valid({ secrecyLevel: 'secret_classified', sharingMethods: [], openAttribute: 'closed', ...over });

    it('cannot be mandatory', () => {
      expect(codes(classified({ sharingType: 'mandatory' }))).toEqual(['sharingType:classified_cannot_be_mandatory']);
    });

    it('may be non-shared with a legal basis, or restricted with conditions', () => {
      expect(codes(classified({ sharingType: 'none', legalBasis: '《保守国家秘密法》' }))).toEqual([]);
      expect(codes(classified({ sharingType: 'restricted', sharingConditions: '经保密审查', sharingScope: { all: false, unitIds: ['u1'] } }))).toEqual([]);
    });

    it('have no sharing method and are never open', () => {
      expect(codes(classified({ sharingType: 'none', legalBasis: 'x', sharingMethods: ['online_query'], openAttribute: 'open' }))).toEqual([
        'sharingMethods:classified_no_methods',
        'openAttribute:classified_cannot_be_open',
      ]);
    });

    it('are metadata only', () => {
      const n = normalizeResourceInput(classified({ sharingType: 'none', legalBasis: 'x' }));
      expect(n.metadataOnly).toBe(true);
      expect(normalizeResourceInput(valid()).metadataOnly).toBe(false);
    });
  });

  describe('data items', () => {
    it('tabular formats need at least one item and a key; others may have none', () => {
      expect(codes(valid({ dataItems: [] }))).toEqual(['dataItems:data_items_required']);
      expect(codes(valid({ format: 'spreadsheet', dataItems: [] }))).toEqual(['dataItems:data_items_required']);
      expect(codes(withItems(item({ isKey: false })))).toEqual(['dataItems:key_required']);
      for (const format of ['file', 'image', 'stream', 'self_describing', 'service'] as const) expect(codes(valid({ format, dataItems: [] }))).toEqual([]);
    });

    it('codes follow ^[a-z][a-z0-9_]{0,62}$ and are unique within the resource', () => {
      expect(codes(withItems(item({ code: '1abc' })))).toEqual(['dataItems.0.code:invalid_item_code']);
      expect(codes(withItems(item({ code: 'Name' })))).toEqual(['dataItems.0.code:invalid_item_code']);
      expect(codes(withItems(item({ code: 'a'.repeat(64) })))).toEqual(['dataItems.0.code:invalid_item_code']);
      expect(codes(withItems(item({ code: 'a'.repeat(63) })))).toEqual([]);
      expect(codes(withItems(item({ code: 'x', name: 'A' }), item({ code: 'x', name: 'B' })))).toEqual(['dataItems.1.code:duplicate_item_code']);
      expect(codes(withItems(item({ code: 'x', name: 'A' }), item({ code: 'y', name: 'A' })))).toEqual(['dataItems.1.name:duplicate_item_name']);
      expect(codes(withItems(item({ name: ' ' })))).toEqual(['dataItems.0.name:item_name_required']);
    });

    it('C needs a length of 1..4000', () => {
      expect(codes(withItems(item({ dataType: 'C', length: null })))).toEqual(['dataItems.0.length:length_required']);
      expect(codes(withItems(item({ dataType: 'C', length: 0 })))).toEqual(['dataItems.0.length:length_range']);
      expect(codes(withItems(item({ dataType: 'C', length: 4001 })))).toEqual(['dataItems.0.length:length_range']);
      expect(codes(withItems(item({ dataType: 'C', length: 4000 })))).toEqual([]);
    });

    it('N and Y need a length of 1..38 and a precision of 0..length', () => {
      for (const dataType of ['N', 'Y'] as const) {
        expect(codes(withItems(item({ dataType, length: 10, precision: 2 })))).toEqual([]);
        expect(codes(withItems(item({ dataType, length: null, precision: 2 })))).toEqual(['dataItems.0.length:length_required']);
        expect(codes(withItems(item({ dataType, length: 39, precision: 2 })))).toEqual(['dataItems.0.length:length_range']);
        expect(codes(withItems(item({ dataType, length: 10, precision: null })))).toEqual(['dataItems.0.precision:precision_required']);
        expect(codes(withItems(item({ dataType, length: 10, precision: 11 })))).toEqual(['dataItems.0.precision:precision_range']);
        expect(codes(withItems(item({ dataType, length: 10, precision: -1 })))).toEqual(['dataItems.0.precision:precision_range']);
      }
    });

    it('D/T/L/I/B/F ignore a length; M has none', () => {
      for (const dataType of ['D', 'T', 'L', 'I', 'B', 'F'] as const) {
        expect(codes(withItems(item({ dataType, length: 99 })))).toEqual([]);
        expect(normalizeResourceInput(withItems(item({ dataType, length: 99 }))).dataItems[0]!.length).toBeNull();
      }
      expect(codes(withItems(item({ dataType: 'M', length: null })))).toEqual([]);
      expect(codes(withItems(item({ dataType: 'M', length: 10 })))).toEqual(['dataItems.0.length:length_not_allowed']);
    });

    it('unknown data types are refused (import rows are not schema-checked)', () => {
      expect(codes(withItems(item({ dataType: 'X' as never })))).toEqual(['dataItems.0.dataType:invalid_value']);
    });

    it('code set values are unique', () => {
      expect(
        codes(
          withItems(
            item({
              codeSet: [
                { value: '1', label: '男' },
                { value: '1', label: '女' },
              ],
            }),
          ),
        ),
      ).toEqual(['dataItems.0.codeSet.1.value:duplicate_code_value']);
    });

    it('a custom masking rule needs its parameters', () => {
      expect(codes(withItems(item({ sensitivity: 'privacy', masking: 'custom' })))).toEqual(['dataItems.0.maskingCustom:masking_custom_required']);
      expect(codes(withItems(item({ sensitivity: 'privacy', masking: 'custom', maskingCustom: { keepStart: 1, keepEnd: 1, maskChar: '**' } })))).toEqual([
        'dataItems.0.maskingCustom.maskChar:invalid_mask_char',
      ]);
      expect(codes(withItems(item({ sensitivity: 'privacy', masking: 'custom', maskingCustom: { keepStart: 3, keepEnd: 4, maskChar: '*' } })))).toEqual([]);
    });

    it('the standard data element must exist', () => {
      expect(codes(withItems(item({ elementCode: 'DE9999' })))).toEqual(['dataItems.0.elementCode:element_not_found']);
      expect(codes(withItems(item({ elementCode: 'DE0001' })))).toEqual([]);
    });
  });

  describe('sensitive items get a default masking rule from their name', () => {
    it.each([
      ['公民身份号码', 'id_card'],
      ['法定代表人身份证号', 'id_card'],
      ['手机号码', 'phone'],
      ['联系电话', 'phone'],
      ['姓名', 'name'],
      ['户籍地址', 'address'],
      ['现住址', 'address'],
      ['银行账号', 'bank_account'],
      ['银行卡号', 'bank_account'],
      ['出生日期', 'none'],
    ])('%s → %s', (name, rule) => {
      expect(defaultMasking(name)).toBe(rule);
    });

    it('only when sensitive and not given', () => {
      const n = normalizeResourceInput(
        withItems(item({ name: '手机号码', code: 'a', sensitivity: 'privacy' }), item({ name: '手机号码2', code: 'b' }), item({ name: '姓名', code: 'c', sensitivity: 'privacy', masking: 'custom', maskingCustom: { keepStart: 1, keepEnd: 0, maskChar: '*' } })),
      );
      expect(n.dataItems.map((d) => d.masking)).toEqual(['phone', 'none', 'custom']);
    });
  });

  describe('limits', () => {
    it('name ≤ 200, abstract ≤ 4000, keywords ≤ 20, update time limit 0..365', () => {
      expect(codes(valid({ name: 'x'.repeat(201) }))).toEqual(['name:too_long']);
      expect(codes(valid({ name: '' }))).toEqual(['name:name_required']);
      expect(codes(valid({ abstract: 'x'.repeat(4001) }))).toEqual(['abstract:too_long']);
      expect(codes(valid({ keywords: Array.from({ length: 21 }, (_, i) => `k${i}`) }))).toEqual(['keywords:too_many_keywords']);
      expect(codes(valid({ updateTimeLimitDays: 366 }))).toEqual(['updateTimeLimitDays:out_of_range']);
      expect(codes(valid({ updateTimeLimitDays: -1 }))).toEqual(['updateTimeLimitDays:out_of_range']);
      expect(codes(valid({ updateTimeLimitDays: 365 }))).toEqual([]);
    });

    it('classification must exist; related codes follow the code pattern', () => {
      expect(codes(valid({ classificationId: 'other' }))).toEqual(['classificationId:classification_not_found']);
      expect(codes(valid({ relatedCodes: ['101/000001', 'bad'] }))).toEqual(['relatedCodes.1:invalid_resource_code']);
    });

    it('enumerations are checked', () => {
      expect(codes({ ...valid(), layer: 'x' as never, format: 'y' as never, updateCycle: 'z' as never, sharingType: 'w' as never })).toEqual([
        'layer:invalid_value',
        'format:invalid_value',
        'sharingType:invalid_value',
        'updateCycle:invalid_value',
      ]);
    });
  });
});
