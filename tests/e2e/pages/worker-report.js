// A worker (dedicated, module or shared) that answers each message with what it sees: its location,
// and where a relative fetch and a relative importScripts (classic workers) go.
function answer(port) {
  return function () {
    var imported = 'module';
    try { importScripts('worker-imported.js'); imported = self.importedFrom; } catch (e) { imported = e.name; }
    fetch('blank.html').then(function (response) { port.postMessage([String(self.location.href), response.url, imported]); });
  };
}
self.onmessage = answer(self);
self.onconnect = function (event) { event.ports[0].onmessage = answer(event.ports[0]); };
