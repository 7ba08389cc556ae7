"""The sandbox every document template is filled in.

Offices upload their own Word templates, so a template is untrusted code. It is rendered by a
jinja2 `SandboxedEnvironment` narrowed further:
- the context is plain data (`plain`): strings, numbers, dates, lists and dicts, never a model
  instance, so there is nothing to walk from a value to the database or the settings;
- no loader: `include`, `import`, `extends` are refused when the template is parsed, and so is
  `autoescape` (values are always escaped for XML);
- attributes: dict keys, a short list of harmless methods of plain types, loop variables;
  anything private or not listed raises `SecurityError` at once;
- filters: a list of harmless ones, each watching the clock, refusing a text or list result
  beyond a size and, for those that work through a list (sort, unique, map…), how much they
  read; `join`, `replace`, `batch`, `sum` and `striptags` rewritten so no argument makes them
  slow or huge;
- limits, because jinja has none: `range()` is capped; every loop iteration (recursive
  `loop()` calls included), call and character of output counts against a budget per document;
  `*`, `**`, `+`, `%` and `~` refuse results beyond a size; and a whole document has
  `MAX_SECONDS` of wall-clock time, checked at every iteration, call, operator, filter and
  output, because a template that behaves on the sample data may crawl on real data.
`fill.render_template` fills a .docx here and explains a refusal with the template line.
"""

import html
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from docxtpl import InlineImage
from jinja2 import nodes
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.filters import FILTERS
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace, pass_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

# Wall-clock seconds filling one document may take. Real documents fill in well under a
# second; beyond this the template is refused ("模板不安全或有误：…") and nothing is generated.
MAX_SECONDS = 5.0
MAX_RANGE = 10_000  # numbers one range() may produce
MAX_ITERATIONS = 500_000  # loop iterations in one document
MAX_CALLS = 100_000  # calls (macros, methods, range, loop()) in one document
MAX_CHARS = 1_000_000  # characters of one computed text (or value turned into text)
MAX_ITEMS = 100_000  # items of one computed list, or read by one filter
MAX_READ = 10_000_000  # characters (as text) one filter may read from its list
MAX_OUTPUT = 40_000_000  # characters of rendered XML in one document
MAX_INT_BITS = 4096
MAX_BATCH = 1_000


@dataclass(frozen=True)
class Image:
    """A picture for a template placeholder ({{ qr }}): PNG or JPEG bytes and the printed
    width. The only non-plain value a context may carry; it becomes a docxtpl InlineImage
    when rendered, and templates cannot reach inside it."""

    data: bytes
    width_mm: float


class Refused(TemplateError):
    """A template went beyond what the sandbox allows: `code` names the limit."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class ForbiddenTag(TemplateSyntaxError):
    def __init__(self, tag: str, lineno: int):
        super().__init__(f"tag {tag!r} is not allowed", lineno)
        self.tag = tag


# --- Plain data ----------------------------------------------------------------------------------


def plain(value, path: str = "context"):
    """`value` as plain data for a template, or TypeError naming where something else is:
    passing a model instance or a lazy string is a programming error."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str.__str__(value)  # a Markup or a TextChoices member becomes a plain str
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (float, Decimal, date, Image)):
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: dict keys must be strings, not {type(key).__name__}")
            out[str.__str__(key)] = plain(item, f"{path}[{key!r}]")
        return out
    if isinstance(value, (list, tuple)):
        items = [plain(item, f"{path}[{n}]") for n, item in enumerate(value)]
        return tuple(items) if isinstance(value, tuple) else items
    raise TypeError(
        f"{path}: {type(value).__module__}.{type(value).__name__} is not plain data "
        "(str, int, float, Decimal, bool, None, date, list, tuple, dict)"
    )


# --- The environment -----------------------------------------------------------------------------


class _Undefined(Undefined):
    """Empty and false when tested, an error when printed: a document with a blank where a
    name should be is worse than a refusal."""

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()
        return ""  # pragma: no cover


# Attributes a template may read on plain values (besides dict keys and loop variables).
_ATTRIBUTES: dict[type, frozenset[str]] = {
    str: frozenset(
        {
            "strip",
            "lstrip",
            "rstrip",
            "upper",
            "lower",
            "title",
            "capitalize",
            "startswith",
            "endswith",
            "split",
            "count",
            "find",
            "isdigit",
        }
    ),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
    dict: frozenset({"items", "keys", "values", "get"}),
    date: frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"}),
    Cycler: frozenset({"next", "current", "reset"}),
}
_OPEN = (LoopContext, Namespace)  # every public attribute is data


def _allowed(obj, attr: str) -> bool:
    if attr.startswith("_"):
        return False
    if isinstance(obj, _OPEN):
        return True
    for kind, names in _ATTRIBUTES.items():
        if isinstance(obj, kind):
            return attr in names
    return False


def _printed_size(value, limit: int = MAX_CHARS) -> int:
    """How many characters `value` makes when turned into text, counted only up to just past
    `limit`: a list of a million long strings must be refused before it is printed."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, dict)):
        total = 2
        for item in value.items() if isinstance(value, dict) else value:
            total += _printed_size(item, limit - total) + 2
            if total > limit:
                break
        return total
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() * 30 // 100 + 2
    return 32


def _check_size(value):
    if _printed_size(value) > MAX_CHARS:
        raise Refused("too_large")
    return value


def _limit(value) -> int:
    return MAX_CHARS if isinstance(value, str) else MAX_ITEMS


def _sized(value):
    """`value`, refused if it is a text longer than MAX_CHARS or a list (tuple, dict) of more
    than MAX_ITEMS items."""
    if isinstance(value, (str, list, tuple, dict, set, frozenset)) and len(value) > _limit(value):
        raise Refused("too_large")
    return value


def _mul(left, right):
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            if len(seq) * max(n, 0) > _limit(seq):
                raise Refused("too_large")
            return seq * n
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS
    ):
        raise Refused("too_large")
    return left * right


def _pow(left, right):
    if isinstance(right, (int, float, Decimal)) and isinstance(left, (int, float, Decimal)):
        bits = max(abs(int(left)).bit_length(), 1) if abs(left) < 2**64 else MAX_INT_BITS
        if right > 0 and bits * right > MAX_INT_BITS:
            raise Refused("too_large")
    return left**right


def _add(left, right):
    if (
        isinstance(left, (str, list, tuple))
        and isinstance(right, (str, list, tuple))
        and len(left) + len(right) > min(_limit(left), _limit(right))
    ):
        raise Refused("too_large")
    return left + right


# printf-style widths or precisions of four digits or more, or taken from the arguments.
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\*|\d{4,}|\d*\.(\*|\d{4,}))")


def _mod(left, right):
    if isinstance(left, str):
        if _WIDE_FORMAT.search(left):
            raise Refused("too_large")
        _check_size(right)
    return _check_size(left % right)


class DocumentEnvironment(SandboxedEnvironment):
    """The jinja environment of one document: a new one per rendering, because it carries
    that document's budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self):
        super().__init__(autoescape=True, undefined=_Undefined)
        self.iterations = 0
        self.calls = 0
        self.output = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.sources: list[str] = []
        self.globals = {
            "range": self._range,
            "dict": dict,
            "namespace": Namespace,
            "cycler": Cycler,
            "joiner": Joiner,
        }
        rewritten = {
            "join": _join,
            "replace": _replace,
            "batch": _batch,
            "sum": _sum,
            "striptags": _striptags,
        }
        self.filters = {
            name: _guarded(name, rewritten.get(name) or FILTERS[name])
            for name in (*_FILTERS, *rewritten)
        }
        self.filters.update(
            {
                "xuncha_each": _each,
                "xuncha_out": _out,
                "xuncha_value": _value,
            }
        )
        self.binop_table = {**self.binop_table, "*": _mul, "**": _pow, "+": _add, "%": _mod}

    def _parse(self, source, name, filename):
        """Parse, refuse what reaches outside, wrap loops, output and concatenation."""
        self.sources.append(source)
        tree = super()._parse(source, name, filename)
        return _Guard(self).visit(tree)

    def getattr(self, obj, attribute):
        if not isinstance(attribute, str):
            return self.undefined(obj=obj, name=str(attribute))
        if attribute.startswith("_"):
            raise SecurityError(attribute)
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if not _allowed(obj, attribute):
            if hasattr(type(obj), attribute):
                raise SecurityError(attribute)
            if isinstance(obj, Undefined):
                obj._fail_with_undefined_error()
            return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj, argument):
        if (isinstance(obj, dict) and not str(argument).startswith("_")) or (
            isinstance(obj, (list, tuple, str)) and isinstance(argument, (int, slice))
        ):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                pass
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=str(argument))

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(attribute)

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return _allowed(obj, attr)

    def check_time(self) -> None:
        """Refuse the template once the document has taken MAX_SECONDS."""
        if time.monotonic() > self.deadline:
            raise Refused("timeout", seconds=f"{MAX_SECONDS:g}")

    def budgeted(self, iterable):
        """`iterable`, each item counted against the document's loop budget."""
        for item in iterable:
            self.iterations += 1
            if self.iterations > MAX_ITERATIONS:
                raise Refused("budget", limit=MAX_ITERATIONS)
            self.check_time()
            yield item

    def call(__self, __context, __obj, *args, **kwargs):
        __self.calls += 1
        if __self.calls > MAX_CALLS:
            raise Refused("budget", limit=MAX_CALLS)
        __self.check_time()
        if isinstance(__obj, LoopContext) and args:
            # `loop(children)` in a recursive loop: jinja iterates `children` itself, not
            # through the `for` tag's (budgeted) iterable.
            args = (__self.budgeted(args[0]), *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, (Macro, LoopContext)) or isinstance(result, Markup):
            return result  # rendered template text: counted when it is output
        return _sized(result)

    def call_binop(self, context, operator, left, right):
        self.check_time()
        return super().call_binop(context, operator, left, right)

    def _range(self, *args):
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise Refused("range", limit=MAX_RANGE)
        return numbers


# Filters a template may use. `center`, `indent`, `wordwrap`, `format`, `slice` (sizes taken
# from the template), `safe` (would let a value write raw XML), `attr`, `pprint`, `tojson`,
# `urlize`, `xmlattr` and `random` are left out; `join`, `replace`, `batch`, `sum` and
# `striptags` are rewritten below.
_FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "first",
        "float",
        "groupby",
        "int",
        "items",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "reverse",
        "round",
        "select",
        "selectattr",
        "sort",
        "string",
        "title",
        "trim",
        "truncate",
        "unique",
        "upper",
        "wordcount",
    }
)
# Those that turn their value into text first: the text is refused beforehand if too large.
_STRINGIFYING = frozenset(
    {
        "capitalize",
        "e",
        "escape",
        "float",
        "int",
        "lower",
        "string",
        "striptags",
        "title",
        "trim",
        "truncate",
        "upper",
        "wordcount",
    }
)
# Those that work through a list: they read it item by item through `_metered`, so sorting,
# comparing or transforming items (work no loop counts) stays within time and size.
_READING = frozenset(
    {
        "batch",
        "groupby",
        "join",
        "list",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "select",
        "selectattr",
        "sort",
        "sum",
        "unique",
    }
)


def _metered(env, iterable, read_limit: int | None = None):
    """`iterable` item by item, watching the clock; refused beyond MAX_ITEMS items or, with
    `read_limit`, beyond that many characters of items (as text)."""
    read = 0
    for n, item in enumerate(iterable, 1):
        if n > MAX_ITEMS:
            raise Refused("too_large")
        if read_limit is not None:
            read += _printed_size(item, read_limit - read) + 1
            if read > read_limit:
                raise Refused("too_large")
        env.check_time()
        yield item


# What a jinja filter asks for before its value (`pass_context` and the like).
_FIRST_ARGUMENT = {
    "context": lambda context: context,
    "eval_context": lambda context: context.eval_ctx,
    "environment": lambda context: context.environment,
}


def _guarded(name: str, func):
    """The filter `func` watching the clock, refusing a value whose text would be too large
    (`_STRINGIFYING`), reading a list through `_metered` (`_READING`) and refusing a result
    that is too large; a lazy result is metered as it is read."""
    first = _FIRST_ARGUMENT.get(getattr(getattr(func, "jinja_pass_arg", None), "name", ""))
    stringifying, reading = name in _STRINGIFYING, name in _READING

    @pass_context
    def guarded(context, value, *args, **kwargs):
        env = context.environment
        env.check_time()
        if stringifying:
            _check_size(value)
        elif reading and not isinstance(value, Undefined):
            value = _metered(env, value, MAX_READ)
        if first is None:
            result = func(value, *args, **kwargs)
        else:
            result = func(first(context), value, *args, **kwargs)
        env.check_time()
        if isinstance(result, Iterator) and not isinstance(result, str):
            return _metered(env, result)
        return _sized(result)

    return guarded


@pass_context
def _each(context, iterable):
    """Every loop iterates through here (see `_Guard`), counting against the budget."""
    return context.environment.budgeted(iterable)


@pass_context
def _out(context, value):
    """Every piece of output goes through here: the document's size is capped however the
    template builds it (loops, macros, blocks)."""
    env = context.environment
    env.check_time()
    if isinstance(value, InlineImage):
        return value
    env.output += _printed_size(value, MAX_OUTPUT)
    if env.output > MAX_OUTPUT:
        raise Refused("output", mb=MAX_OUTPUT // 1_000_000)
    return value


@pass_context
def _value(context, value):
    context.environment.check_time()
    return _check_size(value)


@pass_context
def _join(context, value, d="", attribute=None):
    items = list(value)
    _check_size(d)
    if len(items) > 1 and len(str(d)) * (len(items) - 1) > MAX_CHARS:
        raise Refused("too_large")
    _check_size(items)
    return FILTERS["join"](context.eval_ctx, items, d, attribute)


@pass_context
def _replace(context, s, old, new, count=None):
    text, old, new = str(_check_size(s)), str(_check_size(old)), str(_check_size(new))
    hits = text.count(old) if old else len(text) + 1
    if len(text) + hits * len(new) > MAX_CHARS:
        raise Refused("too_large")
    return FILTERS["replace"](context.eval_ctx, s, old, new, count)


def _batch(value, linecount, fill_with=None):
    if not isinstance(linecount, int) or not 0 < linecount <= MAX_BATCH:
        raise Refused("too_large")
    return FILTERS["batch"](value, linecount, fill_with)


@pass_context
def _sum(context, iterable, attribute=None, start=0):
    items = list(iterable)
    values = [context.environment.getitem(i, attribute) for i in items] if attribute else items
    numbers = (int, float, Decimal)
    if not all(isinstance(v, numbers) and not isinstance(v, bool) for v in values):
        raise Refused("sum")
    return sum(values, start if isinstance(start, numbers) else 0)


def _striptags(value) -> str:
    """jinja's `striptags` in linear time (markupsafe's rescans the text after each tag)."""
    text = str(value)
    for opening, closing in (("<!--", "-->"), ("<", ">")):
        pieces, pos = [], 0
        while (start := text.find(opening, pos)) != -1:
            end = text.find(closing, start)
            if end == -1:
                break
            pieces.append(text[pos:start])
            pos = end + len(closing)
        pieces.append(text[pos:])
        text = "".join(pieces)
    return html.unescape(" ".join(text.split()))


class _Guard(NodeTransformer):
    """Rewrites a parsed template: loops iterate through `xuncha_each`, every output piece
    passes `xuncha_out`, every `~` and its operands through `xuncha_value`; tags that would
    reach outside the template are refused."""

    _FORBIDDEN = {
        nodes.Include: "include",
        nodes.Import: "import",
        nodes.FromImport: "import",
        nodes.Extends: "extends",
        nodes.ScopedEvalContextModifier: "autoescape",
        nodes.EvalContextModifier: "autoescape",
    }

    def __init__(self, environment):
        self.environment = environment

    def _filter(self, node, name):
        wrapped = nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)
        wrapped.set_environment(self.environment)
        return wrapped

    def generic_visit(self, node, *args, **kwargs):
        tag = self._FORBIDDEN.get(type(node))
        if tag is not None:
            raise ForbiddenTag(tag, node.lineno)
        return super().generic_visit(node, *args, **kwargs)

    def visit_For(self, node):
        node = self.generic_visit(node)
        node.iter = self._filter(node.iter, "xuncha_each")
        return node

    def visit_Concat(self, node):
        node = self.generic_visit(node)
        node.nodes = [self._filter(child, "xuncha_value") for child in node.nodes]
        return self._filter(node, "xuncha_value")

    def visit_Output(self, node):
        node = self.generic_visit(node)
        node.nodes = [self._filter(child, "xuncha_out") for child in node.nodes]
        return node
