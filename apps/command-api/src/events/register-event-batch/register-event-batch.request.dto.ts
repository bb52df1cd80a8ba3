import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { RegisterEventRequest } from '../register-event/register-event.request.dto';

export const MAX_BATCH_SIZE = 1000;

/** Only the envelope is checked here: each item is judged on its own by the handler's caller. */
export class RegisterEventBatchRequest {
  @ApiProperty({ type: [RegisterEventRequest], minItems: 1, maxItems: MAX_BATCH_SIZE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SIZE)
  events!: unknown[];
}
