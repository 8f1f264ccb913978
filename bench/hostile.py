"""The links of the hosting issue (#12) that once stalled or crashed a class's server,
exactly as they were reported: one place for the hosted tests and the load test.

Each is (page url path, query string). L8 is eight stages of 1,000 blocks, the
registry's maximum depth.
"""

from __future__ import annotations

L8 = ",".join(["1000"] * 8)
BIG = "9" * 5000  # past Python's 4,300-digit int() limit

LINKS: dict[str, tuple[str, str]] = {
    # 1: a 7.5 GiB input tensor that the old estimate did not count
    "input_tensor": ("", "arch=resnet18&input=16384x384x320&widths=1,1,1,1&device=cpu"),
    # 2: every layer of a 120,000-row network in 3D
    "volumes_l8": ("volumes", f"arch=resnet50&layers={L8}&se_ratio=1"),
    # 3: a layer-by-layer diff of 136k x 48k paths
    "compare_l8": (
        "compare",
        f"cmp=2&c0.arch=resnet50&c0.layers={L8}&c0.se_ratio=1&c0.shortcut=C"
        f"&c1.arch=resnet18&c1.layers={L8}",
    ),
    # 4: 1.56 TMACs on cpu, just under the old 2 GiB memory budget
    "compute": (
        "",
        "arch=resnet18&input=64&stem=cifar&widths=2048,2048&layers=1,1&batch=4"
        "&device=cpu",
    ),
    # 6: the block graph of an L8 network
    "graph_l8": ("graph", f"arch=resnet18&layers={L8}"),
    # 7: a batch the latency page's widget did not allow
    "latency_batch": ("latency", "arch=resnet18&batch=257"),
    # 9: numbers Python cannot convert, and a digit that is not one
    "digits_input": ("", f"input={BIG}"),
    "digits_batch": ("", "batch=²"),
    "digits_compare": ("compare", "cmp=²&c0.arch=resnet18"),
    # 10: values past the old widget ranges, silently changed
    "wide_wpg": ("", "arch=resnet50&width_per_group=8192"),
    "wide_groups": ("", "arch=resnet18&widths=2048,2048,2048,2048&groups=2048"),
    # 12: the tables page of an L8 network
    "tables_l8": ("tables", f"arch=resnet18&layers={L8}"),
}
# Every spec field with a 5,000-digit value (finding 9): each alone crashed the app.
DIGIT_FIELDS = ("layers", "widths", "groups", "width_per_group", "classes", "batch")
