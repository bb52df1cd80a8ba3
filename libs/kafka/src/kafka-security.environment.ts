import { registerDecorator, ValidationArguments } from 'class-validator';
import { kafkaSecurityProblems } from './kafka-settings';

/** The variable's own line of kafkaSecurityProblems, if any: the rules stay in one place, kafka-settings.ts. */
function ProblemOf(variable: string) {
  const problem = (env: object) => kafkaSecurityProblems(env as Record<string, string | undefined>).find((p) => p.startsWith(`${variable}: `));
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'kafkaSecurity',
      target: target.constructor,
      propertyName,
      options: { message: (args: ValidationArguments) => (problem(args.object) ?? '').slice(variable.length + 2) },
      validator: { validate: (_value: unknown, args: ValidationArguments) => problem(args.object) === undefined },
    });
}

/**
 * The Kafka security variables as a settings class, so that loadSettingsOrExit refuses a wrong one
 * at start-up with the others (exit 78), where the Kafka client's own check would stop a started
 * app with a stack trace. The client still reads them itself (kafka-client.factory.ts).
 */
export class KafkaSecurityEnvironment {
  @ProblemOf('KAFKA_SSL')
  KAFKA_SSL?: string;

  @ProblemOf('KAFKA_SASL_MECHANISM')
  KAFKA_SASL_MECHANISM?: string;

  @ProblemOf('KAFKA_SASL_USERNAME')
  KAFKA_SASL_USERNAME?: string;

  @ProblemOf('KAFKA_SASL_PASSWORD')
  KAFKA_SASL_PASSWORD?: string;
}
