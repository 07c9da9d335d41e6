// The language switch: Nederlands, English, or both (Dutch with the English reading beside it, the default).
// Every text of the page is a Dutch span (.nl) with its English one (.en) beside it; the stylesheet hides the other
// language's spans, so switching redraws nothing and a page that follows an order keeps following it. The choice is
// remembered in this browser. A classic script (not a module): it runs before the page is drawn, so it never flickers.
(function () {
  const KEY = 'certflow.language';
  const LANGUAGES = ['nl', 'en', 'both'];

  function stored() {
    try {
      const value = localStorage.getItem(KEY);
      return LANGUAGES.includes(value) ? value : 'both';
    } catch (e) {
      return 'both'; // storage switched off: the default
    }
  }

  function apply(language) {
    const root = document.documentElement;
    root.dataset.language = language;
    root.lang = language === 'en' ? 'en' : 'nl';
    for (const button of document.querySelectorAll('.language button[data-lang]')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === language));
    }
  }

  apply(stored());
  document.addEventListener('DOMContentLoaded', () => {
    apply(stored());
    for (const button of document.querySelectorAll('.language button[data-lang]')) {
      button.addEventListener('click', () => {
        try {
          localStorage.setItem(KEY, button.dataset.lang);
        } catch (e) {
          // not remembered, still switched
        }
        apply(button.dataset.lang);
      });
    }
  });
})();
