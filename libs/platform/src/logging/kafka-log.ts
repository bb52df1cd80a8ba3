import { KafkaLogFn } from '@reimbursements/kafka/kafka-settings';
import { Logger } from '@nestjs/common';

const logger = new Logger('Kafka');

/** Routes kafkajs's own log lines into the app's structured log. */
export const kafkaLog: KafkaLogFn = (level, message, extra) => {
  if (level === 'error') logger.error(extra, message);
  else if (level === 'warn') logger.warn(extra, message);
  else logger.debug(extra, message);
};
