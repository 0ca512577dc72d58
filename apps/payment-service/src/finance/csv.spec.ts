import { csvCell, csvDocument, rupiahDecimal } from './csv.js';

describe('csv', () => {
  it('quotes cells with quotes, commas or line breaks and doubles the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(1500000)).toBe('1500000');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])(
    'prefixes a text cell starting like a formula (%j) with an apostrophe',
    (value) => {
      expect(csvCell(value)).toMatch(/^"?'/);
    },
  );

  it('guards before quoting: a formula with a comma is quoted with its apostrophe inside', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('writes a header row and CRLF line ends', () => {
    expect(
      csvDocument(
        ['a', 'b'],
        [
          [1, 'x'],
          [null, 'y,z'],
        ],
      ),
    ).toBe('a,b\r\n1,x\r\n,"y,z"\r\n');
  });

  it('writes rupiah with two decimals', () => {
    expect(rupiahDecimal(1500000)).toBe('15000.00');
    expect(rupiahDecimal(1500050)).toBe('15000.50');
    expect(rupiahDecimal(5)).toBe('0.05');
  });
});
