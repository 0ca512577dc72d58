// Every migration, in order. TypeORM loads them from this list (ESM-safe, no globs).
import { InitialSchema1764000000000 } from './1764000000000-InitialSchema.js';
import { OrdersEventsOutbox1764000100000 } from './1764000100000-OrdersEventsOutbox.js';
import { ReconcilerRateLimit1764000300000 } from './1764000300000-ReconcilerRateLimit.js';
import { RefundsQrisPayments1764000400000 } from './1764000400000-RefundsQrisPayments.js';
import { OrderPolls1764000500000 } from './1764000500000-OrderPolls.js';
import { DokuMayHaveActed1764000650000 } from './1764000650000-DokuMayHaveActed.js';
import { RetentionIndexes1764000700000 } from './1764000700000-RetentionIndexes.js';
import { WebhookDeadLetterIndex1764000750000 } from './1764000750000-WebhookDeadLetterIndex.js';
import { AdminConsole1764000800000 } from './1764000800000-AdminConsole.js';
import { FinanceIndexes1764000900000 } from './1764000900000-FinanceIndexes.js';

export const MIGRATIONS = [
  InitialSchema1764000000000,
  OrdersEventsOutbox1764000100000,
  ReconcilerRateLimit1764000300000,
  RefundsQrisPayments1764000400000,
  OrderPolls1764000500000,
  DokuMayHaveActed1764000650000,
  RetentionIndexes1764000700000,
  WebhookDeadLetterIndex1764000750000,
  AdminConsole1764000800000,
  FinanceIndexes1764000900000,
];
