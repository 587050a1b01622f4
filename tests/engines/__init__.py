"""The engines the engine-wide tests run in (``--engine``, tests/conftest.py), all from Debian's packages:

- chromium: Debian's ``chromium`` through Playwright (the default, and every test);
- firefox: Debian's ``firefox-esr`` through Playwright over WebDriver BiDi (firefox.py patches two
  gaps of Playwright 1.65 with ESR 153);
- webkit: Debian's WebKitGTK (``webkit2gtk-driver``, its MiniBrowser under ``xvfb``) through Selenium,
  the network seen and answered by a recording proxy (webkit.py, proxy.py).
"""
