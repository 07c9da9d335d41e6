// Renders bpmn/*.bpmn with bpmn-js (Viewer) in headless Debian Chromium:
//   docs/<ProcessId>.svg  via viewer.saveSVG()
//   docs/<ProcessId>.png  screenshot of the fitted canvas, white background, PNG_WIDTH px wide (default 2400)
//                         but at least 1:1 and at most 2:1 diagram units per pixel
// Fails (exit 1) when an import reports an error or a warning, or when a flow element has no shape/edge.
// Also prints layout notes (overlapping labels, labels on lines, crossing or diagonal edges, edges through
// shapes); they are advice and only fatal with STRICT_LAYOUT=1.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bpmnDir = process.env.BPMN_DIR || join(here, '..', '..', 'bpmn');
const outDir = process.env.OUT_DIR || join(here, '..', '..', 'docs');
const pngWidth = Number(process.env.PNG_WIDTH || 2400);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const strictLayout = process.env.STRICT_LAYOUT === '1';
const PAD = 30; // diagram units of white space around the content

const files = readdirSync(bpmnDir).filter((f) => f.endsWith('.bpmn')).sort();
if (!files.length) {
  console.error(`render: no .bpmn files in ${bpmnDir}`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let failed = false;
let layoutNotes = 0;
try {
  for (const file of files) {
    const xml = readFileSync(join(bpmnDir, file), 'utf8');
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(pathToFileURL(join(here, 'page.html')).href);
    if (!(await page.evaluate(() => typeof window.BpmnJS === 'function'))) {
      throw new Error('bpmn-js bundle did not load (is tools/render/node_modules complete? run npm ci)');
    }

    const result = await page.evaluate(async (xml) => {
      const viewer = new window.BpmnJS({ container: '#canvas' });
      window.viewer = viewer;
      try {
        const { warnings } = await viewer.importXML(xml);
        const messages = (warnings || []).map((w) => w.message || String(w));
        const registry = viewer.get('elementRegistry');
        const definitions = viewer.getDefinitions();
        const processes = definitions.rootElements.filter((e) => e.$type === 'bpmn:Process');
        // every flow element (recursively) must be drawn
        const missing = [];
        const walk = (container) => (container.flowElements || []).forEach((el) => {
          if (!registry.get(el.id)) missing.push(`${el.$type} ${el.id}`);
          if (el.flowElements) walk(el);
        });
        processes.forEach(walk);
        return { ok: true, warnings: messages, missing, processIds: processes.map((p) => p.id) };
      } catch (err) {
        return { ok: false, error: err.message, warnings: (err.warnings || []).map((w) => w.message || String(w)) };
      }
    }, xml);

    if (!result.ok || result.warnings.length || result.missing.length || pageErrors.length) {
      failed = true;
      console.error(`render: FAILED ${file}`);
      if (result.error) console.error(`  import error: ${result.error}`);
      for (const w of result.warnings) console.error(`  import warning: ${w}`);
      for (const m of result.missing || []) console.error(`  not drawn (no BPMNShape/BPMNEdge): ${m}`);
      for (const e of pageErrors) console.error(`  page error: ${e}`);
      await page.close();
      continue;
    }

    const name = result.processIds.length === 1 ? result.processIds[0] : basename(file, '.bpmn');

    // SVG
    const { svg } = await page.evaluate(() => window.viewer.saveSVG({ format: true }));
    // bpmn-js gives arrow-head markers random ids; number them so that an unchanged model gives an unchanged file
    const markerIds = new Map();
    const stableSvg = svg.replace(/marker-[a-z0-9]+/g, (id) => {
      if (!markerIds.has(id)) markerIds.set(id, `marker-${markerIds.size + 1}`);
      return markerIds.get(id);
    });
    writeFileSync(join(outDir, `${name}.svg`), stableSvg);

    // PNG: size the canvas to the diagram's aspect ratio at pngWidth and fit the content exactly
    const inner = await page.evaluate(() => window.viewer.get('canvas').viewbox().inner);
    const vbWidth = inner.width + 2 * PAD;
    const vbHeight = inner.height + 2 * PAD;
    // PNG_WIDTH pixels wide, but never below 1:1 (12px labels stay legible) nor above 2:1 (small diagrams)
    const width = Math.min(Math.max(pngWidth, Math.ceil(vbWidth)), Math.ceil(2 * vbWidth));
    const pngHeight = Math.ceil(width * vbHeight / vbWidth);
    await page.setViewportSize({ width, height: pngHeight });
    await page.evaluate(({ w, h, vb }) => {
      const el = document.getElementById('canvas');
      el.style.width = `${w}px`;
      el.style.height = `${h}px`;
      const canvas = window.viewer.get('canvas');
      canvas.resized();
      canvas.viewbox(vb);
    }, { w: width, h: pngHeight, vb: { x: inner.x - PAD, y: inner.y - PAD, width: vbWidth, height: vbHeight } });
    await page.locator('#canvas').screenshot({ path: join(outDir, `${name}.png`), omitBackground: false });

    const notes = await page.evaluate(analyseLayout);
    console.log(`render: ${file} -> docs/${name}.svg, docs/${name}.png (${width}x${pngHeight})`);
    for (const n of notes) console.log(`  layout: ${n}`);
    layoutNotes += notes.length;
    await page.close();
  }
} finally {
  await browser.close();
}

if (failed) {
  console.error('render: import errors or warnings (see above); fix the .bpmn file(s).');
  process.exit(1);
}
if (layoutNotes) {
  console.log(`render: ${layoutNotes} layout note(s); advice only${strictLayout ? ' (STRICT_LAYOUT=1: failing)' : ''}`);
  if (strictLayout) process.exit(2);
}

// ---- runs in the page --------------------------------------------------------------------------
function analyseLayout() {
  const viewer = window.viewer;
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const vb = canvas.viewbox();
  const box = document.getElementById('canvas').getBoundingClientRect();
  const toDiagram = (r) => ({
    x: vb.x + (r.left - box.left) / vb.scale, y: vb.y + (r.top - box.top) / vb.scale,
    width: r.width / vb.scale, height: r.height / vb.scale,
  });
  const r0 = (n) => Math.round(n);
  const fmt = (b) => `(${r0(b.x)},${r0(b.y)} ${r0(b.width)}x${r0(b.height)})`;
  const intersects = (a, b, m = 0) => a.x < b.x + b.width - m && b.x < a.x + a.width - m
    && a.y < b.y + b.height - m && b.y < a.y + a.height - m;
  const contains = (outer, a) => a.x >= outer.x && a.y >= outer.y
    && a.x + a.width <= outer.x + outer.width && a.y + a.height <= outer.y + outer.height;

  // segment / rectangle and segment / segment tests
  const segHitsRect = (p, q, r) => {
    // Liang-Barsky clipping
    let t0 = 0, t1 = 1;
    const dx = q.x - p.x, dy = q.y - p.y;
    const checks = [[-dx, p.x - r.x], [dx, r.x + r.width - p.x], [-dy, p.y - r.y], [dy, r.y + r.height - p.y]];
    for (const [pp, qq] of checks) {
      if (pp === 0) { if (qq < 0) return false; continue; }
      const t = qq / pp;
      if (pp < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    }
    return t1 - t0 > 1e-6;
  };
  const segCross = (a, b, c, d) => {
    const o = (p, q, r) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
    const o1 = o(a, b, c), o2 = o(a, b, d), o3 = o(c, d, a), o4 = o(c, d, b);
    return o1 * o2 < 0 && o3 * o4 < 0; // proper crossings only (touching/collinear ignored)
  };

  const all = registry.getAll();
  const shapes = all.filter((e) => !e.waypoints && e.type !== 'label' && e.parent && e.businessObject);
  const connections = all.filter((e) => e.waypoints);
  const isContainer = (s) => s.type === 'bpmn:SubProcess' && s.collapsed !== true && s.children && s.children.length;

  // text boxes actually rendered: shape names inside tasks, external labels, subprocess titles
  const texts = [];
  for (const el of all) {
    const gfx = registry.getGraphics(el);
    if (!gfx) continue;
    const t = gfx.querySelector(':scope > .djs-visual > text');
    if (!t || !t.textContent.trim()) continue;
    const owner = el.type === 'label' ? el.labelTarget : el;
    texts.push({ id: owner.id, el, owner, text: t.textContent.trim(), b: toDiagram(t.getBoundingClientRect()) });
  }
  const notes = [];
  const name = (t) => `${t.id} "${t.text}"`;

  // 1. text on text
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (texts[i].id !== texts[j].id && intersects(texts[i].b, texts[j].b, 1)) {
        notes.push(`label overlap: ${name(texts[i])} ${fmt(texts[i].b)} and ${name(texts[j])} ${fmt(texts[j].b)}`);
      }
    }
  }
  // 2. external label / flow label on a shape (other than its own element; containers only at their border)
  const grow = (b, m) => ({ x: b.x - m, y: b.y - m, width: b.width + 2 * m, height: b.height + 2 * m });
  for (const t of texts.filter((x) => x.el.type === 'label')) {
    for (const s of shapes) {
      if (s === t.owner || s.type === 'label') continue;
      if (isContainer(s)) {
        const g = grow(t.b, 3);
        if (intersects(g, s) && !contains(s, g)) {
          notes.push(`label on or within 3px of the border of ${s.id}: ${name(t)} ${fmt(t.b)}`);
        }
        continue;
      }
      if (intersects(t.b, s, -3)) notes.push(`label on or within 3px of a shape: ${name(t)} ${fmt(t.b)} vs ${s.id} ${fmt(s)}`);
    }
  }
  // 2b. boundary events covering the name written inside their host
  for (const t of texts.filter((x) => x.el.type !== 'label' && x.owner.attachers && x.owner.attachers.length)) {
    for (const a of t.owner.attachers) {
      if (intersects(t.b, a, -2)) notes.push(`boundary event ${a.id} ${fmt(a)} touches the name of ${name(t)} ${fmt(t.b)}`);
    }
  }
  // 3. text on a line
  for (const t of texts) {
    for (const c of connections) {
      const wp = c.waypoints;
      for (let k = 0; k + 1 < wp.length; k++) {
        if (segHitsRect(wp[k], wp[k + 1], { x: t.b.x + 1, y: t.b.y + 1, width: t.b.width - 2, height: t.b.height - 2 })) {
          const own = c === t.owner ? ' (its own line)' : '';
          // lines entering/leaving the labelled element itself are expected to meet its embedded text rarely
          notes.push(`label on a line: ${name(t)} ${fmt(t.b)} is crossed by ${c.id}${own} segment (${r0(wp[k].x)},${r0(wp[k].y)})-(${r0(wp[k + 1].x)},${r0(wp[k + 1].y)})`);
          break;
        }
      }
    }
  }
  // 4. edge crossings, 5. diagonal segments, 6. edges through shapes, 7. loose ends
  for (let i = 0; i < connections.length; i++) {
    const a = connections[i].waypoints;
    for (let j = i + 1; j < connections.length; j++) {
      const b = connections[j].waypoints;
      let hit = null;
      for (let k = 0; k + 1 < a.length && !hit; k++) {
        for (let l = 0; l + 1 < b.length && !hit; l++) {
          if (segCross(a[k], a[k + 1], b[l], b[l + 1])) hit = [a[k], a[k + 1]];
        }
      }
      if (hit) notes.push(`edges cross: ${connections[i].id} and ${connections[j].id} near (${r0((hit[0].x + hit[1].x) / 2)},${r0((hit[0].y + hit[1].y) / 2)})`);
    }
  }
  for (const c of connections) {
    const wp = c.waypoints;
    for (let k = 0; k + 1 < wp.length; k++) {
      if (wp[k].x !== wp[k + 1].x && wp[k].y !== wp[k + 1].y) {
        notes.push(`diagonal segment: ${c.id} (${r0(wp[k].x)},${r0(wp[k].y)})-(${r0(wp[k + 1].x)},${r0(wp[k + 1].y)})`);
      }
    }
    for (const s of shapes) {
      if (s === c.source || s === c.target || s.type === 'label') continue;
      if (c.source && (c.source.host === s || s.host === c.source)) continue;
      if (c.target && c.target.host === s) continue;
      if (isContainer(s)) {
        const inside = (s2) => s2 && (s2 === s || (s2.parent && inside(s2.parent)));
        if (inside(c.source) && inside(c.target)) continue;
        if (c.source === s || c.target === s || (c.source && c.source.host === s)) continue;
        const border = wp.some((p, k) => k + 1 < wp.length && segHitsRect(p, wp[k + 1], s)
          && !(contains(s, { x: p.x, y: p.y, width: 0, height: 0 }) && contains(s, { x: wp[k + 1].x, y: wp[k + 1].y, width: 0, height: 0 })));
        if (border) notes.push(`edge crosses the border of ${s.id}: ${c.id}`);
        continue;
      }
      const inset = { x: s.x + 2, y: s.y + 2, width: s.width - 4, height: s.height - 4 };
      if (wp.some((p, k) => k + 1 < wp.length && segHitsRect(p, wp[k + 1], inset))) {
        notes.push(`edge through a shape: ${c.id} passes over ${s.id} ${fmt(s)}`);
      }
    }
    const near = (p, s) => s && p.x >= s.x - 3 && p.x <= s.x + s.width + 3 && p.y >= s.y - 3 && p.y <= s.y + s.height + 3;
    if (!near(wp[0], c.source)) notes.push(`loose start: ${c.id} starts at (${r0(wp[0].x)},${r0(wp[0].y)}), not on ${c.source && c.source.id}`);
    if (!near(wp[wp.length - 1], c.target)) notes.push(`loose end: ${c.id} ends at (${r0(wp[wp.length - 1].x)},${r0(wp[wp.length - 1].y)}), not on ${c.target && c.target.id}`);
  }
  return notes;
}
