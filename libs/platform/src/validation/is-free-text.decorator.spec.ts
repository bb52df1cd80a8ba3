import { validateSync } from 'class-validator';
import { IsFreeText } from './is-free-text.decorator';

class Sample {
  @IsFreeText()
  reason?: unknown;

  @IsFreeText({ each: true })
  tags?: unknown;
}

function fieldsOf(values: Partial<Sample>): string[] {
  return validateSync(Object.assign(new Sample(), values)).map((error) => error.property);
}

describe('@IsFreeText', () => {
  it('names a field holding NUL, another control character or a lone surrogate', () => {
    expect(fieldsOf({ reason: 'a\u0000b' })).toEqual(['reason']);
    expect(fieldsOf({ reason: 'a\nb' })).toEqual(['reason']);
    expect(fieldsOf({ reason: '\ud800' })).toEqual(['reason']);
    expect(fieldsOf({ tags: ['fine', 'not\u0007fine'] })).toEqual(['tags']);
  });

  it('says why', () => {
    const [error] = validateSync(Object.assign(new Sample(), { reason: '\u0000' }));
    expect(Object.values(error.constraints ?? {})).toEqual([expect.stringContaining('control characters')]);
  });

  it('takes ordinary text and leaves other types and absent fields to their own checks', () => {
    expect(fieldsOf({ reason: 'Röntgen 💶', tags: ['a', 'b'] })).toEqual([]);
    expect(fieldsOf({ reason: 42 })).toEqual([]);
    expect(fieldsOf({})).toEqual([]);
  });
});
