"""Command line: `python -m resnet_viz list | summary ... | conventions ... | blocks |
block KIND ...`.

Imports the core only. Bad input ends with one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .conventions import CONVENTION_FORMATS
from .formats import FORMATS
from .records import TraceResult
from .registry import ARCHS, SPEC_FIELDS, ConfigError
from .trace import DEVICES, trace
from .zoo import KINDS, trace_block


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line (no usage dump) and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _network_flags(s: argparse.ArgumentParser) -> None:
    """The flags that pick a network and its input (summary and conventions)."""
    s.add_argument("--arch", default=None, help="preset name (default: custom)")
    s.add_argument("--block", help="basic, bottleneck or vgg")
    s.add_argument("--layers", help="blocks per stage, e.g. 3,4,6,3")
    s.add_argument("--widths", help="width of each stage, e.g. 64,128,256,512")
    s.add_argument("--groups", help="groups of the 3x3 convs (ResNeXt's cardinality)")
    s.add_argument("--width-per-group", help="bottleneck width per group (64 = ResNet)")
    s.add_argument(
        "--stem",
        help="imagenet (7x7 s2 + max-pool), cifar (3x3 s1), none (vgg), or the deep "
        "stems of three 3x3 convs: deep (32-32-64), deep-wide (64-64-128), tiered "
        "(24-32-64)",
    )
    s.add_argument(
        "--shortcut",
        help="A (zero-pad), B (project on change), C (always), D (avg-pool + 1x1 "
        "on change)",
    )
    s.add_argument(
        "--order", help="post (conv-BN-ReLU) or pre (BN-ReLU-conv, pre-activation)"
    )
    s.add_argument(
        "--width-factor", help="WRN's k: stage widths x k, the stem unchanged"
    )
    s.add_argument("--stride-on", help="3x3 (torchvision) or 1x1 (the paper)")
    s.add_argument("--plain", action="store_true", default=None, help="drop shortcuts")
    s.add_argument("--classes", help="number of output classes")
    s.add_argument(
        "--se-ratio", help="squeeze-and-excitation ratio, e.g. 1/16 (0 = none)"
    )
    s.add_argument(
        "--input",
        default=None,
        help="224, 32, HxW or CxHxW (default: the network's own, 32 for CIFAR nets)",
    )
    s.add_argument("--batch", default="1", help="batch size")
    s.add_argument("--device", default="meta", help=f"one of {', '.join(DEVICES)}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="resnet_viz", description="Build and trace ResNet-family networks."
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("list", help="list the preset architectures")
    s = sub.add_parser("summary", help="trace one network and print its layers")
    _network_flags(s)
    s.add_argument("--format", default="table", choices=list(FORMATS))
    c = sub.add_parser(
        "conventions",
        help="what torchinfo, fvcore, ptflops, thop, calflops, torch's flop counter "
        "and torchvision report for one network, and why",
    )
    _network_flags(c)
    c.add_argument("--format", default="table", choices=list(CONVENTION_FORMATS))
    sub.add_parser("blocks", help="list the block kinds of the zoo and their settings")
    b = sub.add_parser(
        "block", help="trace one block of the zoo alone and print its layers"
    )
    b.add_argument("kind", help="a block kind; see `python -m resnet_viz blocks`")
    b.add_argument("--input", default="256x56x56", help="the block's input, CxHxW")
    seen: set[str] = set()
    for kind in KINDS.values():  # one flag per setting name, whichever kinds use it
        for param in kind.params:
            if param.name not in seen:
                seen.add(param.name)
                b.add_argument(param.flag, dest=param.name, help=param.help)
    b.add_argument("--batch", default="1", help="batch size")
    b.add_argument("--device", default="meta", help=f"one of {', '.join(DEVICES)}")
    b.add_argument("--format", default="table", choices=list(FORMATS))
    b.add_argument(
        "--conventions",
        action="store_true",
        help="print what the counting tools report for the block instead",
    )
    return p


def _block_settings(args: argparse.Namespace) -> dict[str, str]:
    """The settings given on the command line (the kind refuses ones it lacks)."""
    names = {p.name for k in KINDS.values() for p in k.params}
    return {n: getattr(args, n) for n in sorted(names) if getattr(args, n) is not None}


def _blocks() -> str:
    rows = [("kind", "block", "settings (flags)", "follows")]
    for kind in KINDS.values():
        flags = " ".join(p.flag for p in kind.params)
        inputs = " (two inputs)" if kind.n_inputs == 2 else ""
        rows.append((kind.name, kind.title + inputs, flags, kind.source))
    return _columns(rows)


def _columns(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in rows
    )


def _list() -> str:
    rows = [("name", "family", "block", "layers", "widths", "stem", "shortcut")]
    for name, spec in ARCHS.items():
        extra = (
            f" g{spec.groups}x{spec.width_per_group}"
            if spec.block == "bottleneck"
            and (spec.groups, spec.width_per_group) != (1, 64)
            else ""
        )
        if spec.se_ratio:
            r = 1 / spec.se_ratio
            extra += (
                f" +SE 1/{round(r)}" if r == round(r) else f" +SE {spec.se_ratio:g}"
            )
        if spec.order == "pre":
            extra += " pre-act"
        k = f" x{spec.width_factor}" if spec.width_factor != 1 else ""
        rows.append(
            (
                name,
                spec.family,
                spec.block + extra,
                ",".join(map(str, spec.layers)),
                ",".join(map(str, spec.widths)) + k,
                spec.stem,
                "none" if spec.plain else spec.shortcut,
            )
        )
    return _columns(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "list":
        print(_list())
        return 0
    if args.command == "blocks":
        print(_blocks())
        return 0
    if args.command == "block":
        try:
            result = trace_block(
                args.kind,
                args.input,
                batch=args.batch,
                device=args.device,
                **_block_settings(args),
            )
        except ConfigError as err:
            print(f"resnet_viz: error: {err}", file=sys.stderr)
            return 2
        if args.conventions:
            sys.stdout.write(CONVENTION_FORMATS[args.format](result))
            return 0
        return _print(result, args.format)
    overrides = {k: getattr(args, k) for k in SPEC_FIELDS}
    try:
        result = trace(
            args.arch, args.input, batch=args.batch, device=args.device, **overrides
        )
    except ConfigError as err:
        print(f"resnet_viz: error: {err}", file=sys.stderr)
        return 2
    if args.command == "conventions":
        sys.stdout.write(CONVENTION_FORMATS[args.format](result))
        return 0
    return _print(result, args.format)


def _print(result: TraceResult, fmt: str) -> int:
    sys.stdout.write(FORMATS[fmt](result))
    if fmt == "json":
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
