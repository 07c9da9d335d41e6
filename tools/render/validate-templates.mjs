// Validates bpmn/.camunda/element-templates/*.json
//  1. against the published Camunda 7 element-templates JSON schema
//     (@camunda/element-templates-json-schema, pinned in package.json; the same file unpkg serves)
//  2. a few rules the schema cannot express: unique id+version, Dropdown defaults among the choices
//  3. against the models: every delegateExpression used by a service task in bpmn/*.bpmn has a template,
//     and the template's hidden asyncBefore matches the model.
// Exit 1 on any problem.
import Ajv from 'ajv';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const bpmnDir = process.env.BPMN_DIR || join(here, '..', '..', 'bpmn');
const templateDir = join(bpmnDir, '.camunda', 'element-templates');
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');
const schemaVersion = require('@camunda/element-templates-json-schema/package.json').version;

const problems = [];
if (!existsSync(templateDir)) {
  console.error(`validate-templates: ${templateDir} does not exist`);
  process.exit(1);
}
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const templates = [];
for (const file of readdirSync(templateDir).filter((f) => f.endsWith('.json')).sort()) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(join(templateDir, file), 'utf8'));
  } catch (e) {
    problems.push(`${file}: not JSON: ${e.message}`);
    continue;
  }
  if (!validate(doc)) {
    for (const err of validate.errors) problems.push(`${file}: schema: ${err.instancePath || '/'} ${err.message} ${JSON.stringify(err.params)}`);
  }
  for (const t of Array.isArray(doc) ? doc : [doc]) templates.push({ file, t });
}

const seen = new Set();
for (const { file, t } of templates) {
  const key = `${t.id}@${t.version ?? ''}`;
  if (seen.has(key)) problems.push(`${file}: duplicate template ${key}`);
  seen.add(key);
  if (!t.$schema || !t.$schema.includes('@camunda/element-templates-json-schema')) {
    problems.push(`${file}: ${t.id}: $schema should point at @camunda/element-templates-json-schema (Camunda 7)`);
  }
  for (const p of t.properties || []) {
    if (p.type === 'Dropdown' && p.value !== undefined && !(p.choices || []).some((c) => c.value === p.value)) {
      problems.push(`${file}: ${t.id}: Dropdown ${p.binding?.name} default "${p.value}" is not one of its choices`);
    }
  }
}

// cross-check with the models
const byDelegate = new Map();
for (const { t } of templates) {
  const props = t.properties || [];
  const de = props.find((p) => p.binding?.type === 'property' && p.binding.name === 'camunda:delegateExpression');
  if (!de) continue;
  const ab = props.find((p) => p.binding?.type === 'property' && p.binding.name === 'camunda:asyncBefore');
  byDelegate.set(de.value, { id: t.id, asyncBefore: ab ? String(ab.value) === 'true' : null });
}
for (const file of readdirSync(bpmnDir).filter((f) => f.endsWith('.bpmn')).sort()) {
  const xml = readFileSync(join(bpmnDir, file), 'utf8');
  for (const [tag] of xml.matchAll(/<bpmn:serviceTask\b[^>]*>/g)) {
    const attr = (n) => (tag.match(new RegExp(`\\s${n}="([^"]*)"`)) || [])[1];
    const id = attr('id');
    const de = attr('camunda:delegateExpression');
    if (!de) continue;
    const t = byDelegate.get(de);
    if (!t) {
      problems.push(`${file}: ${id} uses ${de}, but no element template binds that delegate expression`);
      continue;
    }
    const modelAsync = attr('camunda:asyncBefore') === 'true';
    if (t.asyncBefore !== null && t.asyncBefore !== modelAsync) {
      problems.push(`${file}: ${id} has asyncBefore=${modelAsync}, template ${t.id} sets ${t.asyncBefore}`);
    }
  }
}

if (problems.length) {
  for (const p of problems) console.error(`validate-templates: ${p}`);
  process.exit(1);
}
console.log(`validate-templates: ${templates.length} template(s) valid against @camunda/element-templates-json-schema@${schemaVersion} and consistent with bpmn/*.bpmn`);
