// The new order form: a pasted CSR (its common name and SANs shown as read), requester, and company for OV/EV.
import {h, bi, replace} from './dom.js';
import {call, ApiError} from './api.js';
import {field, csrField, requesterFields, companyFields, requesterValue, companyValue, showErrors, value}
  from './fields.js';

export function showNewOrder(container) {
  const company = companyFields();
  const validation = h('select', {id: 'f-validation', name: 'validation', 'aria-describedby': 'f-validation-error'},
      h('option', {value: 'DV'}, 'DV — domeinvalidatie (domain validation)'),
      h('option', {value: 'OV'}, 'OV — organisatievalidatie (organisation validation)'),
      h('option', {value: 'EV'}, 'EV — uitgebreide validatie (extended validation)'));
  const showCompany = () => {
    company.hidden = validation.value === 'DV';
  };
  validation.addEventListener('change', showCompany);
  showCompany();

  const form = h('form', {class: 'new-order', novalidate: true, 'aria-labelledby': 'new-heading'},
      h('h1', {id: 'new-heading'}, bi('Nieuwe bestelling', 'New order')),
      h('div', {class: 'form-errors', role: 'alert', hidden: true}),
      h('div', {class: 'field', 'data-field': 'validation'},
          h('label', {for: 'f-validation'}, bi('Type certificaat', 'Certificate type')), validation,
          h('p', {class: 'field-error', id: 'f-validation-error'})),
      csrField(),
      h('div', {class: 'field', 'data-field': 'commonName'}, h('p', {class: 'field-error'})),
      h('div', {class: 'field', 'data-field': 'subjectAlternativeNames'}, h('p', {class: 'field-error'})),
      field('validityDays', 'Geldigheid (dagen)', 'Validity (days)', {type: 'number', value: '90'}),
      field('termMonths', 'Looptijd (maanden)', 'Term (months)', {type: 'number',
        hint: bi('Voor een looptijd: certflow houdt zo lang een geldig certificaat op zijn plaats en geeft het op tijd '
            + 'opnieuw uit (de geldigheid in dagen vervalt dan).', 'For a term: certflow keeps a valid certificate '
            + 'in place that long and reissues it in time (the validity in days is then not used).')}),
      requesterFields(),
      company,
      h('div', {class: 'buttons'},
          h('button', {type: 'submit', class: 'primary', id: 'create-order'}, bi('Bestelling aanmaken', 'Create order')),
          h('a', {href: '#/orders', class: 'button'}, bi('Terug', 'Back'))));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const days = value(form, 'validityDays');
    const months = value(form, 'termMonths');
    // A term replaces the single certificate's validity (contract, "Term and renewal").
    const body = {
      validation: validation.value,
      csr: form.querySelector('textarea[name="csr"]').value.trim(),
      validityDays: months !== null || days === null ? null : Number(days),
      requester: requesterValue(form),
    };
    if (months !== null) {
      body.termMonths = Number(months);
    }
    if (validation.value !== 'DV') {
      body.company = companyValue(form);
    }
    try {
      const order = await call('POST', '/api/orders', body);
      location.hash = '#/orders/' + encodeURIComponent(order.id);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      showErrors(form, e.fieldErrors.length ? e.fieldErrors : [{field: null, message: e.message}]);
    }
  });
  replace(container, form);
  form.querySelector('textarea').focus();
}
