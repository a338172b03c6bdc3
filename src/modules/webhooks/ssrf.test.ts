import { describe, expect, it } from 'vitest';
import { addressRefusal, checkUrlForm, resolveTarget } from './ssrf';

describe('webhook SSRF rules', () => {
  it.each([
    ['127.0.0.1'],
    ['127.255.255.254'],
    ['0.0.0.0'],
    ['0.1.2.3'],
    ['10.0.0.1'],
    ['10.255.255.255'],
    ['100.64.0.1'],
    ['100.127.255.255'],
    ['169.254.1.1'],
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.168.1.1'],
    ['198.18.0.1'],
    ['224.0.0.1'],
    ['255.255.255.255'],
    ['::1'],
    ['::'],
    ['fe80::1'],
    ['fe80::1%eth0'],
    ['febf::1'],
    ['fc00::1'],
    ['fd12:3456::1'],
    ['ff02::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:7f00:1'],
    ['::ffff:10.0.0.1'],
    ['64:ff9b::a00:1'],
    ['2002:c0a8:101::1'],
  ])('refuses %s', (address) => {
    expect(addressRefusal(address, false)).toBe('private_address');
  });

  it.each([
    ['93.184.216.34'],
    ['100.63.255.255'],
    ['100.128.0.1'],
    ['172.15.255.255'],
    ['172.32.0.1'],
    ['11.0.0.1'],
    ['2606:4700::1111'],
    ['fec0::1'],
  ])('allows the public address %s', (address) => {
    expect(addressRefusal(address, false)).toBeNull();
  });

  it('allows private targets with the operator setting, never the metadata service', () => {
    expect(addressRefusal('127.0.0.1', true)).toBeNull();
    expect(addressRefusal('10.1.2.3', true)).toBeNull();
    for (const a of ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254', '100.100.100.200'])
      expect(addressRefusal(a, true)).toBe('metadata');
  });

  it('refuses other schemes, credentials and metadata host names', () => {
    for (const [url, reason] of [
      ['ftp://example.com/x', 'scheme'],
      ['file:///etc/passwd', 'scheme'],
      ['gopher://example.com', 'scheme'],
      ['javascript:alert(1)', 'scheme'],
      ['https://user:pw@example.com/', 'credentials'],
      ['http://metadata.google.internal/computeMetadata', 'metadata'],
      ['not a url', 'invalid_url'],
    ] as const)
      expect(() => checkUrlForm(url), url).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ reason }) }),
      );
  });

  const resolver = (map: Record<string, string[]>) => async (host: string) => {
    const list = map[host];
    if (!list) throw new Error('ENOTFOUND');
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('resolves the name and refuses it when any of its addresses is private', async () => {
    const resolve = resolver({
      'hooks.example.com': ['93.184.216.34'],
      'sneaky.example.com': ['93.184.216.34', '10.0.0.5'],
      'rebind.example.com': ['127.0.0.1'],
      'v6.example.com': ['::1'],
    });
    const ok = await resolveTarget('https://hooks.example.com/carnival', { allowPrivate: false, resolve });
    expect(ok.address).toBe('93.184.216.34');
    for (const host of ['sneaky', 'rebind', 'v6'])
      await expect(
        resolveTarget(`https://${host}.example.com/`, { allowPrivate: false, resolve }),
      ).rejects.toMatchObject({
        code: 'WEBHOOK_URL_REFUSED',
        details: { field: 'url', reason: 'private_address' },
      });
    await expect(
      resolveTarget('https://nowhere.example.com/', { allowPrivate: false, resolve }),
    ).rejects.toMatchObject({
      details: { reason: 'unresolvable' },
    });
    await expect(
      resolveTarget('http://[::ffff:127.0.0.1]:8080/', { allowPrivate: false, resolve }),
    ).rejects.toMatchObject({
      details: { reason: 'private_address' },
    });
    await expect(resolveTarget('http://0177.0.0.1/', { allowPrivate: false, resolve })).rejects.toMatchObject(
      {
        details: { reason: 'private_address' },
      },
    );
  });
});
