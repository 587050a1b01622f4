// Installed by compare.py as an init script: runs in every document before any script of the page.
// It records, in the page's own clock, what Playwright's polling would blur: long tasks, the moment
// the consent banner becomes visible, the moment the Customer.io SDK is ready, and the accept click.
(() => {
  const epoch = () => performance.timeOrigin + performance.now();  // wall clock, comparable with Python's time.time()
  const bench = window.__bench = { longtasks: [], errors: [], bannerAt: null, sdkAt: null, clickAt: null };
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) bench.longtasks.push([task.startTime, task.duration]);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('error', (event) => bench.errors.push(String(event.message)));
  addEventListener('click', () => { if (bench.clickAt === null) bench.clickAt = epoch(); }, true);

  const banner = () => /*BANNER*/;  // compare.py puts the variant's banner element here, or null (no banner)
  const hasBanner = /*HAS_BANNER*/;
  const visible = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const observed = new WeakSet();
  const observer = new MutationObserver(() => check());
  const watch = (node) => {
    if (node && !observed.has(node)) {
      observed.add(node);
      observer.observe(node, { childList: true, subtree: true, attributes: true });
    }
  };
  let timer = null;
  const check = () => {
    watch(document.querySelector('[data-cmp-root]')?.shadowRoot);  // mutations inside a shadow root are not seen from outside
    if (bench.bannerAt === null && visible(banner())) bench.bannerAt = performance.now();
    if (bench.sdkAt === null && window.cioanalytics && window.cioanalytics.initialized === true) bench.sdkAt = performance.now();
    if ((bench.bannerAt !== null || !hasBanner) && bench.sdkAt !== null) stop();
  };
  const frame = () => { check(); if (timer !== null) requestAnimationFrame(frame); };
  const stop = () => { observer.disconnect(); clearInterval(timer); timer = null; };
  watch(document);
  timer = setInterval(check, 4);
  requestAnimationFrame(frame);
  setTimeout(stop, 15000);
})();
