import { FieldReader } from './field-reader.js';

describe('FieldReader', () => {
  it('reads strings, numbers sent as strings, nested paths and amounts', () => {
    const r = new FieldReader('generate', {
      merchantId: 2115,
      a: { b: 'x' },
      amount: { value: '1200.50', currency: 'IDR' },
      n: { value: 1200, currency: 'IDR' },
    });
    expect(r.string('merchantId')).toBe('2115');
    expect(r.optionalString('a.b')).toBe('x');
    expect(r.amount('amount')).toBe(120_050);
    expect(r.amount('n')).toBe(120_000);
    expect(r.failure).toBeNull();
  });

  it('keeps the first problem: 400xx02 for missing, 400xx01 for malformed', () => {
    const r = new FieldReader('query', {
      terminalId: 'A',
      amount: { value: '12', currency: 'IDR' },
    });
    r.string('partnerReferenceNo');
    r.string('terminalId', { min: 3 });
    expect(r.failure?.body).toEqual({
      responseCode: '4005102',
      responseMessage: 'Invalid Mandatory Field partnerReferenceNo',
    });
    const s = new FieldReader('query', {
      terminalId: 'A',
      amount: { value: '12', currency: 'IDR' },
      t: 'nope',
    });
    s.string('terminalId', { min: 3 });
    s.amount('amount');
    expect(s.failure?.body.responseCode).toBe('4005101');
    expect(s.failure?.body.responseMessage).toBe('Invalid Field Format terminalId');
    const t = new FieldReader('query', { t: 'nope', o: [1] });
    t.timestamp('t', true);
    expect(t.failure?.body.responseMessage).toBe('Invalid Field Format t');
    const u = new FieldReader('query', { o: [1] });
    u.object('o');
    expect(u.failure?.body.responseMessage).toBe('Invalid Field Format o');
  });
});
