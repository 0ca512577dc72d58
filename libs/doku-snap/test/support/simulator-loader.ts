// The real simulator for these integration specs (issue 5 asks for the client to be tested
// against it over HTTP). Library code may not import apps; test support may
// (scripts/check-boundaries.mjs exempts libs/*/test).
export { startSimulator, type RunningSimulator, type SimulatorOptions } from '#doku-simulator';
export type { EndpointFaultRule as SimulatorEndpointFault } from '#doku-simulator';
