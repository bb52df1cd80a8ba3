import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N = 2^logN, block size r, parallelism p (memory is 128 * N * r bytes). */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

/** OWASP's recommendation for scrypt: N=2^15 (32 MiB), r=8, p=1 (see the README). */
export const DEFAULT_SCRYPT_COST: ScryptCost = { logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

/**
 * Passwords and client secrets are stored only as salted scrypt hashes in PHC string format
 * (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`), so a later change of cost keeps old hashes verifiable.
 */
export class SecretHasher {
  private decoy?: Promise<string>;

  constructor(private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST) {}

  async hash(secret: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(secret, salt, this.cost, KEY_BYTES);
    const { logN, r, p } = this.cost;
    return `$scrypt$ln=${logN},r=${r},p=${p}$${unpadded(salt)}$${unpadded(key)}`;
  }

  /**
   * Whether `secret` matches `stored`, compared in constant time. Without a stored hash (unknown
   * user or client) a decoy of the same cost is checked, so the answer takes as long either way.
   */
  async verify(secret: string, stored: string | undefined): Promise<boolean> {
    const parsed = PHC.exec(stored ?? '') ?? PHC.exec(await this.decoyHash());
    if (!parsed) return false;
    const [, logN, r, p, salt, expected] = parsed;
    const expectedKey = Buffer.from(expected, 'base64');
    const key = await derive(secret, Buffer.from(salt, 'base64'), { logN: Number(logN), r: Number(r), p: Number(p) }, expectedKey.length);
    return stored !== undefined && key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(32).toString('base64'));
    return this.decoy;
  }
}

function derive(secret: string, salt: Buffer, { logN, r, p }: ScryptCost, length: number): Promise<Buffer> {
  const N = 2 ** logN;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    // NFKC: the same password typed on another keyboard or OS gives the same bytes.
    scrypt(secret.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
