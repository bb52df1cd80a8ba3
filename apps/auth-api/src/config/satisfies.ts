import { registerDecorator, ValidationArguments } from 'class-validator';

/** A rule over the whole settings object (for settings that depend on each other). */
export function Satisfies<T extends object>(rule: (value: unknown, settings: T) => boolean, message: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'satisfies',
      target: target.constructor,
      propertyName,
      options: { message },
      validator: { validate: (value: unknown, args: ValidationArguments) => rule(value, args.object as T) },
    });
}
