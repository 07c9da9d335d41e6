// Form fields of an order (new order and edit), and problem+json field errors shown next to their fields.
import {h, bi, replace} from './dom.js';
import {call, ApiError} from './api.js';

/** One labelled input with its error slot; `name` is the API's field path (e.g. requester.email). */
export function field(name, nl, en, {type = 'text', value = '', required = false, multiline = false, autocomplete,
    hint} = {}) {
  const id = 'f-' + name.replace(/[^a-zA-Z0-9]/g, '-');
  const described = [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' ');
  const props = {id, name, required, autocomplete, 'aria-describedby': described, value};
  const input = multiline ? h('textarea', {...props, rows: 8, spellcheck: 'false'}) : h('input', {...props, type});
  return h('div', {class: 'field', 'data-field': name},
      h('label', {for: id}, bi(nl, en), required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null),
      hint ? h('p', {class: 'hint', id: id + '-hint'}, hint) : null,
      input,
      h('p', {class: 'field-error', id: id + '-error'}));
}

export function requesterFields(requester = {}) {
  return h('fieldset', {},
      h('legend', {}, bi('Aanvrager', 'Requester')),
      field('requester.name', 'Naam', 'Name', {value: requester.name || '', required: true, autocomplete: 'name'}),
      field('requester.email', 'E-mail', 'E-mail', {type: 'email', value: requester.email || '', required: true,
        autocomplete: 'email'}),
      field('requester.phone', 'Telefoon', 'Phone', {type: 'tel', value: requester.phone || '', autocomplete: 'tel'}));
}

export function companyFields(company = {}) {
  return h('fieldset', {class: 'company'},
      h('legend', {}, bi('Bedrijf (OV/EV)', 'Company (OV/EV)')),
      field('company.name', 'Bedrijfsnaam', 'Company name', {value: company.name || '', autocomplete: 'organization'}),
      field('company.kvkNumber', 'KvK-nummer', 'Chamber of Commerce number', {value: company.kvkNumber || ''}),
      field('company.country', 'Land (ISO, bv. NL)', 'Country (ISO, e.g. NL)', {value: company.country || 'NL'}),
      field('company.street', 'Straat en huisnummer', 'Street and number', {value: company.street || ''}),
      field('company.postalCode', 'Postcode', 'Postal code', {value: company.postalCode || ''}),
      field('company.city', 'Plaats', 'City', {value: company.city || ''}));
}

/** A CSR field that shows the common name and SANs read from the pasted CSR (POST /api/csr/inspect). */
export function csrField(value = '') {
  const wrapper = field('csr', 'CSR (PEM)', 'Certificate signing request', {multiline: true, value, required: true,
    hint: bi('Plak de CSR inclusief -----BEGIN CERTIFICATE REQUEST-----.', 'Paste the CSR including its BEGIN line.')});
  const output = h('output', {class: 'csr-details', for: 'f-csr', 'aria-live': 'polite', id: 'csr-details'});
  wrapper.append(output);
  const textarea = wrapper.querySelector('textarea');
  let timer = null;
  let asked = 0;
  const inspect = async () => {
    const pem = textarea.value.trim();
    const ask = ++asked;
    if (!pem) {
      replace(output);
      return;
    }
    try {
      const details = await call('POST', '/api/csr/inspect', {csr: pem});
      if (ask !== asked) {
        return;
      }
      csrError(wrapper, []);
      replace(output, h('dl', {},
          h('dt', {}, bi('Algemene naam', 'Common name')), h('dd', {class: 'csr-cn'}, details.commonName || '—'),
          h('dt', {}, bi('Alternatieve namen', 'Subject alternative names')),
          h('dd', {class: 'csr-sans'}, details.subjectAlternativeNames.length
              ? h('ul', {}, details.subjectAlternativeNames.map(name => h('li', {}, name))) : '—'),
          h('dt', {}, bi('Sleutel', 'Key')), h('dd', {}, `${details.keyAlgorithm} ${details.keySize}`)));
    } catch (e) {
      if (ask !== asked) {
        return;
      }
      replace(output);
      if (e instanceof ApiError) {
        csrError(wrapper, e.fieldErrors.length ? e.fieldErrors.map(error => error.message) : [e.message]);
      }
    }
  };
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(inspect, 400);
  });
  if (value) {
    queueMicrotask(inspect);
  }
  return wrapper;
}

function csrError(wrapper, messages) {
  replace(wrapper.querySelector('.field-error'), messages.join(' '));
  const textarea = wrapper.querySelector('textarea');
  if (messages.length) {
    textarea.setAttribute('aria-invalid', 'true');
  } else {
    textarea.removeAttribute('aria-invalid');
  }
}

export function value(form, name) {
  const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
  const text = input ? input.value.trim() : '';
  return text === '' ? null : text;
}

export function requesterValue(form) {
  return {name: value(form, 'requester.name'), email: value(form, 'requester.email'),
    phone: value(form, 'requester.phone')};
}

export function companyValue(form) {
  const company = {name: value(form, 'company.name'), kvkNumber: value(form, 'company.kvkNumber'),
    country: value(form, 'company.country'), street: value(form, 'company.street'),
    postalCode: value(form, 'company.postalCode'), city: value(form, 'company.city')};
  return company.name || company.kvkNumber ? company : null;
}

/**
 * Shows each error next to its field (subjectAlternativeNames[2] belongs to subjectAlternativeNames, company to the
 * company fields); what belongs to no field is listed at the top of the form.
 */
export function showErrors(form, errors) {
  form.querySelectorAll('.field-error').forEach(slot => replace(slot));
  form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-errors');
  const unplaced = [];
  for (const error of errors) {
    const name = String(error.field || '').replace(/\[\d+\]$/, '');
    const container = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`)
        || (name === 'company' ? form.querySelector('.field[data-field="company.name"]') : null)
        || (name === 'requester' ? form.querySelector('.field[data-field="requester.name"]') : null);
    if (!container) {
      unplaced.push(error);
      continue;
    }
    const slot = container.querySelector('.field-error');
    slot.append(h('span', {}, error.message), ' ');
    container.querySelector('input, textarea, select')?.setAttribute('aria-invalid', 'true');
  }
  if (general) {
    replace(general, unplaced.length ? h('ul', {}, unplaced.map(e => h('li', {},
        e.field ? `${e.field}: ${e.message}` : e.message))) : null);
    general.hidden = unplaced.length === 0;
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) {
    first.focus();
  }
}
