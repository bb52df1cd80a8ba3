import { toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

const HTTP_URL = /^https?:\/\/[^\s/]+$/;
const URL_MESSAGE = { message: 'must be an http(s) origin such as http://127.0.0.1:3000, without a path' };

/** Where the page is served and where the APIs it proxies to are. */
export class AccountingPageSettings {
  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(toInt)
  PORT = 3004;

  @IsString()
  @IsNotEmpty()
  HOST = '0.0.0.0';

  @Matches(HTTP_URL, URL_MESSAGE)
  AUTH_API_URL = 'http://127.0.0.1:3000';

  @Matches(HTTP_URL, URL_MESSAGE)
  COMMAND_API_URL = 'http://127.0.0.1:3001';

  @Matches(HTTP_URL, URL_MESSAGE)
  QUERY_API_URL = 'http://127.0.0.1:3002';
}
