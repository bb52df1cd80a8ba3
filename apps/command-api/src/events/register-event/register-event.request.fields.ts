import { problemValidationPipe } from '@reimbursements/platform/http/validation.pipe';
import { RegisterEventRequest } from './register-event.request.dto';
import { plainlyValidRegisterEvent } from './register-event.request.fast-check';

const dtoValidation = problemValidationPipe();

/**
 * The body of POST /v1/events as RegisterEventRequest: the fast check passes a valid body, and
 * anything else is judged by the DTO through the app's validation pipe, as every other route is
 * (a 400 problem naming the offending fields).
 */
export async function registerEventFieldsOf(body: unknown): Promise<RegisterEventRequest> {
  return plainlyValidRegisterEvent(body) ?? (await dtoValidation.transform(body, { type: 'body', metatype: RegisterEventRequest }));
}
