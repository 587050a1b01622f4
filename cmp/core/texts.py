"""The consent manager's own texts. Every key can be overridden in the config's ``[texts]`` table."""

EN = {
    "banner_title": "Your privacy choices",
    "banner_text": (
        "We would like to use cookies and similar technologies for analytics and marketing. "
        "Nothing of that runs until you agree. You can change your choice at any time."
    ),
    "accept_all": "Accept all",
    "reject_all": "Reject all",
    "customize": "Customize",
    "save": "Save choices",
    "preferences_title": "Privacy preferences",
    "preferences_text": "Choose which kinds of processing you allow. Necessary ones are always on.",
    "always_on": "Always on",
    "vendors": "Vendors",
    "necessary_label": "Necessary",
    "necessary_description": "Needed for the site to work, including remembering this choice.",
    "analytics_label": "Analytics",
    "analytics_description": "Helps us understand how the site is used.",
    "marketing_label": "Marketing",
    "marketing_description": "Lets us send you relevant messages and measure campaigns.",
}

LANGUAGES = {"en": EN}
