import { amountToRemember, asFirstRegistered } from './remembered-amount';

describe('the amount a registration remembers for its retries', () => {
  const event = { eventId: 'e-1', amountCents: 35000 };

  it('answers a retry with the amount the first registration was counted with', () => {
    expect(asFirstRegistered(event, amountToRemember({ amountCents: 30000 }))).toEqual({ eventId: 'e-1', amountCents: 30000 });
    expect(asFirstRegistered(event, amountToRemember({ amountCents: 0 }))).toEqual({ eventId: 'e-1', amountCents: 0 });
  });

  it.each([[undefined], [''], ['-5'], ['1.5'], ['12abc'], ['1e400']])('keeps the event as decided now when nothing readable is remembered (%p)', (remembered) => {
    expect(asFirstRegistered(event, remembered)).toBe(event);
  });
});
