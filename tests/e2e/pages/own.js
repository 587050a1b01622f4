// A first-party script of the page: it must always run, whatever the consent manager does.
window.ownScriptRan = true;
