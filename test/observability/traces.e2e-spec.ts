import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka, logLevel } from 'kafkajs';
import { call, post } from '../support/api-client';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND, startOtlpReceiver } from '../support/otlp-receiver';
import { createSandbox, KAFKA_BROKERS, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

/** The headers of the log records, by correlation id, read from the start of the topic until `wanted` are all there. */
async function recordHeaders(topic: string, wanted: string[]): Promise<Map<string, IHeaders>> {
  const found = new Map<string, IHeaders>();
  const consumer = new Kafka({ clientId: 'e2e-traces', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).consumer({
    groupId: `e2e-traces-${randomUUID()}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const correlationId = message.headers?.['correlation-id']?.toString();
        if (correlationId) found.set(correlationId, message.headers ?? {});
      },
    });
    await waitFor(`records ${wanted.join(', ')} in ${topic}`, async () => wanted.every((id) => found.has(id)), 60_000);
  } finally {
    await consumer.disconnect();
  }
  return found;
}

/** W3C traceparent: version-traceid-parentid-flags. */
function parseTraceparent(value: string | undefined): { traceId: string; parentId: string; sampled: boolean } {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value ?? '');
  if (!match) throw new Error(`not a W3C traceparent: ${value}`);
  return { traceId: match[1], parentId: match[2], sampled: (parseInt(match[3], 16) & 1) === 1 };
}

describe('traces: one trace from a command-api request, through its Kafka record, to the fold', () => {
  let receiver: OtlpReceiver;
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let projector: RunningApp;
  let untracedCommandApi: RunningApp;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sandbox = await createSandbox();
    const traced = { ...sandbox.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    [commandApi, projector, untracedCommandApi] = await Promise.all([
      startApp('command-api', traced),
      startApp('projector', traced),
      startApp('command-api', sandbox.env),
    ]);
  });

  afterAll(async () => {
    await Promise.all([commandApi, projector, untracedCommandApi].map((app) => app?.stop()));
    await removeSandbox(sandbox);
    await receiver?.close();
  });

  it('exports the request, the send and the fold of its record as spans of one trace, linked parent to child', async () => {
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
    const requestId = `traced-${randomUUID()}`;
    const untracedRequestId = `untraced-${randomUUID()}`;
    const event = { caregiverId: 'trace-1', eventType: 'x-ray', occurredAt: new Date().toISOString() };
    const answer = await call(`${commandApi.url}/v1/events`, { json: event, headers: { 'X-Request-Id': requestId } });
    expect(answer.status).toBe(202);
    const untraced = await call(`${untracedCommandApi.url}/v1/events`, { json: { ...event, caregiverId: 'trace-2' }, headers: { 'X-Request-Id': untracedRequestId } });
    expect(untraced.status).toBe(202);

    // Kafka: the record carries the correlation id and the W3C trace context of the span that sent it.
    const headers = await recordHeaders(sandbox.logTopic, [requestId, untracedRequestId]);
    const traceparent = parseTraceparent(headers.get(requestId)?.traceparent?.toString());
    expect(traceparent.sampled).toBe(true);
    // An app without OTEL_EXPORTER_OTLP_ENDPOINT traces nothing and adds no header.
    expect(Object.keys(headers.get(untracedRequestId) ?? {}).sort()).toEqual(['correlation-id', 'record-type']);

    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceparent.traceId);
    const find = (what: (s: ReceivedSpan) => boolean) => inTrace().find(what);
    const isFold = (s: ReceivedSpan) => s.service === 'projector' && s.attributes['reimbursements.correlation_id'] === requestId;
    const isSend = (s: ReceivedSpan) => s.service === 'command-api' && s.kind === SPAN_KIND.producer;
    const isRequest = (s: ReceivedSpan) => s.service === 'command-api' && s.kind === SPAN_KIND.server;
    // The batch span processor exports every few seconds.
    await waitFor('the request, send and fold spans at the OTLP receiver', async () => [isFold, isSend, isRequest].every((is) => find(is)), 60_000);

    const request = find(isRequest) as ReceivedSpan;
    const send = find(isSend) as ReceivedSpan;
    const fold = find(isFold) as ReceivedSpan;
    expect(request).toMatchObject({ parentSpanId: '', attributes: expect.objectContaining({ 'http.route': '/v1/events', 'http.response.status_code': 202 }) });
    expect(send).toMatchObject({
      spanId: traceparent.parentId,
      name: `send ${sandbox.logTopic}`,
      attributes: expect.objectContaining({ 'messaging.system': 'kafka', 'messaging.destination.name': sandbox.logTopic }),
    });
    expect(fold).toMatchObject({
      parentSpanId: send.spanId,
      name: 'fold EventRegistered',
      kind: SPAN_KIND.consumer,
      attributes: expect.objectContaining({ 'messaging.destination.name': sandbox.logTopic, 'reimbursements.record.type': 'EventRegistered' }),
    });
    // The send span descends from the request span, through the spans of Nest's handler between them.
    const byId = new Map(inTrace().map((s) => [s.spanId, s]));
    const ancestors: string[] = [];
    for (let s: ReceivedSpan | undefined = send; s; s = byId.get(s.parentSpanId)) ancestors.push(s.spanId);
    expect(ancestors).toContain(request.spanId);
    expect(new Set(inTrace().map((s) => s.service))).toEqual(new Set(['command-api', 'projector']));
  });
});
