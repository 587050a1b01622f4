"""Markup that mutates: strings whose parse, serialized and parsed again, is another tree, most of
them a handler that runs only after that round trip (mutation XSS). The guard must give the page what
the browser alone makes of each (tests/e2e/test_markup_fidelity.py).

Written for this project from the published families, each with where it comes from:
- DOMPurify's test fixtures (cure53/DOMPurify, test/fixtures/expect.mjs: the "mXSS", noscript,
  option/style, template and namespace entries) and its advisories (2019-2024: the namespace
  confusions of math/svg with style, mglyph, malignmark, nested forms, comments).
- The HTML Standard, "Serializing HTML fragments" (the note that the serialization of a tree may not
  parse back to it: nested forms, <noscript>, text containing the end tag of a raw text element,
  foster parenting, CDATA outside foreign content) and the parser's raw text, RCDATA, plaintext and
  foreign-content rules.
- M. Heiderich et al., "mXSS Attacks" (CCS 2013): backticks, attribute values, listing/pre newlines.
- M. Bentkowski, "Mutation XSS via namespace confusion" (2020), G. Heyes and Securitum's write-ups of
  the math/svg/style bypasses, M. Kinugawa's noscript and select/template findings.

HIT stands for a call that records the vector's handler ran (the test writes it in).
"""

HIT = "HIT"

VECTORS = {
    # namespace confusion: a tree that serializes to markup that parses into another namespace
    "issue 23's example": '<form><math><mtext></form><form><mglyph><style></math><img src=x onerror="HIT">',
    "math mtext form mglyph style (DOMPurify 2.0.17)": '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=HIT src>">',
    "math mtext table mglyph svg": '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=HIT&gt;">',
    "math mi table mglyph svg mtext textarea": '<math><mi><table><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=HIT src=1>">',
    "svg p style (Bentkowski 2019)": '<svg></p><style><a id="</style><img src=1 onerror=HIT>">',
    "svg style comment": '<svg><style><!--</style><img src=x onerror=HIT>-->',
    "math style": '<math><style><img src=x onerror=HIT></style></math>',
    "svg title style": '<svg><title><style><img src=x onerror=HIT></style></title></svg>',
    "svg desc style": '<svg><desc><style><img src=x onerror=HIT></style></desc></svg>',
    "svg foreignObject style": '<svg><foreignObject><style><img src=x onerror=HIT></style></foreignObject></svg>',
    "math annotation-xml text/html": '<math><annotation-xml encoding="text/html"><style><img src=x onerror=HIT></style></annotation-xml></math>',
    "math annotation-xml svg": '<math><annotation-xml><svg><style><img src=x onerror=HIT></style></svg></annotation-xml></math>',
    "malignmark": '<math><mtext><table><mglyph><malignmark><style><img src=x onerror=HIT>',
    "svg breakout by font color": '<svg><font color=red><style><img src=x onerror=HIT></style></font></svg>',
    "svg breakout by p end tag": '<svg><p><style><img src=x onerror=HIT></style></p></svg>',
    "math in svg in math": '<math><svg><math><mtext><style><img src=x onerror=HIT></style></mtext></math></svg></math>',
    # nested forms and the form pointer
    "nested form": '<form id=a><div></form><form id=b><input><img src=x onerror=HIT></form>',
    "form in table": '<table><form><tr><td><input name=x></td></tr></form></table><img src=x onerror=HIT>',
    # noscript: markup without scripts, text with them
    "noscript attribute (DOMPurify fixture)": '<b><noscript><a alt="</noscript><img src=x onerror=HIT>"></noscript>',
    "noscript comment (DOMPurify fixture)": '<b><noscript><!-- </noscript><img src=x onerror=HIT --></noscript>',
    "noscript p end tag": '<p><noscript></p><img src=x onerror=HIT></noscript>',
    "noscript style": '<noscript><style></noscript><img src=x onerror=HIT></style></noscript>',
    "noscript title": '<noscript><title></noscript><img src=x onerror=HIT></title>',
    # raw text and RCDATA elements whose text holds their own end tag
    "style in attribute": '<img alt="<style>"><style><img src=x onerror=HIT></style>',
    "style after style (DOMPurify fixture)": '<b><style><style/><img src=x onerror=HIT>',
    "self-closing style (DOMPurify fixture)": '<b><style><style////><img src=x onerror=HIT></style>',
    "textarea comment (DOMPurify fixture)": '<textarea>x</textarea><!--</textarea><img src=x onerror=HIT>-->',
    "title in attribute": '<title><img title="</title><img src=x onerror=HIT>"></title>',
    "xmp": '<xmp><p title="</xmp><img src=x onerror=HIT>"></xmp>',
    "noembed": '<noembed><p title="</noembed><img src=x onerror=HIT>"></noembed>',
    "noframes": '<noframes><p title="</noframes><img src=x onerror=HIT>"></noframes>',
    "iframe text": '<iframe><p title="</iframe><img src=x onerror=HIT>"></iframe>',
    "plaintext": '<plaintext></plaintext><img src=x onerror=HIT>',
    "script end in attribute": '<div title="</script><img src=x onerror=HIT>">x</div>',
    "listing newline (DOMPurify fixture)": '<listing>&lt;img onerror="HIT" src=x&gt;<t t></listing>',
    "pre newline": '<pre>\n\n<img src=x onerror=HIT></pre>',
    # options, selects and templates
    "option style (DOMPurify fixture)": '\u0001<option><style></option></select><b><img src=x onerror=HIT></style></option>',
    "option iframe (DOMPurify fixture)": '<option><iframe></select><b><script>HIT</script>',
    "select template": '<select><template><style><img src=x onerror=HIT></style></template></select>',
    "select keygen": '<select><keygen><img src=x onerror=HIT></select>',
    "template in template (DOMPurify fixture)": '<template><s><template><s><img src=x onerror=HIT>x</s></template></s></template>',
    "template style": '<template><style></template><img src=x onerror=HIT></style></template>',
    # tables: foster parenting moves content out
    "table foster parented style": '<table><style><img src=x onerror=HIT></style></table>',
    "table svg": '<table><svg><style><img src=x onerror=HIT></style></svg></table>',
    "table td svg desc table": '<table><tr><td><svg><desc><table><style><img src=x onerror=HIT></style></table></desc></svg></td></tr></table>',
    "table text": '<table>x<img src=x onerror=HIT>y</table>',
    # comments and bogus comments
    "comment --!>": '<!-- --!><img src=x onerror=HIT> -->',
    "comment <!-->": '<!--><img src=x onerror=HIT>-->',
    "comment <!--->": '<!---><img src=x onerror=HIT>-->',
    "bogus comment <?": '<?x foo="><img src=x onerror=HIT>">',
    "bogus comment </ ": '</ foo="><img src=x onerror=HIT>">',
    "CDATA in html": '<![CDATA[><img src=x onerror=HIT>]]>',
    "CDATA in svg": '<svg><![CDATA[><img src=x onerror=HIT>]]></svg>',
    "CDATA in svg style": '<svg><style><![CDATA[</style><img src=x onerror=HIT>]]></style></svg>',
    # attributes
    "backtick attribute (mXSS 2013)": '<img src="x` `<script>HIT</script>"` `>',
    "slash in attribute name (DOMPurify fixture)": '<img src=x id/=\' onerror=HIT//\'>',
    "quotes in attribute value": '<a title=\'"><img src=x onerror=HIT>\'>x</a>',
    "character references": '<p title="&lt;/p&gt;&lt;img src=x onerror=HIT&gt;">&lt;img src=x onerror=HIT&gt;</p>',
    "adoption agency": '<a><table><a><img src=x onerror=HIT></a></table>',
    "image is img": '<svg><image href=x onerror=HIT></image></svg><image src=x onerror=HIT>',
    # no mutation: the vendor's host as text and in attributes that load nothing, which the guard leaves as written
    "the vendor's host as text": '<p title="https://cdp.customer.io/x">cdp.customer.io, CDP.Customer.IO</p><img src=x onerror=HIT>',
    # the live ones, to show a handler that runs without the guard runs with it
    "plain img onerror": '<img src=x onerror=HIT>',
    "svg onload": '<svg onload=HIT></svg>',
    "details ontoggle": '<details open ontoggle=HIT><summary>x</summary></details>',
}
