import { constraintMessages } from './constraint-messages';

describe('constraintMessages', () => {
  it('tells a value of the wrong kind only that', () => {
    expect(constraintMessages({ max: 'limit must not be greater than 1000', min: 'limit must not be less than 1', isInt: 'limit must be an integer number' })).toEqual([
      'limit must be an integer number',
    ]);
  });

  it('tells a value of the right kind every rule it broke', () => {
    expect(constraintMessages({ matches: 'must be a topic', isNot: 'must differ from LOG_TOPIC' })).toEqual(['must be a topic', 'must differ from LOG_TOPIC']);
    expect(constraintMessages(undefined)).toEqual([]);
  });
});
