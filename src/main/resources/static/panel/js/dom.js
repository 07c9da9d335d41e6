// Every text reaches the page as a text node (never as HTML): whatever a CA or a customer wrote shows as written.

/** h('p', {class: 'x', onclick: fn}, 'text', child, [more]) — strings become text nodes; null and false are left out. */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value') {
      element.value = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** A Dutch label with its English reading beside it; the language switch (lang.js) may show only one of them. */
export function bi(nl, en) {
  return [h('span', {class: 'nl'}, nl), ' ', h('span', {class: 'en', lang: 'en'}, en)];
}

export function time(instant) {
  if (!instant) {
    return '—';
  }
  const date = new Date(instant);
  return h('time', {datetime: instant}, date.toLocaleString('nl-NL', {dateStyle: 'medium', timeStyle: 'medium'}));
}

export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
}
