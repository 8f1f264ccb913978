"""The app's string catalogue (locales/en.json, locales/zh.json) and t() to use it.

The standard library only: no torch, no streamlit, no other module of
the package (everything else may import this).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANG = "en"

# One JSON file per language, the same keys in each. A key names what the text means:
# the shared sections come first (page.* page titles, label.* widget labels, word.*
# the names of quantities that head table columns, op.* operations, sep.* the
# separators a language joins items and sentences with); a section named after a
# page or module (sb., cm., zoo.h_...) holds what only that place says.
LOCALES = Path(__file__).parent / "locales"


def _load(code: str) -> dict[str, str]:
    """One language's catalogue: ``locales/<code>.json``, a flat key -> text map."""
    with (LOCALES / f"{code}.json").open(encoding="utf-8") as f:
        return json.load(f)


CATALOGUE: dict[str, dict[str, str]] = {code: _load(code) for code in LANGS}
_EN = CATALOGUE[DEFAULT_LANG]


def normalise_lang(lang: str | None) -> str:
    """``lang`` if the catalogue has it, else English ("zh-CN" and "ZH" are "zh")."""
    if not lang:
        return DEFAULT_LANG
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return code if code in CATALOGUE else DEFAULT_LANG


def t(
    key: str, lang: str = DEFAULT_LANG, default: str | None = None, **values: object
) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in.

    Args:
        key: a catalogue key such as "sb.network".
        lang: "en" or "zh"; an unknown language falls back to English.
        default: the text when the catalogue has no ``key`` at all (for words that
            code produces as data: a zoo setting's name, a module path).
        **values: the placeholders of the text.

    Returns:
        The text; an unknown key comes back as ``default`` (filled in the same way)
        or, without one, as the key itself, so a test scanning pages for raw keys
        catches it.
    """
    code = normalise_lang(lang)
    text = CATALOGUE[code].get(key, _EN.get(key))
    if text is None:
        if default is None:
            return key
        text = default
    text = text.format(**values) if values else text
    return cjk_spacing(text) if code == "zh" else text


# Chinese puts no space between two Chinese characters. The catalogue's Chinese
# templates keep spaces around their placeholders, so a value in Latin letters or
# digits stands apart ("2 个 bottleneck 块"); a value that is Chinese itself would
# leave a stray space ("2 个 基本 块"), which this rule takes out.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


def cjk_spacing(text: str) -> str:
    """``text`` without the spaces that sit between two CJK characters (Chinese
    characters and full-width punctuation); spaces next to Latin text stay."""
    return _CJK_SPACE.sub("", text)


def word(prefix: str, text: str, lang: str = DEFAULT_LANG) -> str:
    """``text`` in ``lang`` when the catalogue has ``prefix + text``, else unchanged.

    For words that code produces as data ("stem", "identity", "added"): the ones the
    catalogue lists are translated, identifiers such as "layer2" stay as they are.

    Args:
        prefix: the catalogue section, e.g. "stage.".
        text: the word as the code writes it.
        lang: "en" or "zh".

    Returns:
        The catalogue's text, or ``text`` itself.
    """
    return t(prefix + text, lang, default=text)


def stage_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """A stage's name as figures and tables show it: "stem", "head", "input",
    "output" and "total" are words (translated); module paths such as "layer2" are
    identifiers (torchvision's state_dict keys) and stay as they are.

    Args:
        name: a StageRecord name, or "input", "output", "total".
        lang: "en" or "zh".

    Returns:
        The name in ``lang``; English returns ``name`` itself.
    """
    return word("stage.", name, lang)
