// The payment simulator page (like DOKU's): open QRs with their code and a Pay button.
// Server-rendered, no assets; every value is escaped.
import type { TransactionView } from '../ledger/ledger.view.js';

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function row(tx: TransactionView, svg: string): string {
  const ref = escapeHtml(tx.referenceNo);
  return `<tr>
  <td class="qr">${svg}</td>
  <td><b>${escapeHtml(tx.partnerReferenceNo)}</b><br><small>referenceNo ${ref}<br>terminal ${escapeHtml(tx.terminalId)} · valid until ${escapeHtml(tx.validUntil ?? '')}</small></td>
  <td class="amount">Rp ${escapeHtml(tx.amount)}</td>
  <td>
    <select name="issuer"><option>BCA</option><option>MANDIRI</option><option>BRI</option><option>BNI</option><option>GOPAY</option><option>OVO</option><option>DANA</option><option>SHOPEEPAY</option></select>
    <button data-ref="${ref}">Pay</button>
  </td>
</tr>`;
}

export function simulatorPage(
  open: Array<{ tx: TransactionView; svg: string }>,
  recent: TransactionView[],
): string {
  const rows = open.length
    ? open.map((o) => row(o.tx, o.svg)).join('\n')
    : '<tr><td colspan="4">No open QR. Generate one through qr-mpm-generate.</td></tr>';
  const done = recent
    .map(
      (tx) =>
        `<li>${escapeHtml(tx.partnerReferenceNo)}: <b>${escapeHtml(tx.status)}</b> Rp ${escapeHtml(tx.amount)}${tx.payment ? ` by ${escapeHtml(tx.payment.issuerName)}` : ''}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DOKU simulator · QRIS</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td{padding:.5rem 1rem;border-bottom:1px solid #ddd;vertical-align:middle}
.qr svg{width:120px;height:120px}.amount{font-size:1.2rem;font-weight:600}button{padding:.4rem 1rem;cursor:pointer}#msg{margin:1rem 0;color:#06c}
</style></head><body>
<h1>DOKU simulator: QRIS payment simulator</h1>
<p>Open QRs (pending, not expired). Pay one as a customer's banking app would; the merchant gets a signed qr-mpm-notify.</p>
<div id="msg"></div>
<table>${rows}</table>
<h2>Recently settled</h2><ul>${done || '<li>none</li>'}</ul>
<script>
document.querySelectorAll('button[data-ref]').forEach(function (b) {
  b.addEventListener('click', async function () {
    var issuer = b.parentElement.querySelector('select').value;
    var res = await fetch('/simulator/v1/qris/' + encodeURIComponent(b.dataset.ref) + '/pay', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ issuer: issuer })
    });
    var body = await res.json();
    document.getElementById('msg').textContent = res.ok ? 'Paid ' + body.partnerReferenceNo + ' (approval ' + body.payment.approvalCode + ')' : 'Refused: ' + body.message;
    setTimeout(function () { location.reload(); }, 800);
  });
});
</script>
</body></html>`;
}
