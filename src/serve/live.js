/* hallmark serve: reloads this page after each good build, and shows a build error over it until
   the next good build. Injected by `hallmark serve` only; never part of a built site. */
(() => {
  'use strict';
  const me = document.currentScript;
  const loaded = me && me.dataset.build;
  let box = null;

  const hide = () => {
    if (box) box.remove();
    box = null;
  };

  const show = (text) => {
    if (!box) {
      box = document.createElement('div');
      box.id = 'hallmark-build-error';
      box.setAttribute('role', 'alert');
      box.style.cssText =
        'position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;margin:0;' +
        'padding:1rem 1.25rem;background:#2b0a0a;color:#fff;border-bottom:4px solid #ff6b6b;' +
        'font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 4px 24px #0008';
      const title = document.createElement('strong');
      title.textContent = 'hallmark serve: the site could not be rebuilt. The page below is from the last good build.';
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Dismiss';
      close.style.cssText = 'float:right;font:inherit;color:#000;background:#fff;border:0;padding:.2rem .6rem;cursor:pointer';
      close.addEventListener('click', hide);
      const pre = document.createElement('pre');
      pre.style.cssText = 'white-space:pre-wrap;margin:.75rem 0 0';
      box.append(close, title, pre);
      document.body.append(box);
    }
    box.querySelector('pre').textContent = text;
  };

  const events = new EventSource('/__hallmark/events');
  events.addEventListener('state', (e) => {
    const state = JSON.parse(e.data);
    if (state.problem) {
      show(state.problem);
    } else if (String(state.build) !== loaded) {
      location.reload();
    } else {
      hide();
    }
  });
})();
