import { parseCsv } from '../tools/unseen';

describe('CSV rows of the public evaluation data', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const csv = 'sentiment,text\r\nnegative,"@Air it\'s ""fine"", really,\nthanks"\r\nneutral,plain text\n';
    expect(parseCsv(csv)).toEqual([
      ['sentiment', 'text'],
      ['negative', '@Air it\'s "fine", really,\nthanks'],
      ['neutral', 'plain text'],
    ]);
  });

  it('keeps a last row without a line break', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
