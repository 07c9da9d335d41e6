// Cockpit screenshots for the README (run by cockpit-screenshots.sh, which starts certflow and makes the data):
// logs in as the Cockpit operator and photographs the process instance search by business key, the search by
// domain and status, the incident of an unavailable.… order (and its message in full) and the migration batch.
// Env: BASE (certflow's address), OPERATOR_PASSWORD, ORDER_ID, INCIDENT_ORDER_ID, BATCH_ID, OUT_DIR, CHROMIUM.
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const base = process.env.BASE;
const outDir = process.env.OUT_DIR;
const cockpit = `${base}/camunda/app/cockpit/default/`;
const auth = { headers: { Authorization: 'Basic ' + Buffer.from(`operator:${process.env.OPERATOR_PASSWORD}`).toString('base64') } };
const engine = async (path) => {
  const response = await fetch(`${base}/engine-rest${path}`, auth);
  if (!response.ok) throw new Error(`engine REST ${path}: HTTP ${response.status}`);
  return response.json();
};
const search = (criteria) => 'searchQuery=' + encodeURIComponent(JSON.stringify(criteria.map((c) => ({ name: '', ...c }))));

const definition = await engine('/process-definition/key/CertificateOrderProcess');
const [incidentInstance] = await engine(
  `/process-instance?processDefinitionKey=CertificateOrderProcess&businessKey=${process.env.INCIDENT_ORDER_ID}`);
if (!incidentInstance) throw new Error('the incident order has no running instance');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(`${cockpit}#/login`);
  await page.locator('input[placeholder=Username]').fill('operator');
  await page.locator('input[type=password]').fill(process.env.OPERATOR_PASSWORD);
  // Cockpit's AngularJS form: submit through its own login() (a synthetic click does not always reach ng-submit)
  await page.evaluate(() => {
    const scope = window.angular.element(document.querySelector('form[name=signinForm]')).scope();
    scope.$apply(() => scope.login());
  });
  await page.waitForURL(/#\/dashboard/, { timeout: 30000 });

  const shot = async (name, url, ready) => {
    await page.goto(url);
    await ready();
    await page.waitForTimeout(2000); // let the diagram and its badges settle (Cockpit keeps polling: no network idle)
    await page.screenshot({ path: join(outDir, name) });
    console.log(`cockpit-screenshots: ${join(outDir, name)}`);
  };
  const rows = (count) => async () => {
    await page.waitForFunction(
      (n) => document.querySelectorAll('[cam-searchable-area] table tbody tr, .process-instances table tbody tr').length === n
        || document.querySelectorAll('table tbody tr').length === n,
      count, { timeout: 30000 });
  };
  const runtime = `${cockpit}#/process-definition/${definition.id}/runtime?`;

  await shot('cockpit-search-business-key.png',
    runtime + search([{ type: 'businessKey', operator: 'eq', value: process.env.ORDER_ID }]), rows(1));
  await shot('cockpit-search-domain.png',
    runtime + search([
      { type: 'variables', operator: 'like', value: '%.example.com', name: 'commonName' },
      { type: 'variables', operator: 'eq', value: 'ACTIVE', name: 'status' },
    ]), rows(2));
  await shot('cockpit-incident.png',
    `${cockpit}#/process-instance/${incidentInstance.id}/runtime?tab=incidents-tab`,
    async () => page.getByText('Service Unavailable', { exact: false }).first().waitFor({ timeout: 30000 })
      .catch(() => page.locator('table tbody tr').first().waitFor({ timeout: 30000 })));
  // the message in full: what the message's link ("Open stacktrace") shows, the failed job's stack trace, whose
  // first line is the message; the top of it is enough
  const [incident] = await engine(`/incident?processInstanceId=${incidentInstance.id}`);
  await page.setViewportSize({ width: 1280, height: 260 });
  await page.goto(`${base}/camunda/api/engine/engine/default/job/${incident.configuration}/stacktrace`);
  await page.getByText('HTTP 503').first().waitFor({ timeout: 30000 });
  await page.screenshot({ path: join(outDir, 'cockpit-incident-message.png') });
  console.log(`cockpit-screenshots: ${join(outDir, 'cockpit-incident-message.png')}`);
  await page.setViewportSize({ width: 1280, height: 800 });

  await shot('cockpit-migration-batch.png',
    `${cockpit}#/batch?details=${process.env.BATCH_ID}&type=history`,
    async () => page.getByText(process.env.BATCH_ID).first().waitFor({ timeout: 30000 }));
} finally {
  await browser.close();
}
