// Roster import scenario (called by run.mjs): "a browser test of importing a roster file with
// errors and then the valid rows".
//
// Per viewport its own server on a fresh `dangjian demo` database (the import writes, so the two
// runs would otherwise see each other's members). Desktop: town1 (城关镇党委) imports
// tests/data/roster/roster_errors.csv into its town; phone: branch1 imports it into its own
// branch (东关社区党支部) with every other branch's 所在党支部 left empty, which means "the
// target branch". The branches the file names are checked against the demo's real ones, read
// through the JSON API (codes D001T01B01/B02); when they differ the file is rewritten with the
// real names — no bad row changes its kind of error.
//
// Steps: navigation 党员 → 导入花名册, choose the target org, upload, the per-row report (counts;
// row, column, value and reason of all 18 bad rows, messages from tests/data/roster/README.md),
// 导入有效行, the success flash with the count, an imported member found in the roster by name
// (and its detail page), none of the bad rows imported (JSON API: counts by name and the total),
// the 导出 CSV link downloads the roster with the imported member. A read-only account
// (contact1) gets no 导入花名册 link. Overflow, console errors and CSP violations are checked on
// every page reached. Screenshots: out/<viewport>-import-NN-*.png.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startServer } from './server.mjs';
import {
  apiLogin, expectPath, expectText, getJson, killOnExit, navigate, openPage, overflowOf, pathOf, serverNote, shot, textOf,
} from './page.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROSTER = join(HERE, '..', 'data', 'roster', 'roster_errors.csv');
const DEMO_PASSWORD = 'E2e#Demo2025';
// The branch names roster_errors.csv uses, and the demo codes they stand for.
const FILE_BRANCHES = { 东关社区党支部: 'D001T01B01', 西关社区党支部: 'D001T01B02' };
const TOWN_CODE = 'D001T01';
const FOUND = '马学文'; // line 15: 东乡族, 西关社区党支部, born 1988-06-18
const ABSENT = '韩国庆'; // line 17: wrong check character — must not be imported

// tests/data/roster/README.md, lines 17–34: [line, column, value, message]. '' = empty cell.
const BAD_ROWS = [
  [17, '公民身份证号', '620702196606062010', '「公民身份证号」校验码错误：最后一位应为 6'],
  [18, '性别', '男', '「性别」与「公民身份证号」不符（身份证号为 女）'],
  [19, '出生日期', '1970-05-21', '「出生日期」与「公民身份证号」不符（身份证号为 1970-05-20）'],
  [20, '转为正式党员日期', '2004-07-01', '「转为正式党员日期」早于「加入党组织日期」'],
  [21, '失去联系日期', '2024-01-01', '「失去联系日期」只能在失联党员填写'],
  [22, '手机号', '1381234567', '「手机号」手机号码应为11位'],
  [23, '人员类别', '农民工', '「人员类别」应为在职、离退休、农民、学生、下岗失业或其他'],
  [24, '加入党组织日期', '2099-01-01', '「加入党组织日期」晚于今天'],
  [25, '姓名', '', '「姓名」不能为空'],
  // the text of the in-file duplicate is the importer's to choose: only its gist is fixed
  [26, '公民身份证号', '620702194912310023', /^「公民身份证号」与第\s*2\s*行重复/],
  [27, '转为正式党员日期', '2006-03-01', '「转为正式党员日期」早于预备期满之日（2006-07-01）'],
  [28, '加入党组织日期', '2006年13月5日', '「加入党组织日期」月份超出范围'],
  [29, '公民身份证号', '62070219831010', '「公民身份证号」长度应为18位（或旧版15位）'],
  [30, '失去联系日期', '', '「失去联系日期」失联党员应填写失去联系日期'],
  [31, '外出流向', '', '「外出流向」流动党员应填写外出流向'],
  [32, '学历', '本科', '「学历」应为研究生、大学本科、大学专科、中专、高中、初中或小学及以下'],
  [33, '手机号', '0936-8123456', '「手机号」应为11位手机号码（固定电话请填在「固定电话」）'],
  [34, '加入党组织日期', '2007-07-01', '「加入党组织日期」早于年满18周岁之日（出生日期 1990-01-01）'],
];
const VALID = 15;

let srv = null; // the current profile's server: {proc, stop, stderr, url}

/** Stops this scenario's server (run.mjs calls it from its cleanup). */
export async function stopImport() {
  const s = srv;
  srv = null;
  if (s) await s.stop().catch(() => {});
}

killOnExit(() => srv);

/** The roster file as {eol, header, rows: [{line, cells}]} (no field needs quoting, see README). */
function parseRoster(text) {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  if (lines.at(-1) === '') lines.pop();
  const header = lines[0].split(',');
  return { eol, header, rows: lines.slice(1).map((l, i) => ({ line: i + 2, cells: l.split(',') })) };
}

function formatRoster({ eol, header, rows }) {
  return [header.join(','), ...rows.map((r) => r.cells.join(','))].join(eol) + eol;
}

/** town1's town and its live branches (id, code, short name), read as town1 via the JSON API. */
async function readTown(url) {
  const api = await apiLogin(url, 'town1', DEMO_PASSWORD);
  try {
    const tree = await getJson(api, '/orgs');
    const town = (tree.roots ?? []).find((o) => o.code === TOWN_CODE);
    if (!town) throw new Error(`town1's tree has no ${TOWN_CODE}`);
    const detail = await getJson(api, `/orgs/${town.id}`);
    const branches = (detail.children ?? []).filter((c) => !c.dissolved && c.kind !== 'group')
      .map((c) => ({ id: c.id, code: c.code ?? '', short: c.short_name, name: c.name }));
    return { id: town.id, short: town.short_name, name: detail.org?.name ?? town.name, branches };
  } finally {
    await api.dispose();
  }
}

/**
 * The upload for one profile: the file's branch names replaced by the demo's real ones (the
 * same bytes as the repository's file when they already match); with `only`, rows naming any
 * other branch get an empty 所在党支部 (= the target branch). Returns {buffer, rewritten,
 * branchOf(line)}.
 */
function buildUpload(town, only) {
  const original = readFileSync(ROSTER);
  const roster = parseRoster(original.toString('utf8'));
  const col = roster.header.indexOf('所在党支部');
  if (col < 0) throw new Error('roster_errors.csv has no 所在党支部 column');
  const real = {};
  for (const [name, code] of Object.entries(FILE_BRANCHES)) {
    const b = town.branches.find((x) => x.code === code);
    if (!b) throw new Error(`the demo has no branch ${code} under ${town.short}`);
    real[name] = b.short;
  }
  const branchOf = {};
  for (const r of roster.rows) {
    const named = r.cells[col];
    if (named && !(named in real)) throw new Error(`line ${r.line} names an unknown branch ${named}`);
    let v = named ? real[named] : '';
    if (only && v !== only) v = '';
    r.cells[col] = v;
    branchOf[r.line] = v || only;
  }
  const text = formatRoster(roster);
  const rewritten = text !== original.toString('utf8');
  return { buffer: rewritten ? Buffer.from(text, 'utf8') : original, rewritten, branchOf, roster };
}

/** Splits CSV text into rows of fields ("…" quoting with "" inside allowed). */
function csvRows(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The 18-digit form of a 15- or 18-digit ID number (GB 11643: ISO 7064 MOD 11-2). */
function idNumber18(id) {
  let s = id.toUpperCase();
  if (s.length !== 15) return s;
  s = `${s.slice(0, 6)}19${s.slice(6)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...s].reduce((t, d, i) => t + Number(d) * w[i], 0);
  return s + '10X98765432'[sum % 11];
}

/**
 * The roster under `org` as the user's own session sees it: the JSON list's total, the
 * members of the CSV export (ID number → name), and how many members match each of `names`.
 */
async function census(api, url, org, names) {
  const resp = await api.get(`${url}/members/export?org=${org}&format=csv`);
  if (resp.status() !== 200) throw new Error(`GET /members/export (CSV): HTTP ${resp.status()}`);
  const [head, ...rows] = csvRows((await resp.text()).replace(/^\uFEFF/, ''));
  const [ni, ii] = [head.indexOf('姓名'), head.indexOf('公民身份证号')];
  if (ni < 0 || ii < 0) throw new Error(`export header lacks 姓名 or 公民身份证号: ${head.join(',')}`);
  const byId = new Map(rows.filter((r) => r.length > ii).map((r) => [r[ii].trim(), r[ni].trim()]));
  const counts = {};
  for (const n of names) {
    counts[n] = (await getJson(api, `${url}/members?org=${org}&q=${encodeURIComponent(n)}`)).total;
  }
  return { total: (await getJson(api, `${url}/members?org=${org}`)).total, byId, counts };
}

async function runProfile({ browser, outDir, report, timeout }, profile, who) {
  const prefix = `${profile.name}: import`;
  const url = srv.url;
  const errors = [];
  const overflow = [];
  const { ctx, page } = await openPage(browser, profile, errors, timeout, { acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url;
    errors.push(`console error on ${pathOf(page)}: ${m.text()}${at ? ` [${at}]` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`page error on ${pathOf(page)}: ${e.message}`));
  page.on('requestfailed', (req) => {
    // A link answered as a download is reported as an aborted navigation: not an error.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && req.url().includes('/members/export?')) return;
    errors.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400) errors.push(`HTTP ${resp.status()} for ${resp.request().method()} ${resp.url()}`);
  });

  const touch = profile.touch;
  const check = (where) => overflowOf(page, profile, where, overflow);
  let n = 0;
  let broken = null;
  const step = async (name, fn, { soft = false } = {}) => {
    n++;
    if (broken) {
      report.fail(`${prefix}: ${name}`, `skipped, earlier step failed (${broken})`);
      return;
    }
    try {
      await fn();
      report.pass(`${prefix}: ${name}`);
    } catch (e) {
      if (!soft) broken = name;
      report.fail(`${prefix}: ${name}`, (e?.message || String(e)).split('\n')[0] + serverNote(srv));
      await shot(page, outDir, `${profile.name}-import`, 90 + n, 'failure').catch(() => {});
    }
  };
  const { target, upload } = who;
  const names = [FOUND, ABSENT];
  const idCol = upload.roster.header.indexOf('公民身份证号');
  const nameCol = upload.roster.header.indexOf('姓名');
  // what the import must add: the valid rows (lines 2–16), ID numbers as stored
  const expected = new Map(upload.roster.rows.filter((r) => r.line <= VALID + 1)
    .map((r) => [idNumber18(r.cells[idCol]), r.cells[nameCol]]));
  let before = null;
  let listPath = '/members';

  await step(`${who.login} signs in and opens 党员 from the navigation`, async () => {
    await page.goto(`${url}/login`, { waitUntil: 'load' });
    await page.locator('#login').fill(who.login);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await navigate(page, page.locator('form.form button[type=submit]'), touch, timeout);
    expectPath(page, '/', 'after login');
    const link = page.locator('nav.main a').getByText('党员', { exact: true });
    if ((await link.count()) !== 1) throw new Error('no single 党员 link in nav.main');
    await navigate(page, link, touch, timeout);
    expectPath(page, '/members', 'after the 党员 link');
    await expectText(page.locator('main h1'), '党员花名册', 'list heading', timeout);
    listPath = pathOf(page);
    // what the roster holds before the import, through the same session's JSON API
    before = await census(ctx.request, url, target.id, names);
    await shot(page, outDir, `${profile.name}-import`, 1, 'list', false);
    await check('roster list');
  });

  await step('the roster offers 导入花名册, 导出 Excel and 导出 CSV as plain links', async () => {
    const hrefs = await page.locator('main .member-actions a').evaluateAll((as) =>
      Object.fromEntries(as.map((a) => [a.innerText.trim(), a.getAttribute('href')])));
    const own = target.id; // the account's own org: the list has no org chosen
    const want = {
      导入花名册: '/members/import',
      '导出 Excel': `/members/export?org=${own}&format=xlsx`,
      '导出 CSV': `/members/export?org=${own}&format=csv`,
    };
    const wrong = Object.entries(want).filter(([k, v]) => hrefs[k] !== v)
      .map(([k, v]) => `${k}: ${hrefs[k] ?? '(missing)'} instead of ${v}`);
    if (wrong.length) throw new Error(wrong.join('; '));
  }, { soft: true });

  await step('导入花名册 opens the upload form; the target org is chosen', async () => {
    const link = page.locator('main .member-actions a', { hasText: '导入花名册' });
    const resp = await navigate(page, link, touch, timeout);
    if (resp?.status() !== 200) throw new Error(`GET /members/import answered ${resp?.status()}`);
    expectPath(page, '/members/import', 'after 导入花名册');
    await expectText(page.locator('main h1'), '导入党员花名册', 'form heading', timeout);
    await page.locator('#org').selectOption(String(target.id));
    const chosen = (await page.locator('#org option:checked').innerText()).trim();
    if (chosen !== target.short) throw new Error(`chosen option “${chosen}”, expected “${target.short}”`);
    await page.locator('#file').setInputFiles(upload.rewritten
      ? { name: 'roster_errors.csv', mimeType: 'text/csv', buffer: upload.buffer }
      : ROSTER);
    await shot(page, outDir, `${profile.name}-import`, 2, 'form');
    await check('upload form');
  });

  await step('上传并检查 shows the per-row report: 15 valid, 18 rows with line, column, value, reason', async () => {
    const resp = await navigate(page, page.locator('main form.form button[type=submit]'), touch, timeout);
    if (resp?.status() !== 200) throw new Error(`POST /members/import answered ${resp?.status()}`);
    await expectText(page.locator('main h1'), '导入检查结果', 'report heading', timeout);
    const problems = [];
    const intro = (await page.locator('main section.card p').first().innerText()).trim();
    if (!intro.includes('roster_errors.csv') || !intro.includes(target.name)) {
      problems.push(`intro “${intro}” lacks the file name or ${target.name}`);
    }
    const summary = await page.locator('main table.import-summary tr').evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector('th')?.innerText.trim(), r.querySelector('td')?.innerText.trim()])));
    const wantSummary = { 数据行: '33', 有效: String(VALID), '有错误（不导入）': '18', 将新增: String(VALID), 将更新: '0', 无变化: '0' };
    for (const [k, v] of Object.entries(wantSummary)) {
      if (summary[k] !== v) problems.push(`summary ${k}: “${summary[k] ?? '(missing)'}”, expected ${v}`);
    }
    await expectText(page.locator('main h2', { hasText: '错误' }), '错误（18 处）', 'error heading', timeout);
    const head = (await page.locator('main table.import-errors thead th').allInnerTexts()).map((t) => t.trim());
    if (head.join() !== '行,列,内容,原因') problems.push(`error table columns: ${head.join('、')}`);
    const got = await page.locator('main table.import-errors tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim())));
    if (got.length !== BAD_ROWS.length) problems.push(`${got.length} error rows, expected ${BAD_ROWS.length}`);
    for (const [line, column, value, message] of BAD_ROWS) {
      const row = got.find((g) => g[0] === String(line));
      if (!row) { problems.push(`line ${line}: not reported`); continue; }
      const [, c, v, m] = row;
      const okMsg = message instanceof RegExp ? message.test(m) : m === message;
      const okVal = value === '' ? v === '' || v === '（空）' : v === value;
      if (c !== column || !okVal || !okMsg) {
        problems.push(`line ${line}: “${c}” / “${v}” / “${m}”, expected “${column}” / “${value}” / “${message}”`);
      }
    }
    const lines = got.map((g) => Number(g[0]));
    if (lines.some((l, i) => i > 0 && l < lines[i - 1])) problems.push(`rows not in line order: ${lines.join(',')}`);
    if (lines.some((l) => l <= VALID + 1)) problems.push(`a valid line reported: ${lines.filter((l) => l <= VALID + 1).join(',')}`);
    if (problems.length) throw new Error(problems.join('; '));
    await shot(page, outDir, `${profile.name}-import`, 3, 'report');
    await check('import report');
  });

  await step('导入有效行 lands on the roster with 已导入 15 名党员 and 18 rows not imported', async () => {
    const button = page.locator('main form[action$="/apply"] button[type=submit]');
    await expectText(button, '导入有效行', 'apply button', timeout);
    const resp = await navigate(page, button, touch, timeout);
    if (resp?.status() !== 200) throw new Error(`expected HTTP 200 after the redirect, got ${resp?.status()}`);
    expectPath(page, '/members', 'after 导入有效行');
    const flash = await textOf(page.locator('main .flash'), 'flash', timeout);
    const want = [`已导入 ${VALID} 名党员`, `新增 ${VALID} 名`, '更新 0 名', '另有 18 行有错误，未导入'];
    const missing = want.filter((w) => !flash.includes(w));
    if (missing.length) throw new Error(`flash “${flash}” lacks ${missing.join('、')}`);
    await shot(page, outDir, `${profile.name}-import`, 4, 'imported', false);
    await check('roster after the import');
  });

  await step('导出 CSV (on the roster after the import) downloads it with the imported member', async () => {
    // on the roster the import landed on (a download does not leave the page)
    const link = page.locator('main .member-actions a', { hasText: '导出 CSV' });
    const dl = page.waitForEvent('download', { timeout });
    await (touch ? link.tap() : link.click());
    const file = await dl;
    const name = file.suggestedFilename();
    if (!/^党员基本信息汇总表-.*\.csv$/.test(name)) throw new Error(`download named “${name}”`);
    const text = readFileSync(await file.path(), 'utf8');
    if (!text.includes(FOUND)) throw new Error(`the CSV lacks ${FOUND}`);
    if (before.counts[ABSENT] === 0 && text.includes(ABSENT)) throw new Error(`the CSV holds ${ABSENT}`);
    const xlsx = await ctx.request.get(`${url}/members/export?org=${target.id}&format=xlsx`);
    const type = xlsx.headers()['content-type'] ?? '';
    if (xlsx.status() !== 200 || !type.includes('spreadsheetml')) throw new Error(`导出 Excel: HTTP ${xlsx.status()} ${type}`);
  }, { soft: true });

  await step('the bad rows were not imported (exported roster by ID number, total, roster search)', async () => {
    const problems = [];
    const after = await census(ctx.request, url, target.id, names);
    if (after.total !== before.total + VALID) {
      problems.push(`roster total ${before.total} → ${after.total}, expected +${VALID}`);
    }
    // the exported roster gained exactly the valid rows, by ID number and name
    const added = [...after.byId].filter(([id]) => !before.byId.has(id));
    const extra = added.filter(([id, nm]) => expected.get(id) !== nm).map(([id, nm]) => `${nm} ${id}`);
    const missing = [...expected].filter(([id]) => !after.byId.has(id) || before.byId.has(id)).map(([id, nm]) => `${nm} ${id}`);
    if (extra.length) problems.push(`not valid rows, but in the exported roster now: ${extra.join('、')}`);
    if (missing.length) problems.push(`valid rows missing from the exported roster: ${missing.join('、')}`);
    // and as a user sees it: searching a bad row's name finds nobody
    if (!(await page.locator('main form.member-filters').count())) await page.goto(`${url}${listPath}`, { waitUntil: 'load' });
    await page.locator('main form.member-filters input[name=q]').fill(ABSENT);
    await navigate(page, page.locator('main form.member-filters button[type=submit]'), touch, timeout);
    const shown = await page.locator('main table.member-table tbody tr', { hasText: ABSENT }).count();
    if (shown !== before.counts[ABSENT]) problems.push(`search ${ABSENT}: ${shown} rows, expected ${before.counts[ABSENT]}`);
    if (before.counts[ABSENT] === 0) await expectText(page.locator('main p.empty'), '没有符合条件的党员', 'empty result', timeout);
    await shot(page, outDir, `${profile.name}-import`, 5, 'bad-row-absent');
    await check('roster search for a bad row');
    if (problems.length) throw new Error(problems.join('; '));
  }, { soft: true });

  await step(`the imported ${FOUND} is found in the roster by name, in ${upload.branchOf[15]}`, async () => {
    if (!(await page.locator('main form.member-filters').count())) await page.goto(`${url}${listPath}`, { waitUntil: 'load' });
    await page.locator('main form.member-filters input[name=q]').fill(FOUND);
    await navigate(page, page.locator('main form.member-filters button[type=submit]'), touch, timeout);
    const rows = page.locator('main table.member-table tbody tr', { hasText: FOUND });
    const count = await rows.count();
    if (count !== before.counts[FOUND] + 1) {
      throw new Error(`${count} rows named ${FOUND}, expected ${before.counts[FOUND] + 1}`);
    }
    const mine = rows.filter({ hasText: upload.branchOf[15] });
    if ((await mine.count()) < 1) throw new Error(`no ${FOUND} in ${upload.branchOf[15]}`);
    await shot(page, outDir, `${profile.name}-import`, 6, 'found');
    await check('roster search');
    await navigate(page, mine.first().locator('td.member-name a'), touch, timeout);
    await expectText(page.locator('main h1'), FOUND, 'detail heading', timeout);
    const kv = await page.locator('main table.kv tr').evaluateAll((rows2) =>
      Object.fromEntries(rows2.map((r) => [r.querySelector('th')?.innerText.trim(), r.querySelector('td')?.innerText.trim()])));
    const wantKv = { 民族: '东乡族', 出生日期: '1988-06-18', 所在党组织: upload.branchOf[15], 加入党组织日期: '2012-11-08' };
    const wrong = Object.entries(wantKv).filter(([k, v]) => kv[k] !== v).map(([k, v]) => `${k} “${kv[k]}” (expected “${v}”)`);
    if (wrong.length) throw new Error(`detail page: ${wrong.join('; ')}`);
    await check('member detail');
  }, { soft: true });

  const verdict = (name, problems) => {
    if (problems.length) report.fail(`${prefix}: ${name}`, [...new Set(problems)].join(' | '));
    else report.pass(`${prefix}: ${name}`);
  };
  verdict('no horizontal overflow on any page (scrollWidth <= innerWidth)', overflow);
  verdict('no console errors, page errors or CSP violations', errors);
  await ctx.close();
}

/** A read-only account sees the export links but no 导入花名册, and the form answers 403. */
async function checkReadOnly(report) {
  const name = 'import: a read-only account (contact1) has no 导入花名册 link; the form answers 403';
  let api = null;
  try {
    api = await apiLogin(srv.url, 'contact1', DEMO_PASSWORD);
    const html = await (await api.get('/members')).text();
    const problems = [];
    if (html.includes('href="/members/import')) problems.push('the roster links to /members/import');
    if (!html.includes('导出 CSV')) problems.push('no 导出 CSV link');
    const st = (await api.get('/members/import')).status();
    if (st !== 403) problems.push(`GET /members/import answered ${st}`);
    if (problems.length) throw new Error(problems.join('; '));
    report.pass(name);
  } catch (e) {
    report.fail(name, (e?.message || String(e)).split('\n')[0] + serverNote(srv));
  } finally {
    await api?.dispose();
  }
}

/**
 * Runs the scenario on the profiles of run.mjs ({name, context, touch}): the first as town1
 * into its town, the others as branch1 into its branch. workDir holds the demo databases.
 */
export async function runImport({ binary, browser, workDir, outDir, report, profiles, timeout = 15_000 }) {
  for (const [i, profile] of profiles.entries()) {
    const setup = `${profile.name}: import: set up (demo database, server, town1's branches via the JSON API)`;
    let who;
    try {
      const db = join(workDir, `import-${profile.name}.db`);
      run(binary, ['demo', '--no-meetings', '--db', db, '--demo-password', DEMO_PASSWORD]);
      const s = startServer(binary, db);
      srv = { proc: s.proc, stop: s.stop, stderr: s.stderr, url: null };
      srv.url = (await s.ready).url;
      const town = await readTown(srv.url);
      if (i === 0) {
        who = { login: 'town1', target: town, upload: buildUpload(town, null) };
      } else {
        const b1 = town.branches.find((b) => b.code === FILE_BRANCHES['东关社区党支部']);
        who = { login: 'branch1', target: b1, upload: buildUpload(town, b1.short) };
      }
      if (!who.target.name) throw new Error(`no full name for org ${who.target.id}`);
    } catch (e) {
      report.fail(setup, (e?.message || String(e)).split('\n')[0] + serverNote(srv));
      await stopImport();
      continue;
    }
    report.pass(setup);
    try {
      await runProfile({ browser, outDir, report, timeout }, profile, who);
    } catch (e) {
      report.fail(`${profile.name}: import: run`, (e?.message || String(e)).split('\n')[0] + serverNote(srv));
    }
    if (i === 0) await checkReadOnly(report);
    const died = serverNote(srv);
    if (died) report.fail(`${profile.name}: import: server stays up`, died.trim());
    else report.pass(`${profile.name}: import: server stays up`);
    await stopImport();
  }
}
