import { can, canOpen, homeOf, landingFor, loginHref, pageAt, ROLES } from '../../apps/console/src/access.js';

describe("the console's role table", () => {
  it('gives each role exactly its pages', () => {
    const open = Object.fromEntries(
      ROLES.map((r) => [
        r,
        (['console', 'technician', 'ledger', 'regulator', 'admin'] as const).filter((p) => canOpen(r, p)),
      ]),
    );
    expect(open).toEqual({
      admin: ['console', 'technician', 'ledger', 'regulator', 'admin'],
      operator: ['console', 'ledger'],
      technician: ['technician'],
      regulator: ['ledger', 'regulator'],
    });
    expect(ROLES.map(homeOf)).toEqual(['/', '/', '/technician.html', '/regulator.html']);
  });

  it('offers state-changing actions only to the roles the server lets do them', () => {
    expect(ROLES.filter((r) => can(r, 'alerts.act'))).toEqual(['admin', 'operator']);
    expect(ROLES.filter((r) => can(r, 'ledger.enter'))).toEqual(['admin', 'operator']);
    expect(ROLES.filter((r) => can(r, 'sim.control'))).toEqual(['admin', 'technician']);
    expect(ROLES.filter((r) => can(r, 'users.manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'fleet.write'))).toEqual(['admin', 'technician']);
  });

  it('knows the pages by path, index.html included', () => {
    expect(pageAt('/')).toBe('console');
    expect(pageAt('/index.html')).toBe('console');
    expect(pageAt('/regulator.html')).toBe('regulator');
    expect(pageAt('/login.html')).toBeUndefined();
  });
});

describe('the landing page after logging in', () => {
  it('returns to the page asked for when the role may open it, query and hash kept', () => {
    expect(landingFor('operator', '/ledger.html?month=2026-10#x')).toBe('/ledger.html?month=2026-10#x');
    expect(landingFor('operator', '/#/unit/xa-cement/kiln-1')).toBe('/#/unit/xa-cement/kiln-1');
  });

  it("goes to the role's own first page when it may not open the page asked for", () => {
    expect(landingFor('regulator', '/')).toBe('/regulator.html');
    expect(landingFor('technician', '/admin.html')).toBe('/technician.html');
    expect(landingFor('operator', null)).toBe('/');
  });

  it('never leaves the site, whatever the return URL says', () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/login.html',
      '',
      'ledger.html',
    ])
      expect(landingFor('admin', next)).toBe('/');
  });

  it('builds the return URL into the log-in address, encoded', () => {
    expect(loginHref('/ledger.html?month=2026-10#a')).toBe('/login.html?next=%2Fledger.html%3Fmonth%3D2026-10%23a');
  });
});
