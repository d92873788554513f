import { describe, expect, it } from 'vitest';
import { MASKING_RULES, type MaskingRule } from '../catalog/model.js';
import { mask } from './masking.js';

describe('mask', () => {
  it('keeps null as null and leaves values alone for rule none', () => {
    for (const rule of MASKING_RULES) {
      expect(mask(rule, null)).toBeNull();
      expect(mask(rule, undefined)).toBeNull();
    }
    expect(mask('none', '460200199001010006')).toBe('460200199001010006');
    expect(mask('none', '')).toBe('');
  });

  it('id_card keeps the first 6 and the last 4', () => {
    expect(mask('id_card', '460200199001010006')).toBe('460200********0006');
    expect(mask('id_card', '46020019900101009X')).toBe('460200********009X');
    expect(mask('id_card', '460200900101000')).toBe('460200*****1000'); // 15-digit old format
    expect(mask('id_card', '12345678')).toBe('12****78'); // too short to be an ID: at most half shows
    expect(mask('id_card', '1')).toBe('*');
  });

  it('phone keeps 3 + 4 digits of a mobile and the area code + 2 of a landline', () => {
    expect(mask('phone', '13812345678')).toBe('138****5678');
    expect(mask('phone', '138-1234-5678')).toBe('138-****-5678');
    expect(mask('phone', '+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(mask('phone', '0898-66123456')).toBe('0898-******56');
    expect(mask('phone', '(0898)66123456')).toBe('(0898)******56');
    expect(mask('phone', '089866123456')).toBe('0898******56');
    expect(mask('phone', '010-12345678')).toBe('010-******78');
    expect(mask('phone', '02012345678')).toBe('020******78');
    expect(mask('phone', '66123456')).toBe('******56');
    expect(mask('phone', '110')).toBe('**0');
    expect(mask('phone', 'call me')).toBe('**** **');
  });

  it('name keeps the first character', () => {
    expect(mask('name', '张三丰')).toBe('张**');
    expect(mask('name', '张三')).toBe('张*');
    expect(mask('name', '欧阳娜娜')).toBe('欧***');
    expect(mask('name', '张')).toBe('*');
    expect(mask('name', 'John Smith')).toBe('J*** *****');
    expect(mask('name', 'Ada')).toBe('A**');
  });

  it('address keeps up to the district, county or town', () => {
    expect(mask('address', '海南省三亚市吉阳区迎宾路100号')).toBe('海南省三亚市吉阳区****');
    expect(mask('address', '海南省琼中黎族苗族自治县营根镇海榆路1号')).toBe('海南省琼中黎族苗族自治县****');
    expect(mask('address', '三亚市海棠湾镇龙海村5号')).toBe('三亚市海棠湾镇****');
    expect(mask('address', '某市某某街道某路8号')).toBe('某市某某街道****');
    expect(mask('address', '新疆维吾尔自治区乌鲁木齐市天山区解放路1号')).toBe('新疆维吾尔自治区乌鲁木齐市天山区****');
    expect(mask('address', '三亚市吉阳区')).toBe('三亚市吉阳区');
    expect(mask('address', '三亚市解放路100号阳光小区3栋')).toBe('三亚市解放路****');
    expect(mask('address', '100 Main Street, Springfield')).toBe('100 Ma****');
    expect(mask('address', '解放路1号')).toBe('解放****');
  });

  it('bank_account keeps the last 4', () => {
    expect(mask('bank_account', '6222021234567890123')).toBe('***************0123');
    expect(mask('bank_account', '6222 0212 3456 7890')).toBe('**** **** **** 7890');
    expect(mask('bank_account', '123456')).toBe('***456');
  });

  it('custom keeps the configured ends but never more than half', () => {
    const c = { keepStart: 2, keepEnd: 2, maskChar: '#' };
    expect(mask('custom', 'ABCDEFGH', c)).toBe('AB####GH');
    expect(mask('custom', 'ABCDEF', c)).toBe('AB###F');
    expect(mask('custom', 'AB', c)).toBe('A#');
    expect(mask('custom', 'A', c)).toBe('#');
    expect(mask('custom', '统一社会信用', { keepStart: 10, keepEnd: 10, maskChar: '※' })).toBe('统一※※※用');
    expect(mask('custom', 'ABCDEFGH', { keepStart: -1, keepEnd: NaN, maskChar: '' })).toBe('********');
    expect(mask('custom', 'ABCDEFGH', null)).toBe('********');
    expect(mask('custom', 'ABCDEFGH', { keepStart: 1, keepEnd: 1, maskChar: '𠀋' })).toBe('A𠀋𠀋𠀋𠀋𠀋𠀋H');
  });

  it('works on code points: surrogate pairs are never split', () => {
    expect(mask('name', '𠀋小明')).toBe('𠀋**');
    expect(mask('name', '张𠀋')).toBe('张*');
    expect(mask('address', '𠀋𠀋市𠀋𠀋区某路1号')).toBe('𠀋𠀋市𠀋𠀋区****');
    expect(mask('address', '𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋')).toBe('𠀋𠀋𠀋𠀋****');
    expect(mask('bank_account', '😀😀😀😀😀😀😀😀')).toBe('****😀😀😀😀');
    expect(mask('custom', '😀😀😀😀', { keepStart: 1, keepEnd: 1, maskChar: '*' })).toBe('😀**😀');
    const out = mask('id_card', '𠀋'.repeat(18))!;
    expect(out).toBe('𠀋'.repeat(6) + '*'.repeat(8) + '𠀋'.repeat(4));
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out); // no lone surrogate
  });

  it('handles short and empty values without revealing them', () => {
    for (const rule of ['id_card', 'phone', 'name', 'bank_account', 'custom'] as const) {
      expect(mask(rule, ''), rule).toBe('');
      expect(mask(rule, '7'), rule).toBe('*');
    }
    expect(mask('address', 'A')).toBe('****');
  });

  it('never throws, masks non-strings as text and hides everything for an unknown rule', () => {
    expect(mask('bank_account', 6222021234567890)).toBe('************7890');
    expect(mask('unknown' as MaskingRule, 'secret')).toBe('******');
    const hostile = { toString: () => { throw new Error('boom'); } };
    expect(mask('name', hostile)).toBe('*');
    expect(() => mask('custom', 'abc', { keepStart: 'x', keepEnd: {}, maskChar: 5 } as never)).not.toThrow();
  });
});
