// Types for checks.mjs (its spec is TypeScript).
export interface KeyAnswer {
  status: number;
  code?: string;
  id: string;
  qrContent: string | null;
}
export interface KeyRecord {
  merchantReference: string;
  answers: KeyAnswer[];
}
export interface OrderFacts {
  id: string;
  status: string;
  merchant_reference: string;
  partner_reference_no: string;
  qr_content: string | null;
}
export function checkKeys(
  keys: Map<string, KeyRecord>,
  orders: OrderFacts[],
  transactions: { partnerReferenceNo: string }[],
  options?: { settled?: boolean },
): { lost: string[]; duplicate: string[]; wrong: string[] };
export function expectsSnap(op: { responses?: Record<string, unknown> }, status: number): boolean;
export function contractProblem(snap: boolean, text: string): string | null;
export function reachedDoku(text: string): boolean;
export function judgeFuzzAnswer(answer: {
  what: string;
  status: number;
  text: string;
  snap: boolean;
  changedTables?: string[];
}): { fiveXx: number; wrong: number; notes: string[] };
export function findSecrets(
  outputs: { label: string; text: string }[],
  secrets: Map<string, string>,
): { what: string; label: string; line: string }[];
