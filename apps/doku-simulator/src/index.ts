// apps/doku-simulator: a local DOKU SNAP sandbox (QRIS), started in-process by the payment
// service's dev mode and tests, or alone with `npm run simulator`.
export { startSimulator, type RunningSimulator, type FaultSettings } from './simulator.js';
export type {
  SimulatorOptions,
  SimulatorClient,
  SimulatorMerchant,
  NotificationMode,
} from './config/simulator-options.js';
export type {
  EndpointFaultRule,
  NotificationFaultRule,
  EndpointSelector,
  SimulatedEndpoint,
} from './faults/fault-rules.js';
export { SIMULATED_ENDPOINTS } from './faults/fault-rules.js';
export type { Ledger } from './ledger/ledger.service.js';
export type { TransactionView } from './ledger/ledger.view.js';
export type { PayRequestBody } from './payments/pay-request.js';
