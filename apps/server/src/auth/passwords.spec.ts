import { hashPassword, PASSWORD_SCRYPT, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('are kept as salted scrypt hashes that name their parameters, and verified in constant time', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(h).toMatch(new RegExp(`^scrypt\\$N=${PASSWORD_SCRYPT.N},r=8,p=1\\$`));
    expect(h).not.toContain('correct horse');
    expect(await hashPassword('correct horse battery staple')).not.toBe(h); // salted
    expect(await verifyPassword('correct horse battery staple', h)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', h)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });
});
