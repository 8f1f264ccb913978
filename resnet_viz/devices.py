"""Where and how big a trace runs, as plain values: the device names, the batch size,
and whether this machine has each device.

Imports no torch at module level: viewconfig and the URL checks parse these fields
without it; only asking whether CUDA is present imports torch (which the trace that
follows needs anyway).
"""

from __future__ import annotations

from .registry import ConfigError, parse_int, shown

DEVICES = ("meta", "cpu", "cuda")
MAX_BATCH = 4096


def parse_batch(value: int | str) -> int:
    """Batch size from a typed or string value (1 to MAX_BATCH), by the one integer
    rule (registry.parse_int: ASCII digits, at most 18)."""
    return parse_int("batch", value, 1, MAX_BATCH)


def parse_device_name(value: str) -> str:
    """A device name that works on this machine: meta, cpu, or cuda where present.

    Raises:
        ConfigError: on the field ``device``: an unknown name, or cuda without a GPU.
    """
    name = str(value).strip().lower()
    if name not in DEVICES:
        raise ConfigError(
            "device",
            key="err.choice",
            values={"allowed": ", ".join(DEVICES), "got": shown(value)},
        )
    if name == "cuda" and not cuda_available():
        raise ConfigError("device", key="err.no_cuda")
    return name


def cuda_available() -> bool:
    """Whether torch sees a CUDA device (imports torch on the first call)."""
    import torch  # here, not at the top: parsing a URL needs no torch

    return torch.cuda.is_available()


def available_devices() -> list[str]:
    """The devices a trace can run on here, meta first."""
    return ["meta", "cpu"] + (["cuda"] if cuda_available() else [])
