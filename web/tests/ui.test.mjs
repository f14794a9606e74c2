// Browser tests of the web UI: playwright-core drives Debian's Chromium (headless) against a real
// `parkgrid serve` on a free port, with its own workspace. They load the UI, switch the language,
// run the default Pinglu case over its first two weeks (a quick look the API offers) and the
// reform paths, look for the charts, show an input error beside its field, and save screenshots
// under build/web-test/.
//   PARKGRID=build/src/parkgrid node --test web/tests/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const program = path.resolve(root, process.env.PARKGRID || 'build/src/parkgrid');
const outDir = path.resolve(root, process.env.WEB_TEST_OUT || 'build/web-test');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let server;
let baseUrl; // the address parkgrid serve printed, with its token: http://127.0.0.1:PORT/?token=...
let origin; // http://127.0.0.1:PORT
let browser;
let page;
const pageErrors = [];

// A result with multi-period files (periods.csv, period_capacities.csv, as multi-year planning
// writes them): the microgrid example's run, with two periods beside it.
function periodsResult() {
  const dir = path.join(outDir, 'microgrid-periods');
  rmSync(dir, { recursive: true, force: true });
  const r = spawnSync(program, ['run', 'examples/microgrid/scenario.toml', '-o', dir], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(
    path.join(dir, 'periods.csv'),
    'year,cost_of_supply_cny_per_kwh,green_share,co2_t,investment_cny,load_mwh\n2025,0.37,0.55,32000,2.1e8,126300\n2030,0.33,0.62,29000,4.0e7,131000\n',
  );
  writeFileSync(
    path.join(dir, 'period_capacities.csv'),
    'year,family,name,quantity,unit,built,standing\n2025,generator,pv,capacity_mw,MW,40,40\n2025,storage_unit,battery,power_mw,MW,10,10\n2030,generator,pv,capacity_mw,MW,0,40\n2030,storage_unit,battery,power_mw,MW,5,15\n',
  );
  return dir;
}

// A sweep folder (`parkgrid sweep`, which hands over to the Python package): the microgrid's
// one-at-a-time sweep and the Latin-hypercube sweep of the reform paths (tests/python/sweep/).
function sweepResult(spec, name) {
  const dir = path.join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  const r = spawnSync(program, ['sweep', spec, '-o', dir, '--no-progress'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

// summary.csv as {figure: {column: number}}.
function summaryOf(dir) {
  const [head, ...rows] = readFileSync(path.join(dir, 'summary.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return Object.fromEntries(rows.map((r) => [r[0], Object.fromEntries(head.map((h, i) => [h, Number(r[i])]))]));
}

let oatSweep;
let pathsSweep;

async function startServer() {
  const workspace = path.join(outDir, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  oatSweep = sweepResult('tests/python/sweep/microgrid_oat.toml', 'microgrid-oat-sweep');
  pathsSweep = sweepResult('tests/python/sweep/paths_lhs.toml', 'paths-lhs-sweep');
  server = spawn(
    program,
    ['serve', '--port', '0', '--workspace', workspace, '--web-dir', path.join(root, 'web/dist'), '--workers', '2', '--results', periodsResult(), '--results', oatSweep, '--results', pathsSweep],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stderr.on('data', (d) => process.stderr.write(`[serve] ${d}`));
  baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`parkgrid serve did not start: ${out}`)), 20000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/[\d.]+:\d+)\/\?token=[0-9a-f]+/);
      if (m) {
        clearTimeout(timer);
        origin = m[1];
        resolve(m[0]);
      }
    });
    server.on('exit', (code) => reject(new Error(`parkgrid serve exited with ${code}: ${out}`)));
  });
}

before(async () => {
  assert.ok(existsSync(program), `no parkgrid binary at ${program} (make build)`);
  assert.ok(existsSync(path.join(root, 'web/dist/index.html')), 'web/dist is not built (make web)');
  assert.ok(existsSync(path.join(root, 'data/pinglu/generated/profiles.csv')), 'the Pinglu profiles are missing (make profiles)');
  mkdirSync(outDir, { recursive: true });
  await startServer();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
});

// The number of drawn SVG shapes in a chart: ECharts' SVG renderer draws one <path> per area,
// line, bar or axis mark, so an empty chart has only a handful.
async function shapes(testid) {
  return page.locator(`[data-testid="${testid}"] svg path`).count();
}

// Clicks Run and waits for the new job (the newest, first in the list) to finish.
async function runAndWait(kind) {
  const before = await page.locator('li.job').count();
  await page.getByTestId('run').click();
  await page.waitForFunction((n) => document.querySelectorAll('li.job').length > n, before);
  const id = (await page.locator('li.job').first().getAttribute('data-testid')).replace('job-', '');
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return el && ['done', 'failed', 'cancelled'].includes(el.dataset.state);
    },
    `[data-testid="job-${id}"]`,
    { timeout: 180000 },
  );
  const state = await page.locator(`[data-testid="job-${id}"]`).getAttribute('data-state');
  assert.equal(state, 'done', `${kind} job ${id} ended ${state}: ${await page.locator(`[data-testid="job-${id}"]`).innerText()}`);
  return id;
}

test('without the token the page says to open the printed address', async () => {
  // Its own page: the refused API calls are logged as errors, which the last test looks for.
  const other = await browser.newPage();
  try {
    await other.goto(`${origin}/`);
    await other.getByTestId('token-needed').waitFor();
    assert.match(await other.getByTestId('token-needed').innerText(), /请打开 parkgrid serve 启动时打印的地址/);
    await other.getByTestId('lang-switch').click();
    assert.match(await other.getByTestId('token-needed').innerText(), /open the address parkgrid serve printed/);
    const status = await other.evaluate(() => fetch('/api/jobs').then((r) => r.status));
    assert.equal(status, 401);
  } finally {
    await other.close();
  }
});

test('the UI loads in Chinese and switches to English and back', async () => {
  // The printed address: the server keeps the token in a cookie and takes it out of the URL.
  await page.goto(baseUrl);
  assert.equal(page.url(), `${origin}/`);
  const cookies = await page.context().cookies();
  assert.ok(cookies.some((c) => c.name.startsWith('parkgrid_token_') && c.httpOnly && c.sameSite === 'Strict'));
  await page.getByTestId('title').waitFor();
  assert.equal(await page.getByTestId('title').innerText(), '园区源网荷储一体化规划');
  assert.equal(await page.getByTestId('tab-dispatch').innerText(), '逐时运行');
  await page.getByTestId('lang-switch').click();
  assert.equal(await page.getByTestId('title').innerText(), 'Park energy system planner');
  assert.equal(await page.getByTestId('tab-dispatch').innerText(), 'Hourly dispatch');
  assert.equal(await page.getByTestId('run').innerText(), '▶ Run');
  assert.equal(await page.getByTestId('lang-switch').innerText(), '中文');
  await page.getByTestId('lang-switch').click();
  assert.equal(await page.getByTestId('run').innerText(), '▶ 开始计算');
  // The default scenario is the Pinglu case.
  assert.equal(await page.getByTestId('scenario-select').inputValue(), 'pinglu');
});

test('running the Pinglu case over two weeks shows the key figures and charts', async () => {
  await page.getByTestId('scenario-select').selectOption('pinglu');
  await page.getByTestId('kind-select').selectOption('run');
  await page.getByTestId('horizon-select').selectOption('336');
  await runAndWait('run');
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('kpi-cost').waitFor();
  const cost = await page.getByTestId('kpi-cost').innerText();
  const value = Number(cost.split('\n')[1].split(' ')[0]);
  assert.ok(value > 0.05 && value < 2, `average cost ${cost}`);
  assert.match(await page.getByTestId('kpi-green').innerText(), /%/);
  assert.match(await page.getByTestId('kpi-co2').innerText(), /Mt/);
  assert.match(await page.getByTestId('kpi-load').innerText(), /TWh/);
  await page.getByTestId('quick-look').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-costs"] svg path').length > 5);
  assert.ok((await page.getByTestId('downloads').locator('a').count()) >= 5);
  // A download link works with the cookie alone.
  const href = await page.getByTestId('downloads').locator('a').first().getAttribute('href');
  assert.equal(await page.evaluate((u) => fetch(u).then((r) => r.status), href), 200);
  assert.equal(await page.getByTestId('token-needed').count(), 0);
  // The report opens in a new tab, which the cookie lets in too.
  const [report] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('report-link').click()]);
  await report.waitForLoadState();
  assert.match(await report.content(), /<svg/);
  await report.close();
  await page.screenshot({ path: path.join(outDir, 'overview.png'), fullPage: true });

  await page.getByTestId('tab-dispatch').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-dispatch"] svg path').length > 20);
  await page.getByTestId('chart-duration').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-duration"] svg path').length > 5);
  assert.ok((await shapes('chart-dispatch')) > 20);
  // The coal units (committable, linear mode in the Pinglu case): units online per hour, and
  // their minimum-load line dashed in the dispatch chart.
  await page.getByTestId('chart-units-online').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-units-online"] svg path').length > 2);
  assert.ok(
    await page.evaluate(() => [...document.querySelectorAll('[data-testid="chart-dispatch"] svg path')].some((p) => (p.getAttribute('stroke-dasharray') || '').length > 0)),
    'a dashed minimum-load line in the dispatch chart',
  );
  // The week picker: the quick look has two weeks; the second starts on 8 January.
  assert.equal(await page.getByTestId('week-select').locator('option').count(), 2);
  await page.getByTestId('week-select').selectOption({ value: '1' });
  await page.getByText('2025-01-08T00:00', { exact: false }).first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-dispatch"] svg path').length > 20);
  await page.screenshot({ path: path.join(outDir, 'dispatch.png'), fullPage: true });

  await page.getByTestId('tab-capacities').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="capacities-table"] tbody tr').length > 0);
  const rows = await page.getByTestId('capacities-table').locator('tbody tr').count();
  assert.ok(rows >= 10, `${rows} capacity rows`);
});

test('the reform paths run and show the waterfall side by side', async () => {
  await page.getByTestId('lang-switch').click(); // English for this one
  await page.getByTestId('kind-select').selectOption('paths');
  await page.getByTestId('horizon-select').selectOption('-24'); // the year on 24 typical days
  await runAndWait('paths');
  await page.getByTestId('tab-paths').click();
  await page.getByTestId('paths-table').waitFor();
  assert.equal(await page.getByTestId('paths-table').locator('tbody tr').count(), 5);
  assert.match(await page.getByTestId('typical-days').innerText(), /24 representative days/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-paths"] svg path').length > 20);
  assert.match(await page.getByTestId('paths-table').innerText(), /Baseline/);
  // path 2 is dearer than the baseline on the Pinglu year (docs/pinglu.md): its payback is never
  assert.match(await page.getByTestId('paths-table').innerText(), /\bnever\b/);
  await page.screenshot({ path: path.join(outDir, 'paths.png'), fullPage: true });
  await page.getByTestId('lang-switch').click();
});

test('an input error is shown beside its field', async () => {
  await page.getByTestId('tab-inputs').click();
  const field = page.getByTestId('field-projects-0-demand_mw');
  await field.waitFor();
  await field.fill('-5');
  await page.getByTestId('validate').click();
  const error = page.getByTestId('error-projects-0-demand_mw');
  await error.waitFor();
  assert.match(await error.innerText(), /demand_mw = -5/);
  assert.match(await page.getByTestId('editor-message').innerText(), /1 个问题/);
  await page.screenshot({ path: path.join(outDir, 'editor.png') });
  // A valid edit runs: the first load back to a real value, over the first two weeks.
  await field.fill('40');
  await page.getByTestId('validate').click();
  await page.getByText('校验通过').waitFor();
});

test('a running job is cancelled from the page and disappears from the disk', async () => {
  // The full Pinglu year takes minutes: cancelled while it runs (a DELETE from the page, with
  // its Origin and the token's cookie).
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('scenario-select').selectOption('pinglu');
  await page.getByTestId('kind-select').selectOption('run');
  await page.getByTestId('horizon-select').selectOption('0');
  const before = await page.locator('li.job').count();
  await page.getByTestId('run').click();
  await page.waitForFunction((n) => document.querySelectorAll('li.job').length > n, before);
  const id = (await page.locator('li.job').first().getAttribute('data-testid')).replace('job-', '');
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'running', `[data-testid="job-${id}"]`);
  await page.getByTestId(`cancel-${id}`).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'cancelled', `[data-testid="job-${id}"]`, { timeout: 30000 });
  assert.ok(!existsSync(path.join(outDir, 'workspace', 'jobs', id)));
  await page.getByTestId('horizon-select').selectOption('336');
});

test('a result with investment periods gets a year-by-year tab', async () => {
  await page.getByTestId('tab-overview').click();
  assert.equal(await page.getByTestId('tab-years').count(), 0); // the Pinglu run has no periods
  await page.getByTestId('show-microgrid-periods').click();
  await page.getByTestId('tab-years').click();
  await page.getByTestId('years').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-years"] svg path').length > 5);
  assert.ok((await shapes('chart-years-investment')) > 3);
  assert.ok((await shapes('chart-years-capacities')) > 3);
  const table = await page.getByTestId('years').locator('table').innerText();
  assert.match(table, /2030/);
  assert.match(table, /0\.3300/);
  await page.screenshot({ path: path.join(outDir, 'years.png'), fullPage: true });
});

test('a sweep folder shows in the Sensitivity view: summary, tornado and scatter plots', async () => {
  await page.getByTestId('show-microgrid-oat-sweep').click();
  await page.getByTestId('sensitivity').waitFor();
  const summary = summaryOf(oatSweep);
  const table = await page.getByTestId('sweep-summary').innerText();
  // the mean objective and the P90 average cost as summary.csv has them
  assert.ok(table.includes(Math.round(summary.objective_cny.mean).toLocaleString('en-US')), table);
  assert.ok(table.includes(summary.average_cost_cny_per_kwh.p90.toFixed(4)), table);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-tornado"] svg path').length > 5);
  assert.equal(await page.getByTestId('chart-morris').count(), 0);
  for (const p of ['pv_capex', 'buy_price_scale', 'import_max', 'load_scale']) assert.ok((await shapes(`chart-scatter-${p}`)) > 3, p);
  await page.getByTestId('figure-select').selectOption('objective_cny');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-tornado"] svg path').length > 5);
  await page.screenshot({ path: path.join(outDir, 'sensitivity.png'), fullPage: true });
});

test('a sweep of the reform paths shows the share of samples in which each path is cheapest', async () => {
  await page.getByTestId('show-paths-lhs-sweep').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-cheapest"] svg path').length > 3);
  const summary = summaryOf(pathsSweep);
  const shares = ['baseline', 'linkage', 'distribution', 'integration', 'combined'].map((id) => summary[`cheapest.${id}`].mean);
  assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  // each share is a bar label, as a percentage with one decimal
  const text = await page.getByTestId('chart-cheapest').innerText();
  for (const v of shares.filter((x) => x > 0)) assert.ok(text.includes(`${(100 * v).toFixed(1)} %`), `${v} in ${text}`);
  assert.equal(await page.getByTestId('chart-tornado').count(), 0); // a Latin hypercube has no indices
  assert.ok((await shapes('chart-scatter-coal_price_cny_per_tce')) > 5);
  await page.screenshot({ path: path.join(outDir, 'sensitivity-paths.png'), fullPage: true });
});

test('the page raised no errors', () => {
  assert.deepEqual(pageErrors, []);
});
