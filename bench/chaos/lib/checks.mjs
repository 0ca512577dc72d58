// The chaos suite's verdicts as pure functions (no HTTP, no database): what counts as a lost
// or duplicated order, an answer outside the error contract, a secret in a log. The
// scenarios gather the facts; these decide. bench/chaos/lib/checks.spec.ts shows each one
// catching the defect it is there for.

/**
 * Shops' keys against our orders and DOKU's ledger, after a crash or an outage and the
 * shops' retries. `keys`: key -> { merchantReference, answers: [{ status, id, qrContent }] }
 * (every answer the shop got for it that named an order); `orders`: our rows
 * ({ id, merchant_reference, partner_reference_no, qr_content, status }); `transactions`:
 * the ledger's. Each key must have exactly one stored order, every answer for it must name
 * that order and its one QR, and every QR at DOKU must belong to exactly one order of ours.
 * `settled`: the key's last answer must be final (201, 422, 502 GATEWAY_*); otherwise a
 * `409 REQUEST_IN_PROGRESS` naming the stored CREATING order counts as answered too.
 */
export function checkKeys(keys, orders, transactions, { settled = true } = {}) {
  const lost = [];
  const duplicate = [];
  const wrong = [];
  const byRef = new Map();
  for (const o of orders) {
    if (!byRef.has(o.merchant_reference)) byRef.set(o.merchant_reference, []);
    byRef.get(o.merchant_reference).push(o);
  }
  const byId = new Map(orders.map((o) => [o.id, o]));
  for (const [k, s] of keys) {
    const stored = byRef.get(s.merchantReference) ?? [];
    const last = s.answers.at(-1);
    if (stored.length === 0) {
      lost.push(`key ${k}: no order stored (${s.answers.length} answers)`);
      continue;
    }
    if (stored.length > 1) duplicate.push(`key ${k}: ${stored.length} orders stored`);
    const ids = new Set(s.answers.map((a) => a.id));
    if (ids.size > 1) duplicate.push(`key ${k}: answers name ${ids.size} orders`);
    for (const id of ids)
      if (!byId.has(id)) lost.push(`key ${k}: answered with order ${id}, which is not stored`);
    const qrs = new Set(s.answers.map((a) => a.qrContent).filter(Boolean));
    if (qrs.size > 1) duplicate.push(`key ${k}: answers carry ${qrs.size} QRs`);
    for (const a of s.answers)
      if (a.status === 201 && byId.get(a.id) && byId.get(a.id).qr_content !== a.qrContent)
        wrong.push(`key ${k}: the shop holds a QR its stored order ${a.id} does not have`);
    const isFinal =
      last &&
      (last.status === 201 ||
        last.status === 422 ||
        (last.status === 502 &&
          /^GATEWAY_(OUTCOME_UNKNOWN|AUTH_FAILED|INVALID_QR)$/.test(last.code)));
    const inProgress =
      last?.status === 409 &&
      last.code === 'REQUEST_IN_PROGRESS' &&
      byId.get(last.id)?.status === 'CREATING';
    if (!isFinal && (settled || !inProgress))
      lost.push(
        `key ${k}: no ${settled ? 'final ' : ''}answer (last: ${last ? `${last.status} ${last.code ?? ''}` : 'none'})`,
      );
  }
  const perRef = new Map();
  for (const t of transactions)
    perRef.set(t.partnerReferenceNo, (perRef.get(t.partnerReferenceNo) ?? 0) + 1);
  const ourRefs = new Map();
  for (const o of orders)
    ourRefs.set(o.partner_reference_no, (ourRefs.get(o.partner_reference_no) ?? 0) + 1);
  for (const [ref, n] of perRef) {
    if (n > 1) duplicate.push(`${n} QRs at DOKU for partnerReferenceNo ${ref}`);
    if (!ourRefs.has(ref)) lost.push(`QR ${ref} at DOKU belongs to no order of ours`);
    else if (ourRefs.get(ref) > 1)
      duplicate.push(`QR ${ref} at DOKU belongs to ${ourRefs.get(ref)} orders`);
  }
  return { lost, duplicate, wrong };
}

/** Does the operation promise SNAP's error shape (DOKU's notification route) for `status`? */
export function expectsSnap(op, status) {
  return JSON.stringify(op.responses?.[status] ?? op.responses?.[400] ?? {}).includes(
    'SnapResponse',
  );
}

/** What is wrong with an error body, or null: the contract's code/message/requestId, or SNAP's. */
export function contractProblem(snap, text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 60)}`;
  }
  if (snap)
    return typeof body?.responseCode === 'string' && typeof body?.responseMessage === 'string'
      ? null
      : `not a SNAP answer: ${text.slice(0, 80)}`;
  return typeof body?.code === 'string' &&
    typeof body?.message === 'string' &&
    typeof body?.requestId === 'string'
    ? null
    : `no code/message/requestId: ${text.slice(0, 80)}`;
}

/** A refused request wrote nothing unless DOKU took part (then the answer holds the row). */
export function reachedDoku(text) {
  try {
    const d = JSON.parse(text)?.details;
    return Boolean(d?.order || d?.refund || d?.payment);
  } catch {
    return false;
  }
}

/**
 * One fuzzed request's verdict: `{ fiveXx, wrong, notes }`. A 5xx is always counted; an
 * error answer must follow the contract and must not have written rows (`changedTables`)
 * unless it reached DOKU.
 */
export function judgeFuzzAnswer({ what, status, text, snap, changedTables = [] }) {
  const v = { fiveXx: 0, wrong: 0, notes: [] };
  if (status >= 500) {
    v.fiveXx++;
    v.notes.push(`${status} on ${what}: ${text.slice(0, 100)}`);
  }
  if (status >= 400) {
    const problem = contractProblem(snap, text);
    if (problem) {
      v.wrong++;
      v.notes.push(`${status} outside the error contract on ${what}: ${problem}`);
    }
    if (changedTables.length && !reachedDoku(text)) {
      v.wrong++;
      v.notes.push(`${status} on ${what} wrote rows in ${changedTables.join(', ')}`);
    }
  }
  return v;
}

/**
 * Every occurrence of every secret in every output: `outputs` [{ label, text }], `secrets`
 * Map value -> what it is. Returns [{ what, label, line }] with the secret masked in `line`.
 */
export function findSecrets(outputs, secrets) {
  const found = [];
  for (const { label, text } of outputs) {
    for (const [secret, what] of secrets) {
      let at = text.indexOf(secret);
      while (at !== -1) {
        const end = text.indexOf('\n', at);
        const line = text.slice(text.lastIndexOf('\n', at) + 1, end === -1 ? undefined : end);
        found.push({ what, label, line: line.replaceAll(secret, '<SECRET>').slice(0, 200) });
        at = text.indexOf(secret, at + secret.length);
      }
    }
  }
  return found;
}
