import express from 'express';
import { invalidTrustedProxies, trustedProxyList, trustProxySetting } from './trusted-proxies';

describe('trusted proxies', () => {
  it('reads a comma-separated list, blanks dropped', () => {
    expect(trustedProxyList(' loopback , 172.28.0.10,,10.0.0.0/8 ')).toEqual(['loopback', '172.28.0.10', '10.0.0.0/8']);
    expect(trustedProxyList('')).toEqual([]);
  });

  it('names every entry Express would refuse', () => {
    expect(invalidTrustedProxies(['loopback', 'uniquelocal', '127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'])).toEqual([]);
    const refused = ['page', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/2', 'fd00::/129', '10.0.0.0/x', '0.0.0.0/0', 'fe80::1%en-0'];
    expect(invalidTrustedProxies(refused)).toEqual(refused);
    // Each refused entry is one Express would refuse at start-up.
    for (const entry of refused) expect(() => express().set('trust proxy', [entry])).toThrow();
  });

  it('gives Express a value it takes: the addresses, else the hops, else no proxy', () => {
    const app = express();
    for (const value of [trustProxySetting(1, ['loopback', '172.28.0.10/32']), trustProxySetting(2, []), trustProxySetting(0, [])]) {
      expect(() => app.set('trust proxy', value)).not.toThrow();
    }
    expect(trustProxySetting(1, ['loopback'])).toEqual(['loopback']);
    expect(trustProxySetting(2, [])).toBe(2);
    expect(trustProxySetting(0, [])).toBe(false);
  });
});
