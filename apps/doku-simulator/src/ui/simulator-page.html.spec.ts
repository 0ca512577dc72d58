import { escapeHtml, simulatorPage } from './simulator-page.html.js';

describe('payment simulator page', () => {
  it('escapes what merchants sent', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
    const html = simulatorPage(
      [
        {
          tx: {
            referenceNo: 'R<1>',
            partnerReferenceNo: '<b>',
            terminalId: 'A01',
            validUntil: null,
            amount: '10.00',
          } as never,
          svg: '<svg></svg>',
        },
      ],
      [],
    );
    expect(html).toContain('data-ref="R&lt;1&gt;"');
    expect(html).toContain('<b>&lt;b&gt;</b>');
    expect(html).not.toContain('<b><b></b>');
  });

  it('says so when nothing is open', () => {
    expect(simulatorPage([], [])).toContain('No open QR');
  });
});
