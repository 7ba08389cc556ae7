"""Every shipped template in one registry: its Chinese title, the app it belongs to, what it
receives and sample data to try an office's own version on.

The templates of `build_templates` are described in `samples.py`; an app's module in
`APP_TEMPLATE_MODULES` describes its own with `TITLES`, `VARIABLES` and `SAMPLES`. A template
without a title falls back to its builder's docstring ("巡察报告: …"); one without a sample can
be downloaded but not replaced until its app provides one.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from xuncha.documents import build_templates, samples


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    title: str
    app: str
    build: Callable
    variables: dict[str, str] = field(default_factory=dict)
    sample: Callable[[], dict] | None = None

    def sample_context(self) -> dict | None:
        if self.sample is None:
            return None
        return self.sample() if callable(self.sample) else dict(self.sample)


# The Chinese name a builder's docstring starts with ("巡察报告: the report …").
_CHINESE_HEAD = re.compile(r"^[\u4e00-\u9fff（）()、·“”〔〕×]+")


def _title_from_docstring(build: Callable, name: str) -> str:
    found = _CHINESE_HEAD.match((build.__doc__ or "").strip())
    return found.group(0) if found else name.removesuffix(".docx")


def _entries(module, app: str, titles: dict, variables: dict, sample_map: dict):
    for name, build in module_templates(module).items():
        yield TemplateInfo(
            name=name,
            title=titles.get(name) or _title_from_docstring(build, name),
            app=app,
            build=build,
            variables=dict(variables.get(name, {})),
            sample=sample_map.get(name),
        )


def module_templates(module) -> dict[str, Callable]:
    return dict(getattr(module, "TEMPLATES", {}))


@cache
def registry() -> dict[str, TemplateInfo]:
    """Every shipped template by file name, in a stable order (documents' own first)."""
    out: dict[str, TemplateInfo] = {}
    for entry in _entries(
        build_templates, "documents", samples.TITLES, samples.VARIABLES, samples.SAMPLES
    ):
        out[entry.name] = entry
    for module in build_templates.app_modules():
        app = module.__name__.split(".")[1]
        for entry in _entries(
            module,
            app,
            getattr(module, "TITLES", {}),
            getattr(module, "VARIABLES", {}),
            getattr(module, "SAMPLES", {}),
        ):
            out[entry.name] = entry
    return out


def info(name: str) -> TemplateInfo | None:
    return registry().get(name)
