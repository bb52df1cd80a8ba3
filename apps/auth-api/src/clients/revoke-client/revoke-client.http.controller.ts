import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MongoClientStore } from '../../storage/mongo-client-store';

class RevokedClientResponse {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() revokedAt!: string;
}

@ApiTags('clients')
@Controller('v1/clients')
export class RevokeClientHttpController {
  constructor(private readonly clients: MongoClientStore) {}

  @Post(':clientId/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Revoke a client (admin)',
    description: 'The client gets no new token, and its unexpired tokens stop working within a minute everywhere. Final and idempotent.',
  })
  @ApiOkResponse({ type: RevokedClientResponse })
  @ApiNotFoundResponse({ description: 'No such client' })
  async revoke(@Param('clientId') clientId: string): Promise<RevokedClientResponse> {
    const client = await this.clients.revoke(clientId, new Date());
    if (!client?.revokedAt) throw new NotFoundException();
    return { clientId: client._id, name: client.name, revokedAt: client.revokedAt.toISOString() };
  }
}
