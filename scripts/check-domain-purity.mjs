// The domain stays pure: no framework, driver or Node I/O import in libs/domain (tests included).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN = /from ['"](@nestjs\/[^'"]*|kafkajs|mongodb|ioredis|express|node:[^'"]*|fs|http|net|child_process|@reimbursements\/(kafka|mongo|redis|platform)\/[^'"]*)['"]/;
const root = 'libs/domain/src';
const offenders = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts')) {
      readFileSync(path, 'utf8').split('\n').forEach((line, index) => {
        if (FORBIDDEN.test(line)) offenders.push(`${path}:${index + 1}: ${line.trim()}`);
      });
    }
  }
};
walk(root);
if (offenders.length > 0) {
  console.error(`The domain must not import framework or I/O code:\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log(`domain purity: ${root} imports no framework or I/O code`);
