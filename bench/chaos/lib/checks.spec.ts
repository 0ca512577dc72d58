// The chaos suite's verdicts, each shown catching the defect it is there for (issue 12): on
// crafted facts, the way a run against an unfixed service would gather them.
import {
  checkKeys,
  contractProblem,
  expectsSnap,
  findSecrets,
  judgeFuzzAnswer,
  type KeyRecord,
  type OrderFacts,
} from './checks.mjs';
import { compareWithLedger, type LedgerTransaction, type OurRows } from './ledger-check.mjs';

const QR = '00020101021226...6304ABCD';

const paidTx = (over: Partial<LedgerTransaction> = {}): LedgerTransaction => ({
  partnerReferenceNo: 'prn-1',
  qrContent: QR,
  status: 'paid',
  amountMinor: 500_000,
  refundedMinor: 0,
  payment: { amountMinor: 500_000, channel: 'simulator' },
  refunds: [],
  ...over,
});

const order = (status: string): OurRows['orders'][number] => ({
  id: 'ord_1',
  status,
  partner_reference_no: 'prn-1',
  amount: 500_000,
  paid_amount: 500_000,
  flags: [],
});

describe('compareWithLedger: a refund DOKU made', () => {
  const refunded = paidTx({
    status: 'partially_refunded',
    refundedMinor: 200_000,
    refunds: [{ partnerRefundNo: 'rfd_1', amountMinor: 200_000 }],
  });
  const withRefund = (status: string, orderStatus = 'PARTIALLY_REFUNDED'): OurRows => ({
    orders: [order(orderStatus)],
    refunds: [{ id: 'rfd_1', order_id: 'ord_1', status, amount: 200_000 }],
    payments: [],
  });

  it('is wrong when ours is FAILED (lost answer, then a 401: issue 12, defect 1)', () => {
    const v = compareWithLedger(withRefund('FAILED', 'PAID'), { transactions: [refunded] });
    expect(v.wrong).toEqual(['refund rfd_1 FAILED but DOKU refunded 200000: money moved']);
    // The order still says PAID: a lag while anything is open, wrong once time is up.
    expect(v.unsettled).toEqual([
      'order ord_1 is PAID, DOKU says partially_refunded (refunded 200000 of 500000)',
    ]);
  });

  it('is still open while UNKNOWN, and right once SUCCEEDED', () => {
    const unknown = compareWithLedger(withRefund('UNKNOWN'), { transactions: [refunded] });
    expect(unknown.wrong).toEqual([]);
    expect(unknown.unsettled).toEqual(['refund rfd_1 still UNKNOWN (DOKU: refunded)']);
    const done = compareWithLedger(withRefund('SUCCEEDED'), { transactions: [refunded] });
    expect(done).toEqual({ wrong: [], unsettled: [], lostQrs: [] });
  });

  it('is wrong when DOKU refunded what we have no refund for', () => {
    const v = compareWithLedger(
      { orders: [order('PARTIALLY_REFUNDED')], refunds: [], payments: [] },
      { transactions: [refunded] },
    );
    expect(v.wrong).toEqual(['DOKU refunded 200000 (rfd_1) on ord_1: no refund of ours']);
  });

  it('is wrong when ours SUCCEEDED but DOKU has no such refund', () => {
    const v = compareWithLedger(withRefund('SUCCEEDED'), { transactions: [paidTx()] });
    expect(v.wrong).toContain('refund rfd_1 SUCCEEDED but DOKU has no such refund');
  });
});

describe('compareWithLedger: a QRIS payment DOKU charged', () => {
  const charged = paidTx({ payment: { amountMinor: 500_000, channel: 'b2b2c' } });
  const rows = (...statuses: string[]): OurRows => ({
    orders: [order('PAID')],
    refunds: [],
    payments: statuses.map((status, i) => ({
      id: `qrp_${i}`,
      status,
      qr_content: QR,
      amount: 500_000,
    })),
  });

  it('is wrong when ours is FAILED (lost answer, then a 401: issue 12, defect 2)', () => {
    const v = compareWithLedger(rows('FAILED'), { transactions: [charged] });
    expect(v.wrong).toEqual(['payment qrp_0 FAILED but DOKU charged the customer for that QR']);
  });

  it('is open while UNKNOWN; a FAILED attempt beside the one that paid is right', () => {
    expect(compareWithLedger(rows('UNKNOWN'), { transactions: [charged] }).unsettled).toEqual([
      'payment qrp_0 still UNKNOWN (DOKU: charged)',
    ]);
    expect(compareWithLedger(rows('FAILED', 'SUCCEEDED'), { transactions: [charged] })).toEqual({
      wrong: [],
      unsettled: [],
      lostQrs: [],
    });
  });

  it('is wrong twice over when one QR is paid by two of our payments', () => {
    const v = compareWithLedger(rows('SUCCEEDED', 'SUCCEEDED'), { transactions: [charged] });
    expect(v.wrong).toContain('2 SUCCEEDED payments of one QR (6304ABCD)');
  });

  it('is wrong when ours SUCCEEDED but DOKU charged nobody', () => {
    const v = compareWithLedger(rows('SUCCEEDED'), { transactions: [paidTx()] });
    expect(v.wrong).toEqual(['payment qrp_0 SUCCEEDED but DOKU shows no payment of that QR']);
  });
});

describe('compareWithLedger: orders', () => {
  it('is wrong when an order DOKU was paid for is FAILED, lags while PENDING', () => {
    expect(compareWithLedger(ledgerless('FAILED'), { transactions: [paidTx()] }).wrong).toEqual([
      'order ord_1 is FAILED, DOKU says paid (refunded 0 of 500000)',
    ]);
    expect(
      compareWithLedger(ledgerless('PENDING'), { transactions: [paidTx()] }).unsettled,
    ).toHaveLength(1);
  });

  it('calls a QR at DOKU that no order knows lost', () => {
    const v = compareWithLedger(
      { orders: [], refunds: [], payments: [] },
      { transactions: [paidTx()] },
    );
    expect(v.lostQrs.map((t) => t.partnerReferenceNo)).toEqual(['prn-1']);
  });

  function ledgerless(status: string): OurRows {
    return { orders: [order(status)], refunds: [], payments: [] };
  }
});

describe('checkKeys: creates after a kill -9 or an outage', () => {
  const stored = (over: Partial<OrderFacts> = {}): OrderFacts => ({
    id: 'ord_a',
    status: 'PENDING',
    merchant_reference: 'INV-1',
    partner_reference_no: 'prn-a',
    qr_content: 'QR-A',
    ...over,
  });
  const key = (...answers: KeyRecord['answers']): Map<string, KeyRecord> =>
    new Map([['k1', { merchantReference: 'INV-1', answers }]]);
  const ok201 = { status: 201, id: 'ord_a', qrContent: 'QR-A' };

  it('passes one key, one order, one QR at DOKU', () => {
    expect(checkKeys(key(ok201), [stored()], [{ partnerReferenceNo: 'prn-a' }])).toEqual({
      lost: [],
      duplicate: [],
      wrong: [],
    });
  });

  it('counts two QRs at DOKU for one order as a duplicate', () => {
    const v = checkKeys(
      key(ok201),
      [stored()],
      [{ partnerReferenceNo: 'prn-a' }, { partnerReferenceNo: 'prn-a' }],
    );
    expect(v.duplicate).toEqual(['2 QRs at DOKU for partnerReferenceNo prn-a']);
  });

  it('counts a second order for the key, or a second QR in its answers, as a duplicate', () => {
    const two = checkKeys(
      key(ok201, { status: 201, id: 'ord_b', qrContent: 'QR-B' }),
      [stored(), stored({ id: 'ord_b', partner_reference_no: 'prn-b', qr_content: 'QR-B' })],
      [{ partnerReferenceNo: 'prn-a' }, { partnerReferenceNo: 'prn-b' }],
    );
    expect(two.duplicate).toEqual([
      'key k1: 2 orders stored',
      'key k1: answers name 2 orders',
      'key k1: answers carry 2 QRs',
    ]);
  });

  it('counts a key without an order, or a QR at DOKU without one, as lost', () => {
    expect(checkKeys(key(), [], []).lost).toEqual(['key k1: no order stored (0 answers)']);
    expect(checkKeys(key(ok201), [stored()], [{ partnerReferenceNo: 'prn-x' }]).lost).toEqual([
      'QR prn-x at DOKU belongs to no order of ours',
    ]);
  });

  it('accepts 409 naming a stored CREATING order only when not waiting for final answers', () => {
    const creating = key({
      status: 409,
      code: 'REQUEST_IN_PROGRESS',
      id: 'ord_a',
      qrContent: null,
    });
    const rows = [stored({ status: 'CREATING', qr_content: null })];
    expect(checkKeys(creating, rows, [], { settled: false }).lost).toEqual([]);
    expect(checkKeys(creating, rows, [], { settled: true }).lost).toEqual([
      'key k1: no final answer (last: 409 REQUEST_IN_PROGRESS)',
    ]);
  });
});

describe('judgeFuzzAnswer', () => {
  const contract = JSON.stringify({ code: 'VALIDATION_FAILED', message: 'x', requestId: 'r' });

  it('counts every 5xx (a 500 on a 1,400-deep body: issue 12, defect 3)', () => {
    const v = judgeFuzzAnswer({
      what: 'POST /v1/orders [deep]',
      status: 500,
      text: JSON.stringify({ code: 'INTERNAL_ERROR', message: 'x', requestId: 'r' }),
      snap: false,
    });
    expect(v).toMatchObject({ fiveXx: 1, wrong: 0 });
  });

  it("counts an error outside the contract (Fastify's 431 body: issue 12, defect 4)", () => {
    const v = judgeFuzzAnswer({
      what: 'GET /v1/orders',
      status: 431,
      text: JSON.stringify({ error: 'Request Header Fields Too Large', statusCode: 431 }),
      snap: false,
    });
    expect(v).toMatchObject({ fiveXx: 0, wrong: 1 });
    expect(contractProblem(true, contract)).toMatch(/not a SNAP answer/);
    expect(contractProblem(false, 'Bad Request')).toMatch(/not JSON/);
  });

  it('counts rows written by a refused request, unless it reached DOKU', () => {
    const refused = { what: 'POST /v1/orders', status: 400, snap: false };
    expect(judgeFuzzAnswer({ ...refused, text: contract, changedTables: ['orders'] }).wrong).toBe(
      1,
    );
    const gateway = JSON.stringify({
      code: 'GATEWAY_TIMEOUT',
      message: 'x',
      requestId: 'r',
      details: { order: { id: 'ord_1' } },
    });
    expect(
      judgeFuzzAnswer({ ...refused, status: 504, text: gateway, changedTables: ['orders'] }),
    ).toMatchObject({ fiveXx: 1, wrong: 0 });
    expect(judgeFuzzAnswer({ ...refused, text: contract })).toEqual({
      fiveXx: 0,
      wrong: 0,
      notes: [],
    });
  });

  it("reads SNAP's shape from the operation's documented answers", () => {
    const op = { responses: { 400: { $ref: '#/components/schemas/SnapResponse' } } };
    expect(expectsSnap(op, 401)).toBe(true);
    expect(expectsSnap({ responses: { 400: { description: 'x' } } }, 400)).toBe(false);
  });
});

describe('findSecrets', () => {
  const key = 'ak_chaos_0123456789abcdef0123456789abcdef';
  const secrets = new Map([[key, 'admin API key']]);

  it('finds a key written into an access line (a query string: issue 12, defect 6)', () => {
    const text = `{"msg":"ok"}\n{"url":"/admin/v1/me?apiKey=${key}","msg":"request completed"}`;
    expect(findSecrets([{ label: 'service #1', text }], secrets)).toEqual([
      {
        what: 'admin API key',
        label: 'service #1',
        line: '{"url":"/admin/v1/me?apiKey=<SECRET>","msg":"request completed"}',
      },
    ]);
  });

  it('finds nothing once the URL is redacted', () => {
    const text = '{"url":"/admin/v1/me?apiKey=[REDACTED]","msg":"request completed"}\n';
    expect(findSecrets([{ label: 'service #1', text }], secrets)).toEqual([]);
  });
});
