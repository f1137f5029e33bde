/* hallmark: the verification's words in the page's language. page.js writes them in English;
   a page in another language loads this module too, which reads assets/messages-<lang>.json
   (written by hallmark from the theme's locales/<lang>/verifier.ftl: each English sentence, with
   {placeholders}, and its translation) and puts every sentence of the result into that language.
   Dates are written by the browser in the page's language. */

const escape = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A date in English words ("4 December 2026") in `lang`'s words, or the text unchanged.
const dateIn = (lang, text) => {
  const date = new Date(`${text} UTC`);
  if (!/^\d{1,2} [A-Z][a-z]+ \d{4}$/.test(text) || isNaN(date)) return text;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
};

// The function that translates a sentence: exact sentences first, then those with placeholders.
function translator(lang, messages) {
  const exact = new Map(), patterns = [];
  for (const [english, words] of Object.entries(messages)) {
    if (!english.includes('{')) {
      exact.set(english, words);
      continue;
    }
    const names = [];
    const source = escape(english).replace(/\\\{(\w+)\\\}/g, (_, name) => names.push(name) && '(.+?)');
    patterns.push({ re: new RegExp(`^${source}$`), names, words });
  }
  return text => {
    if (exact.has(text)) return exact.get(text);
    for (const { re, names, words } of patterns) {
      const found = re.exec(text);
      if (found) {
        return words.replace(/\{(\w+)\}/g, (all, name) => {
          const at = names.indexOf(name);
          return at < 0 ? all : dateIn(lang, found[at + 1]);
        });
      }
    }
    return text;
  };
}

// Every word of a verification box in `lang`.
function localize(box, say) {
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('code, dd')) continue;
    const [, before, core, after] = /^([\s:(]*)(.*?)([\s)]*)$/s.exec(node.data);
    const said = say(core);
    if (said !== core) node.data = before + said + after;
  }
}

// Loaded by the page's own <script> only when the page is in another language than English, so
// English pages download nothing more: each time page.js shows a result (it counts them in
// data-verification-runs), the box is put into the page's language.
const lang = document.documentElement.lang;
const box = document.querySelector('#verification');
if (box && lang) {
  fetch(new URL(`messages-${lang}.json`, import.meta.url)).then(answer => answer.json()).then(messages => {
    const say = translator(lang, messages);
    // data-verification-words names the run whose result is in the page's language.
    const update = () => {
      if (!box.dataset.verificationRuns) return;
      localize(box, say);
      box.dataset.verificationWords = box.dataset.verificationRuns;
    };
    new MutationObserver(update).observe(box, { attributeFilter: ['data-verification-runs'] });
    update();
  }).catch(() => {});
}
