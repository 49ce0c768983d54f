import { existsSync } from 'node:fs';
import { DomainError } from '../../http/domain-error.js';

/** Debian's Chromium; the flags are those a headless server without a sandbox or GPU needs. */
export const CHROMIUM = process.env.QW_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** No Chromium to print with: the report is still there as JSON and .xlsx (503). */
export class PdfUnavailable extends DomainError {
  constructor(message: string) {
    super(503, message, 'PDF_UNAVAILABLE', [], 'PDF_UNAVAILABLE');
  }
}

/**
 * Prints an HTML page to PDF in Chromium (one browser per report, closed after: reports are rare, an idle browser
 * would hold ~150 MB). The page is set as content, so it loads nothing from the network.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) throw new PdfUnavailable(`no Chromium at ${CHROMIUM} (set QW_CHROMIUM)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true });
  } finally {
    await browser.close();
  }
}
