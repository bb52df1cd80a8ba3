export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logTopic: string;
  catalogTopic: string;
  /** How long a send may take before the caller gets a 503 (the record may still land). */
  sendTimeoutMs: number;
}

export type KafkaLogFn = (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: object) => void;
