import { Type } from '@nestjs/common';
import { problemValidationPipe } from './validation.pipe';

const pipe = problemValidationPipe();

/**
 * A body judged by its DTO as the app's global validation pipe judges every other route's (a 400
 * problem naming the offending fields), for a handler that takes its body as `unknown` to decide
 * when to validate it: inside the work its rate-limit charge counts (@CountedAtClaim).
 */
export async function validatedBody<T>(metatype: Type<T>, body: unknown): Promise<T> {
  return (await pipe.transform(body, { type: 'body', metatype })) as T;
}
