"""The one way user-written markdown becomes HTML: Python-Markdown, then the nh3 sanitizer.

Everything written by people (lessons, questions, feedback, posts) goes through render_markdown()
or through Jinja's autoescape; nothing else emits user HTML.
"""

import re
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup, escape

from lms.core.markdown_bounds import BoundedMarkdownExtension

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "abbr",
    "code",
    "pre",
    "kbd",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "img",
    "div",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "*": {"id"},  # class is governed by ALLOWED_CLASSES
}
ALLOWED_CLASSES = {
    "div": {"admonition", "catatan", "penting", "tips", "note", "warning", "footnote", "toc"},
    "p": {"admonition-title"},
    "code": {f"language-{lang}" for lang in ("python", "sql", "bash", "text", "json", "html", "csv", "yaml")},
    "a": {"footnote-ref", "footnote-backref"},
    "sup": set(),
    "span": set(),
}
# ids only with our own prefixes, so user content can never clobber an id the page itself uses.
_SAFE_ID = re.compile(r"(bagian|fn|fnref)-[a-z0-9-]{1,80}")
_HEADING_SLUG = re.compile(r"[^a-z0-9]+")


def _heading_id(value: str, _separator: str) -> str:
    slug = _HEADING_SLUG.sub("-", value.lower()).strip("-")[:60] or "judul"
    return f"bagian-{slug}"


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


def _url_is_safe(value: str) -> bool:
    """Defence in depth beside nh3's scheme list: browsers ignore whitespace and control characters
    inside a scheme, and read "//host" as another site."""
    squeezed = _INVISIBLE.sub("", value)
    if squeezed.startswith(("//", "\\", "/\\")):
        return False
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _attribute_filter(assets: dict[str, str] | None):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if _SAFE_ID.fullmatch(value) else None
        if attribute in ("href", "src") and not _url_is_safe(value):
            return None
        if tag == "img" and attribute == "src" and _is_relative_path(value):
            # A relative image is one of the module's own files; anything else is dropped.
            return (assets or {}).get(value.removeprefix("./"))
        return value

    return keep


def _is_relative_path(url: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", url)


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "toc",
            "tables",
            "fenced_code",
            "footnotes",
            "admonition",
            "def_list",
            "sane_lists",
            "abbr",
            BoundedMarkdownExtension(),
        ],
        extension_configs={
            "toc": {"slugify": _heading_id, "toc_depth": "2-3"},
            "footnotes": {"SEPARATOR": "-", "BACKLINK_TITLE": "Kembali ke teks"},
        },
        output_format="html",
    )


def clean_html(html: str, assets: dict[str, str] | None = None) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_attribute_filter(assets),
        clean_content_tags={"script", "style", "template", "textarea", "title", "noscript", "iframe", "object"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}},
        strip_comments=True,
    )


def render_markdown(text: str, assets: dict[str, str] | None = None) -> Rendered:
    """Markdown to sanitized HTML and its table of contents. assets maps a module's image paths to URLs."""
    md = _markdown()
    html = md.convert(text or "")
    return Rendered(clean_html(html, assets), clean_html(getattr(md, "toc", "") or ""))


def render_inline(text: str) -> str:
    """A short piece (a quiz option, a title) rendered without the block wrapper paragraph."""
    html = render_markdown(text).html
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def focusable_scrollers(html: str, table_label: str) -> Markup:
    """Sanitized HTML as shown in a page: its tables and code blocks scroll sideways inside their own box
    on a phone, so each is made a region a keyboard can focus and scroll (WCAG 2.1.1). Done when
    showing, not when storing, so HTML rendered before this rule gets it too."""
    label = escape(table_label)
    html = html.replace("<table>", f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}"><table>')
    html = html.replace("</table>", "</table></div>").replace("<pre>", '<pre tabindex="0">')
    return Markup(html)  # noqa: S704 - the input is already sanitized HTML; only fixed markup is added
