"""Google Consent Mode v2: the consent signals Google's tags read, and the category that grants each.

With ``[google_consent_mode]`` in the config, stage 1 sets every signal to "denied" (with
``wait_for_update``) before any Google tag can run, and sends an update on every decision
(heldback/loader/stage1/consent_mode.py). Google's tags do the rest; the consent manager loads none of them.
"""

AD_SIGNALS = ("ad_storage", "ad_user_data", "ad_personalization")
ANALYTICS_SIGNALS = ("analytics_storage",)


def signals(ads_category, analytics_category):
    """{signal: the consent key that grants it}."""
    return {**{signal: ads_category for signal in AD_SIGNALS},
            **{signal: analytics_category for signal in ANALYTICS_SIGNALS}}

