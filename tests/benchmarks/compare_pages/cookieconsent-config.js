// CookieConsent v3 as its getting-started guide installs it: a module at the end of <body> that
// imports the UMD build and runs it. Customer.io is in the "marketing" category.
import '/npm/vanilla-cookieconsent/dist/cookieconsent.umd.js';

CookieConsent.run({
  hideFromBots: false,  // the default also hides the UI when navigator.webdriver is set (any automated browser)
  guiOptions: { consentModal: { layout: 'box', position: 'bottom right' } },
  categories: {
    necessary: { enabled: true, readOnly: true },
    marketing: { autoClear: { cookies: [{ name: /^ajs_/ }, { name: /^_cio/ }] } },
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'We use Customer.io to understand how our product is used and to send you relevant messages.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences',
        },
        preferencesModal: {
          title: 'Privacy preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          sections: [
            { title: 'Strictly necessary', description: 'Needed for the site to work.', linkedCategory: 'necessary' },
            { title: 'Marketing', description: 'Customer.io: product analytics and messages.', linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
});
