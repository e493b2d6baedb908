"""Hostile markdown and the parser-based check that rendered HTML has nothing executable.

Shared by every feature that shows user-written text (lessons, questions, posts, previews)."""

import html
from html.parser import HTMLParser

HOSTILE_MARKDOWN = [
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](jav&#x61;script:alert(1))",
    "[klik](jav&#97;script:alert(1))",
    "[klik](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[klik](VBScript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](DATA:text/html,<script>alert(1)</script>)",
    "![gambar](javascript:alert(1))",
    "![gambar](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![gambar](vbscript:msgbox(1))",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    '[ref][y]\n\n[y]: data:text/html,alert(1) "judul"',
    '[a](https://contoh.go.id "judul" onclick="alert(1)")',
    '[a](https://contoh.go.id" onmouseover="alert(1))',
    "<javascript:alert(1)>",
    '<https://contoh.go.id/" onclick="alert(1)>',
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    '<a href="#" onclick="alert(1)">a</a>',
    '<div onmouseover="alert(1)">teks</div>',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)><circle r=10></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="x"><button>kirim</button></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<p style="background:url(javascript:alert(1))">gaya</p>',
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<!--><img src=x onerror=alert(1)>-->",
    '<p id="main">menimpa id halaman</p><p name="csrf_token">x</p>',
    '<form id="login"><input id="csrf_token" name="csrf_token"></form>',
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    '<a href="javascript&colon;alert(1)">a</a>',
    '<a href="&#x6A;avascript:alert(1)">a</a>',
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>",
    "<template><img src=x onerror=alert(1)></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '[x](https://contoh.go.id) <a href="//evil.example" target="_top">protocol-relative</a>',
    "<textarea><script>alert(1)</script></textarea>",
    "<isindex action=javascript:alert(1) type=image>",
    '<input type="image" src="x" onerror="alert(1)">',
]

FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "base",
    "meta",
    "link",
    "body",
    "html",
    "head",
    "template",
    "textarea",
    "video",
    "audio",
    "source",
    "details",
    "isindex",
    "frame",
    "frameset",
    "applet",
    "noscript",
    "select",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "poster", "data", "xlink:href"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("style", "name", "target", "formaction"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "id" and not value.startswith(("bagian-", "fn-", "fnref-")):
                self.problems.append(f"id {value!r} on <{tag}>")
            if name in URL_ATTRIBUTES:
                url = "".join(html.unescape(value).split()).lower()
                if ":" in url.split("/")[0] and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
                if url.startswith("//"):
                    self.problems.append(f"protocol-relative {name}={value!r}")

    handle_startendtag = handle_starttag


def executable_parts(rendered_html: str) -> list[str]:
    """Everything in the HTML that could run script, leave the site, or clobber the page."""
    collector = _Collector()
    collector.feed(rendered_html)
    collector.close()
    return collector.problems
