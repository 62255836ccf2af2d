/*
 * Site search when the site is opened from disk (file://).
 *
 * Material runs its search in a Web Worker, and Chromium refuses to start a worker from a file:// page.
 * Material's offline plugin would load a stand-in from unpkg.com, which an offline or intranet site must
 * not do; its name contains "iframe-worker", so listing this file under extra.polyfills in mkdocs.yml
 * stops the plugin from adding its own. Written for reportkit: the worker's script runs in a hidden
 * same-origin iframe, and messages pass between the page and the iframe as events.
 * Over http(s) nothing is replaced and the real Worker is used.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  function later(callback) {
    window.setTimeout(callback, 0);
  }

  class IframeWorker extends EventTarget {
    constructor(url) {
      super();
      this.pending = [];
      this.started = false;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.setAttribute("aria-hidden", "true");
      this.frame.setAttribute("tabindex", "-1");
      (document.body || document.documentElement).appendChild(this.frame);

      // An about:blank iframe shares this page's origin, so its window can be set up from here.
      const scope = this.frame.contentWindow;
      scope.postMessage = (data) => later(() => this.dispatchEvent(new MessageEvent("message", { data })));
      scope.importScripts = (...urls) =>
        urls.reduce((ready, next) => ready.then(() => this.load(next)), Promise.resolve());
      this.load(url).then(
        () => {
          this.started = true;
          this.pending.splice(0).forEach((data) => this.postMessage(data));
        },
        () => this.dispatchEvent(new Event("error"))
      );
    }

    load(url) {
      const scope = this.frame.contentWindow;
      return new Promise((resolve, reject) => {
        const script = scope.document.createElement("script");
        script.src = new URL(url, document.baseURI).href;
        script.onload = resolve;
        script.onerror = reject;
        scope.document.head.appendChild(script);
      });
    }

    postMessage(data) {
      if (!this.started) {
        this.pending.push(data);
        return;
      }
      const scope = this.frame.contentWindow;
      later(() => scope.dispatchEvent(new scope.MessageEvent("message", { data })));
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.Worker = IframeWorker;
})();
