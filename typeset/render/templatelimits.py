"""What one render of the templates may spend, and the operations that would make a huge value.

typeset.render.sandbox calls these from inside a template: the budget counts every loop
iteration (``count_loop``), call and filter (``MAX_STEPS``), every character
written (``count_output``, ``MAX_OUTPUT``) and the time (``MAX_SECONDS``, a
backstop). Operations that can make a value much larger than their operands
(``'x' * n``, ``a ** b``, ``'%9999d' % x``, ``s.center(n)``, ``s | replace(a, b)``,
``s.join(items)``, ``s.format(...)``) are measured before they run and refused past
``MAX_TEXT`` characters or items (``MAX_INT_BITS`` for integers); every result is
measured after. A refusal is a :class:`TemplateLimit`, raised at the template's line.
"""

from __future__ import annotations

import contextvars
import re
import string
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE
from jinja2.utils import Namespace

#: Loop iterations, calls and filters in one render (the house articles take about 30).
MAX_STEPS = 1_000_000
#: Characters one render may write (the house articles write about 17 000; a 2 MB source a few million).
MAX_OUTPUT = 64 * 1024 * 1024
#: Characters (or items) of one value a template may make.
MAX_TEXT = 32 * 1024 * 1024
#: Bits of an integer a template may make (10**30000 has 100 000).
MAX_INT_BITS = 100_000
#: Wall-clock time of one render (a backstop: the limits above end a runaway template long before).
MAX_SECONDS = 30.0
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_WIDTH_SPEC = re.compile(r"(\d+)?(?:\.(\d+))?[a-zA-Z%]?$")


class TemplateLimit(SecurityError):
    """A render that went past its budget, or an operation that would make a huge value."""


class Budget:
    """What one render may still spend."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.output = MAX_OUTPUT
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise TemplateLimit(f"the templates take more than {number(MAX_STEPS)} steps (loop iterations, calls)")
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"the templates take longer than {MAX_SECONDS:.0f} s to render")

    def write(self, size: int) -> None:
        self.output -= size
        if self.output < 0:
            raise TemplateLimit(f"the templates write more than {number(MAX_OUTPUT)} characters")


def number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("typeset_template_budget", default=None)


@contextmanager
def budgeted() -> Iterator[Budget]:
    """A fresh budget for the render inside the ``with``."""
    budget = Budget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def current_budget() -> Budget:
    budget = _BUDGET.get()
    if budget is None:  # rendered outside render(): a budget of its own
        budget = Budget()
        _BUDGET.set(budget)
    return budget


class SizedNamespace(Namespace):
    """``namespace()``: the one place a template keeps state across loop iterations, so sizes are checked here."""

    def __setitem__(self, name: str, value: Any) -> None:
        check_value(value)
        super().__setitem__(name, value)


def safe_range(*args: int) -> range:
    """``range()`` of at most MAX_RANGE numbers (Jinja's sandbox limit, as a TemplateLimit)."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"range() of {number(len(numbers))} numbers (at most {number(MAX_RANGE)})")
    return numbers


@jinja2.pass_context
def count_loop(context: jinja2.runtime.Context, iterable: Any) -> Iterator[Any]:
    budget = current_budget()
    for item in iterable:
        budget.step()
        yield item


@jinja2.pass_context  # (not evaluated at compile time)
def count_output(context: jinja2.runtime.Context, value: Any) -> Any:
    if isinstance(value, str):
        current_budget().write(len(value))
    return value


def guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` counted as a step, its arguments checked before (see _FILTER_SIZES), its result after."""
    size_of = _FILTER_SIZES.get(name)
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    def guarded(*args: Any, **kwargs: Any) -> Any:
        current_budget().step()
        if size_of is not None:
            _check_size(size_of(*args[skip:], **kwargs), f"the filter '{name}'")
        result = function(*args, **kwargs)
        check_value(result)
        return result

    return update_wrapper(guarded, function)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else len(str(value))


def _size_replace(s: Any, old: Any = "", new: Any = "", count: Any = None) -> int:
    s, old, new = str(s), str(old), str(new)
    hits = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(s) + hits * max(0, len(new) - len(old))


def _size_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
    text = str(s)
    pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    return len(text) + (text.count("\n") + 1) * pad


def _size_join(value: Any, d: Any = "", attribute: Any = None) -> int:
    items = value if isinstance(value, list | tuple) else ()
    return sum(_length(item) for item in items) + max(0, len(items) - 1) * _length(d)


def _size_format(value: Any, *args: Any, **kwargs: Any) -> int:
    return _percent_size(str(value), args or kwargs)


#: Filters that can make a value much larger than their input: the size they would make.
_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "replace": _size_replace,
    "indent": _size_indent,
    "join": _size_join,
    "format": _size_format,
    "center": lambda value, width=80: width if isinstance(width, int) else 0,
    "batch": lambda value, linecount=0, fill_with=None: linecount if isinstance(linecount, int) else 0,
    "slice": lambda value, slices=0, fill_with=None: slices if isinstance(slices, int) else 0,
}


def _check_size(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise TemplateLimit(f"{what} would make {number(size)} characters or items (at most {number(MAX_TEXT)})")


def check_value(value: Any) -> None:
    """A value a template made, measured after the fact (for what no rule above foresaw)."""
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_TEXT:
        raise TemplateLimit(
            f"a value of {number(len(value))} characters or items is too large (at most {number(MAX_TEXT)})"
        )
    if _is_int(value) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit(f"an integer of more than {number(MAX_INT_BITS)} bits is too large")


def check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Methods of text that can make a much larger text: refused before they run if they would."""
    wrapped = getattr(obj, "__wrapped__", obj)  # str.format, as the sandbox wraps it
    receiver = getattr(wrapped, "__self__", None)
    if not isinstance(receiver, str):
        return
    name = getattr(wrapped, "__name__", "")
    width = args[0] if args else kwargs.get("width", kwargs.get("tabsize", 8))
    if name in ("center", "ljust", "rjust", "zfill") and isinstance(width, int):
        size = width
    elif name == "expandtabs" and isinstance(width, int):
        size = len(receiver) + receiver.count("\t") * width
    elif name == "replace" and len(args) >= 2:
        size = _size_replace(receiver, *args[:3])
    elif name == "join" and args:
        size = _size_join(args[0], receiver)
    elif name in ("format", "format_map"):
        size = _format_size(receiver, args, kwargs)
    else:
        return
    _check_size(size, f"str.{name}()")


def _format_size(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """An upper bound of ``template.format(...)``'s length that reads only the widths written in it."""
    size = len(template)
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is None:
            continue
        if spec and "{" in spec:
            raise TemplateLimit("a format with a computed width ('{:{}}') is not allowed in templates")
        match = _WIDTH_SPEC.search(spec or "")
        for number in match.groups() if match else ():
            size += int(number) if number else 0
    values = list(args) + list(kwargs.values())
    return size + sum(_length(value) for value in values if isinstance(value, str))


def _percent_size(template: str, values: Any) -> int:
    """An upper bound of ``template % values``'s length, from the widths written in it (``*`` is refused)."""
    size = len(template)
    for width, precision in _PERCENT_SPEC.findall(template):
        if "*" in (width, precision):
            raise TemplateLimit("a '%*d' format (a computed width) is not allowed in templates")
        size += int(width or 0) + int(precision or 0)
    items = values if isinstance(values, tuple | list) else [values]
    return size + sum(_length(item) for item in items if isinstance(item, str))


def check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for text, times in ((left, right), (right, left)):
            if isinstance(text, str | list | tuple) and isinstance(times, int):
                _check_size(len(text) * times, f"'{operator}'")
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateLimit(f"'*' would make an integer of more than {number(MAX_INT_BITS)} bits")
    elif operator == "**":
        if (
            _is_int(left)
            and _is_int(right)
            and abs(left) > 1
            and right > 0
            and left.bit_length() * right > MAX_INT_BITS
        ):
            raise TemplateLimit(f"'**' would make an integer of more than {number(MAX_INT_BITS)} bits")
    elif operator == "%" and isinstance(left, str):
        _check_size(_percent_size(left, right), "'%'")
    elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        _check_size(len(left) + len(right), "'+'")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
