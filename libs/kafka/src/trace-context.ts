import { IHeaders } from 'kafkajs';

/**
 * A record's W3C trace context (https://www.w3.org/TR/trace-context/), carried in its Kafka
 * headers beside `correlation-id`: the span that appended the record, so that whoever folds the
 * record continues that trace.
 */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** A text header of a Kafka record (kafkajs gives Buffers), or undefined. */
function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export function traceCarrierOf(headers: IHeaders | undefined): TraceCarrier | undefined {
  const traceparent = headerText(headers, 'traceparent');
  if (traceparent === undefined) return undefined;
  const tracestate = headerText(headers, 'tracestate');
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}
