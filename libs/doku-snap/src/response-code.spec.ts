import { parseResponseCode } from './response-code.js';

describe('SNAP responseCode', () => {
  it('splits HTTP status, service and case, from a string or a number', () => {
    expect(parseResponseCode('4045101')).toEqual({
      code: '4045101',
      status: 404,
      service: '51',
      caseCode: '01',
    });
    expect(parseResponseCode(2005100)).toEqual({
      code: '2005100',
      status: 200,
      service: '51',
      caseCode: '00',
    });
    expect(parseResponseCode(' 2004700 ')?.code).toBe('2004700');
  });

  it('rejects what is not a 7-digit code', () => {
    for (const bad of [
      '200510',
      '20051000',
      'abcdefg',
      '',
      null,
      undefined,
      2005100.5,
      -2005100,
      '0005100',
      {},
    ]) {
      expect(parseResponseCode(bad)).toBeNull();
    }
  });
});
