// Compile-time test of the client's types (`npm run typecheck` compiles it with --strict;
// nothing runs it): error codes are a closed set per operation, details are typed per code,
// and the docs' create body, metadata included, is a valid request.
import { PaymentApiError, PaymentClient, type ErrorCode, type Order } from '../src/index.js';

export async function createAsTheDocsShow(client: PaymentClient): Promise<Order | string> {
  try {
    return await client.orders.create({
      merchantReference: 'INV-2026-000123',
      amount: 1500000,
      currency: 'IDR',
      expiresInSeconds: 900,
      description: 'Order #123',
      metadata: { cartId: 'c_42' },
    });
  } catch (e) {
    if (!(e instanceof PaymentApiError) || !e.is('createOrder')) throw e;
    switch (e.body.code) {
      case 'GATEWAY_DECLINED': {
        const failed: Order | undefined = e.body.details?.order;
        return failed?.failure?.code ?? 'declined';
      }
      case 'AMOUNT_TOO_LARGE':
        return `at most ${e.body.details?.max}`;
      // @ts-expect-error: createOrder has no such code (misspelled): a type error, not a silent miss.
      case 'GATEWAY_DECLIEND':
        return 'never';
      default:
        return e.body.message;
    }
  }
}

// @ts-expect-error: a misspelled code is not an ErrorCode of createOrder.
export const misspelled: ErrorCode<'createOrder'> = 'AMOUNT_TOO_LARG';
// @ts-expect-error: ORDER_NOT_FOUND is a code of getOrder, not of createOrder.
export const otherOperations: ErrorCode<'createOrder'> = 'ORDER_NOT_FOUND';
export const known: ErrorCode<'getOrder'> = 'ORDER_NOT_FOUND';

export function wrongMetadata(client: PaymentClient) {
  return client.orders.create({
    merchantReference: 'INV-1',
    amount: 1000,
    currency: 'IDR',
    // @ts-expect-error: metadata values are scalars, not objects.
    metadata: { nested: { no: 1 } },
  });
}

/** The README's QRIS snippet: a 504 PAYMENT_OUTCOME_UNKNOWN is repeated with its own key. */
export async function payOnce(client: PaymentClient, qrContent: string, token: string) {
  const body = { qrContent, customerAccessToken: token };
  try {
    return await client.qris.pay(body);
  } catch (e) {
    if (
      e instanceof PaymentApiError &&
      e.is('payQris') &&
      e.body.code === 'PAYMENT_OUTCOME_UNKNOWN'
    )
      return client.qris.pay(body, { idempotencyKey: e.idempotencyKey });
    throw e;
  }
}

export function qrisCodes(e: PaymentApiError<'payQris'>): string | undefined {
  switch (e.body.code) {
    case 'PAYMENT_DECLINED':
      return e.body.details?.payment?.failure?.code;
    // @ts-expect-error: payQris has no GATEWAY_DECLINED (that is createOrder's code).
    case 'GATEWAY_DECLINED':
      return 'never';
    default:
      return undefined;
  }
}

// @ts-expect-error: an admin cancel needs its reason.
export const cancelWithoutReason = (c: PaymentClient) => c.admin.orders.cancel('ord_x', {});
