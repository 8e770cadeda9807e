"""Reading Waspada's pages the way a phone's browser does: forms, their fields, and links.

The simulated students never guess a URL or a field name: they read the form on
the page (its action, the CSRF token, the radio buttons and checkboxes) and send
what a student tapping the first choices would send. A page's script reads its
element's ``data-*`` attributes (``Page.element``), and a person reads the text the
page shows (``Page.text_of``: a lesson's code on the projector, for the phones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "select" or "textarea"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    submits: list[Field] = field(default_factory=list)
    classes: str = ""

    def names(self) -> set[str]:
        return {f.name for f in self.fields}

    def value(self, name: str) -> str | None:
        return next((f.value for f in self.fields if f.name == name), None)

    def fill(self, rng=None) -> list[tuple[str, str]]:
        """What a browser sends when the student answers and presses the form's first button.

        Hidden and text fields keep their values; each radio group takes one option
        (the checked one, else the first, or a random one with ``rng``); each checkbox
        group keeps its ticks, else ticks the first box (or a random non-empty few);
        each select keeps its selected option (an ordering comes with every position
        preselected, so it stays a valid permutation). An ordering shown with nothing
        selected (n selects offering the same n places, as on a lesson's phone page)
        gets each place once, as a student choosing the places sends it: in the order
        shown, or shuffled with ``rng``.
        """
        pairs: list[tuple[str, str]] = []
        done: set[str] = set()
        places = self._places(rng)
        for item in self.fields:
            if item.kind in {"radio", "checkbox"}:
                if item.name in done:
                    continue
                done.add(item.name)
                group = [f for f in self.fields if f.kind == item.kind and f.name == item.name]
                chosen = [f for f in group if f.checked]
                if not chosen:
                    if rng is None:
                        chosen = group[:1]
                    elif item.kind == "radio":
                        chosen = [rng.choice(group)]
                    else:
                        chosen = rng.sample(group, rng.randint(1, len(group)))
                pairs += [(f.name, f.value or "on") for f in chosen]
            elif item.kind == "select":
                value = item.value or places.get(item.name) or (item.options[0] if item.options else "")
                pairs.append((item.name, value))
            elif item.kind not in {"submit", "button", "image", "reset", "file"}:
                pairs.append((item.name, item.value))
        if self.submits and self.submits[0].name:
            pairs.append((self.submits[0].name, self.submits[0].value))
        return pairs

    def _places(self, rng=None) -> dict[str, str]:
        """For an ordering with nothing selected: a different place for each of its selects."""
        selects = [f for f in self.fields if f.kind == "select"]
        if len(selects) < 2 or any(f.value for f in selects):
            return {}
        options = selects[0].options
        if len(options) != len(selects) or any(f.options != options for f in selects):
            return {}
        order = list(options)
        if rng is not None:
            rng.shuffle(order)
        return {f.name: place for f, place in zip(selects, order, strict=True)}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[tuple[str, str]] = []  # (href, class)
        self.elements: dict[str, dict[str, str]] = {}  # id -> the element's attributes
        self.texts: list[tuple[str, str]] = []  # (class, text directly inside an element with a class)
        self._classes = ""
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_open = False
        self._option_selected = False
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if a.get("id"):
            self.elements.setdefault(a["id"], a)
        if tag not in VOID_ELEMENTS:
            self._classes = a.get("class", "")
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(), classes=a.get("class", ""))
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append((a["href"], a.get("class", "")))
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            item = Field(a["name"], kind, a.get("value", ""), "checked" in a)
            (self._form.submits if kind in {"submit", "image"} else self._form.fields).append(item)
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._form.submits.append(Field(a.get("name", ""), "submit", a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option_value = value
            self._option_open = True
            self._option_selected = "selected" in a
            if value is not None:  # else the option's text is its value (see handle_data)
                self._select.options.append(value)
                if self._option_selected:
                    self._select.value = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._classes and data.strip():
            self.texts.append((self._classes, data.strip()))
        if self._select is not None and self._option_open and self._option_value is None and data.strip():
            self._select.options.append(data.strip())
            if self._option_selected:
                self._select.value = data.strip()
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        self._classes = ""
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option_value = None
            self._option_open = False
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Page:
    forms: list[Form]
    links: list[tuple[str, str]]
    elements: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)

    def element(self, element_id: str) -> dict[str, str] | None:
        """The attributes of the element with this id (``data-*`` included), as a page's script reads them."""
        return self.elements.get(element_id)

    def text_of(self, class_name: str) -> str | None:
        """The first text shown directly inside an element of this class."""
        return next((text for classes, text in self.texts if class_name in classes.split()), None)

    def form_with(self, *names: str) -> Form | None:
        return next((f for f in self.forms if f.method == "post" and all(n in f.names() for n in names)), None)

    def post_forms(self) -> list[Form]:
        return [f for f in self.forms if f.method == "post"]


def read(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return Page(parser.forms, parser.links, parser.elements, parser.texts)
