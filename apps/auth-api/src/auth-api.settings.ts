import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, SIGNING_ALGORITHMS, SigningAlgorithm } from '@reimbursements/auth/access-token';
import { SharedSettings, toInt } from '@reimbursements/platform/config/shared-settings';
import { invalidTrustedProxies, trustedProxyList, trustProxySetting } from '@reimbursements/platform/http/trusted-proxies';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Satisfies } from './config/satisfies';
import { isPrivateJwkFor, isPublicJwks } from './config/signing-key-setting';
import { ScryptCost } from './hashing/secret-hasher';
import { passwordPolicyViolations } from './identity/password-policy';
import { normalizeUsername, USERNAME_PATTERN } from './identity/username';

const emptyAsUnset = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export class AuthApiSettings extends SharedSettings {
  override PORT = 3000;
  override KAFKA_CLIENT_ID = 'auth-api';

  /** Identity data lives apart from the read models (which can be rebuilt from the log; this cannot). */
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'must be a MongoDB database name' })
  @Satisfies<AuthApiSettings>((value, settings) => value !== settings.MONGODB_DATABASE, 'must differ from MONGODB_DATABASE (the read models)')
  AUTH_MONGODB_DB = 'reimbursements_auth';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of the login-throttling counters, shared by every auth-api instance. */
  @Matches(/^[A-Za-z0-9:._-]{0,64}$/, { message: 'must be at most 64 characters of [A-Za-z0-9:._-]' })
  AUTH_REDIS_KEY_PREFIX = 'auth:';

  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = DEFAULT_ISSUER;

  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = DEFAULT_AUDIENCE;

  @IsInt()
  @Min(60)
  @Max(86400)
  @Transform(toInt)
  AUTH_TOKEN_TTL_SECONDS = 900;

  @IsIn(SIGNING_ALGORITHMS)
  AUTH_SIGNING_ALG: SigningAlgorithm = 'ES256';

  /** A private JWK to sign with instead of keys generated and kept in AUTH_MONGODB_DB. */
  @IsOptional()
  @Transform(emptyAsUnset)
  @Satisfies<AuthApiSettings>((value, settings) => isPrivateJwkFor(value, settings.AUTH_SIGNING_ALG), 'must be a private JWK (JSON) for AUTH_SIGNING_ALG')
  AUTH_SIGNING_KEY_JWK?: string;

  /** More public keys to publish (e.g. the previous AUTH_SIGNING_KEY_JWK while its tokens live). */
  @IsOptional()
  @Transform(emptyAsUnset)
  @Satisfies(isPublicJwks, 'must be a JWKS (JSON {"keys": [...]}) of public keys with a kid each')
  AUTH_PUBLISHED_JWKS?: string;

  /** A rotated-in key is published this long before it signs, so verifiers know it first. */
  @IsInt()
  @Min(0)
  @Max(3600)
  @Transform(toInt)
  AUTH_KEY_ACTIVATION_DELAY_SECONDS = 60;

  /** How often an instance rereads the key set (to follow rotations made through another instance). */
  @IsInt()
  @Min(1)
  @Max(300)
  @Transform(toInt)
  AUTH_KEY_REFRESH_SECONDS = 10;

  @IsInt()
  @Min(8)
  @Max(128)
  @Transform(toInt)
  AUTH_PASSWORD_MIN_LENGTH = 12;

  /** scrypt N = 2^AUTH_SCRYPT_LOG_N; below 15 only to make tests fast. */
  @IsInt()
  @Min(10)
  @Max(20)
  @Transform(toInt)
  AUTH_SCRYPT_LOG_N = 15;

  /** How long a client's previous secret keeps working after a rotation. */
  @IsInt()
  @Min(0)
  @Max(30 * 86400)
  @Transform(toInt)
  AUTH_CLIENT_SECRET_GRACE_SECONDS = 86400;

  @IsInt()
  @Min(1)
  @Max(1000)
  @Transform(toInt)
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @IsInt()
  @Min(1)
  @Max(100000)
  @Transform(toInt)
  AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  @IsInt()
  @Min(1)
  @Max(86400)
  @Transform(toInt)
  AUTH_LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** Reverse proxies in front of auth-api whose X-Forwarded-For is trusted for the client address. */
  @IsInt()
  @Min(0)
  @Max(10)
  @Transform(toInt)
  @Satisfies<AuthApiSettings>((value, settings) => value === 0 || settings.AUTH_TRUSTED_PROXIES === '', 'and AUTH_TRUSTED_PROXIES are both set; set one of them')
  AUTH_TRUST_PROXY_HOPS = 0;

  /**
   * The proxies whose X-Forwarded-For is trusted wherever they stand (trusted-proxies.ts): the
   * accounting page's address, whose sign-ins would otherwise all count against one address.
   */
  @IsString()
  @Satisfies<AuthApiSettings>(
    (value) => typeof value === 'string' && invalidTrustedProxies(trustedProxyList(value)).length === 0,
    'must be a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  )
  AUTH_TRUSTED_PROXIES = '';

  /** Express's `trust proxy`, from AUTH_TRUSTED_PROXIES or else AUTH_TRUST_PROXY_HOPS. */
  trustProxy(): false | number | string[] {
    return trustProxySetting(this.AUTH_TRUST_PROXY_HOPS, trustedProxyList(this.AUTH_TRUSTED_PROXIES));
  }

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && value !== '' ? normalizeUsername(value) : undefined))
  @Matches(USERNAME_PATTERN, { message: 'must be 3-64 characters of [a-z0-9._@-]' })
  @Satisfies<AuthApiSettings>((_, settings) => settings.BOOTSTRAP_ADMIN_PASSWORD !== undefined, 'is set but BOOTSTRAP_ADMIN_PASSWORD is not')
  BOOTSTRAP_ADMIN_USERNAME?: string;

  @IsOptional()
  @Transform(emptyAsUnset)
  @Satisfies<AuthApiSettings>((_, settings) => settings.BOOTSTRAP_ADMIN_USERNAME !== undefined, 'is set but BOOTSTRAP_ADMIN_USERNAME is not')
  @Satisfies<AuthApiSettings>(
    (value, settings) =>
      typeof value === 'string' && passwordPolicyViolations(value, settings.BOOTSTRAP_ADMIN_USERNAME ?? '', settings.AUTH_PASSWORD_MIN_LENGTH).length === 0,
    'must follow the password policy (AUTH_PASSWORD_MIN_LENGTH characters or more, not containing the username)',
  )
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  scryptCost(): ScryptCost {
    return { logN: this.AUTH_SCRYPT_LOG_N, r: 8, p: 1 };
  }
}
