// A worker (dedicated, module or shared) that fetches each URL it is sent; sent "nested:" and a URL,
// it makes a worker of its own (by a relative URL, which resolves against this script) to fetch it.
function take(message) {
  var url = String(message.data);
  if (url.indexOf('nested:') === 0) new Worker('worker-fetch.js').postMessage(url.slice(7));
  else fetch(url).catch(function () {});
}
self.onmessage = take;
self.onconnect = function (event) { event.ports[0].onmessage = take; };
