import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JWK } from 'jose';
import { KeyRing } from '../keys/key-ring';

@ApiTags('auth')
@Controller('.well-known')
export class JwksHttpController {
  constructor(private readonly keys: KeyRing) {}

  @Get('jwks.json')
  // Short enough that a verifier caching by HTTP semantics sees a rotated-in key before it signs.
  @Header('Cache-Control', 'public, max-age=30')
  @ApiOperation({
    summary: 'Public keys that verify access tokens (RFC 7517 JWK Set)',
    description: 'The signing key, a key about to sign after a rotation, and retired keys until the tokens they signed have expired.',
  })
  @ApiOkResponse({ description: '{ "keys": [ { "kty", "crv", "x", "y", "kid", "alg", "use" } ] }' })
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: await this.keys.publicKeys() };
  }
}
