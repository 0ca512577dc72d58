import {
  ORDER_STATUSES,
  type OrderEvent,
  statusesAccepting,
  transition,
  webhookTypeForStatus,
} from './order-state.js';

describe('order state machine', () => {
  it('moves a new order to PENDING once DOKU issued its QR, or to FAILED', () => {
    expect(transition('CREATING', 'QR_ISSUED')).toEqual({
      allowed: true,
      from: 'CREATING',
      to: 'PENDING',
      addFlags: [],
    });
    expect(transition('CREATING', 'CREATION_FAILED')).toMatchObject({
      allowed: true,
      to: 'FAILED',
    });
  });

  it('pays a pending order without flags', () => {
    expect(transition('PENDING', 'PAYMENT_CONFIRMED')).toEqual({
      allowed: true,
      from: 'PENDING',
      to: 'PAID',
      addFlags: [],
    });
  });

  it.each(['EXPIRED', 'CANCELLED', 'FAILED'] as const)(
    'pays a %s order anyway and flags it PAID_AFTER_EXPIRY (money moved)',
    (status) => {
      expect(transition(status, 'PAYMENT_CONFIRMED')).toEqual({
        allowed: true,
        from: status,
        to: 'PAID',
        addFlags: ['PAID_AFTER_EXPIRY'],
      });
    },
  );

  it.each(['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const)(
    'treats a repeated payment on a %s order as already applied',
    (status) => {
      expect(transition(status, 'PAYMENT_CONFIRMED')).toEqual({
        allowed: false,
        from: status,
        reason: 'ALREADY_APPLIED',
      });
    },
  );

  it('never moves an order backwards', () => {
    expect(transition('PAID', 'EXPIRED')).toMatchObject({ allowed: false, reason: 'NOT_ALLOWED' });
    expect(transition('PAID', 'CANCELLED')).toMatchObject({
      allowed: false,
      reason: 'NOT_ALLOWED',
    });
    expect(transition('PENDING', 'QR_ISSUED')).toMatchObject({
      allowed: false,
      reason: 'ALREADY_APPLIED',
    });
    expect(transition('EXPIRED', 'CANCELLED')).toMatchObject({
      allowed: false,
      reason: 'NOT_ALLOWED',
    });
    expect(transition('FAILED', 'QR_ISSUED')).toMatchObject({
      allowed: false,
      reason: 'NOT_ALLOWED',
    });
    expect(transition('PENDING', 'FULLY_REFUNDED')).toMatchObject({
      allowed: false,
      reason: 'NOT_ALLOWED',
    });
  });

  it('refunds only orders that hold money', () => {
    expect(transition('PAID', 'PARTIALLY_REFUNDED')).toMatchObject({
      allowed: true,
      to: 'PARTIALLY_REFUNDED',
    });
    expect(transition('PARTIALLY_REFUNDED', 'FULLY_REFUNDED')).toMatchObject({
      allowed: true,
      to: 'REFUNDED',
    });
    expect(transition('REFUNDED', 'PARTIALLY_REFUNDED')).toMatchObject({ allowed: false });
    expect(transition('PENDING', 'FULLY_REFUNDED')).toMatchObject({
      allowed: false,
      reason: 'NOT_ALLOWED',
    });
  });

  it('refunds an order flagged AMOUNT_MISMATCH whatever its status (it holds the money DOKU took)', () => {
    const mismatch = ['AMOUNT_MISMATCH'] as const;
    for (const status of ['PENDING', 'EXPIRED', 'CANCELLED', 'FAILED', 'CREATING'] as const) {
      expect(transition(status, 'FULLY_REFUNDED', mismatch)).toMatchObject({
        allowed: true,
        to: 'REFUNDED',
        addFlags: [],
      });
      expect(transition(status, 'PARTIALLY_REFUNDED', mismatch)).toMatchObject({
        allowed: true,
        to: 'PARTIALLY_REFUNDED',
      });
    }
    expect(transition('REFUNDED', 'FULLY_REFUNDED', mismatch)).toMatchObject({
      allowed: false,
      reason: 'ALREADY_APPLIED',
    });
    // Other flags change nothing, and the flag opens refunds only.
    expect(transition('PENDING', 'FULLY_REFUNDED', ['STATUS_DISAGREEMENT'])).toMatchObject({
      allowed: false,
    });
    expect(transition('PENDING', 'EXPIRED', mismatch)).toMatchObject({ allowed: true });
    expect(transition('EXPIRED', 'CANCELLED', mismatch)).toMatchObject({ allowed: false });
  });

  it('lists, for every event, exactly the statuses transition() accepts', () => {
    const events: OrderEvent[] = [
      'QR_ISSUED',
      'CREATION_FAILED',
      'PAYMENT_CONFIRMED',
      'EXPIRED',
      'CANCELLED',
      'PARTIALLY_REFUNDED',
      'FULLY_REFUNDED',
    ];
    for (const event of events) {
      const accepted = ORDER_STATUSES.filter((s) => transition(s, event).allowed);
      expect([...statusesAccepting(event)].sort()).toEqual([...accepted].sort());
    }
  });

  it('announces each reachable status with one webhook type, refunds excepted', () => {
    expect(ORDER_STATUSES.map((s) => webhookTypeForStatus(s))).toEqual([
      null,
      'order.pending',
      'order.paid',
      'order.failed',
      'order.expired',
      'order.cancelled',
      null,
      null,
    ]);
  });
});
