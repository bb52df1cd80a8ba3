import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { conflict } from '../../identity/identity-problems';
import { KeyRing, KeysFromConfigurationError } from '../key-ring';

class RotationResponse {
  @ApiProperty({ description: 'The new key (published at once in the JWKS)' }) kid!: string;
  @ApiProperty({ description: 'When it starts signing (AUTH_KEY_ACTIVATION_DELAY_SECONDS from now)' }) activatesAt!: string;
}

@ApiTags('keys')
@Controller('v1/keys')
export class RotateSigningKeyHttpController {
  constructor(private readonly keys: KeyRing) {}

  @Post('rotate')
  @Roles('admin')
  @ApiOperation({
    summary: 'Rotate the token signing key (admin)',
    description:
      'Adds a new key: published in the JWKS at once, signing after the activation delay. The old key stays published until the last token it signed has expired.',
  })
  @ApiCreatedResponse({ type: RotationResponse })
  @ApiConflictResponse({ description: 'The keys are given by configuration: rotate by redeploying' })
  async rotate(): Promise<RotationResponse> {
    try {
      const { kid, activatesAt } = await this.keys.rotate();
      return { kid, activatesAt: activatesAt.toISOString() };
    } catch (error) {
      if (!(error instanceof KeysFromConfigurationError)) throw error;
      throw conflict('keys-from-configuration', 'Keys from configuration', 'The signing key is given by configuration (AUTH_SIGNING_KEY_JWK): rotate by redeploying.');
    }
  }
}
