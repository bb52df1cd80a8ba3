import { ApiAnswer } from './api-client';

/** Asserts a problem+json answer of the given status and kind; answers the fields it names, sorted and once each. */
export function expectProblem(answer: ApiAnswer, status: number, kind: string): string[] {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, type: expect.stringMatching(new RegExp(`/${kind}$`)), title: expect.any(String) });
  expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.(js|ts):\d+|Error:|kafkajs|ioredis|Mongo|node_modules|stack/i);
  const errors = (answer.body.errors ?? []) as { field: string }[];
  return [...new Set(errors.map((e) => e.field))].sort();
}
