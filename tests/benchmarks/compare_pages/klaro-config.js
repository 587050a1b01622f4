// Klaro as its README installs it: this config and klaro.js, both `defer`, in <head>.
// Customer.io is the service "customerio" in the purpose "marketing".
window.klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  cookieExpiresAfterDays: 182,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  translations: {
    en: {
      privacyPolicyUrl: '/privacy',
      purposes: { marketing: { title: 'Marketing' } },
      customerio: { title: 'Customer.io', description: 'Product analytics and messages.' },
    },
  },
  services: [
    {
      name: 'customerio',
      purposes: ['marketing'],
      cookies: [/^ajs_/, /^_cio/],
      required: false,
      optOut: false,
      onlyOnce: true,
    },
  ],
};
