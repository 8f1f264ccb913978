"""The app's one string catalogue, English and Simplified Chinese, and t() to use it.

Plain data and the standard library only: no torch, no streamlit, no other module of
the package (everything else may import this).
"""

from __future__ import annotations

import re

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANG = "en"

_EN: dict[str, str] = {
    # --- sidebar -----------------------------------------------------------------
    "sb.language": "Language",
    "sb.lang_unknown": "Unknown language {code}: showing English.",
    "sb.network": "Network",
    "sb.network_help": "torchvision's ImageNet models, He et al.'s CIFAR nets "
    "(resnet20…1202) and plain twins without shortcuts (plain18…).",
    "sb.input": "Input size",
    "sb.input_help": "224 (ImageNet), 32 (CIFAR), HxW such as 64x96, or CxHxW such "
    "as 1x28x28.",
    "sb.customise": "Customise the network",
    "sb.block": "Block",
    "sb.layers": "Blocks per stage",
    "sb.layers_help": "Comma-separated, one number per stage, e.g. 3,4,6,3.",
    "sb.widths": "Stage widths",
    "sb.widths_help": "Channels of each stage before expansion, e.g. 64,128,256,512.",
    "sb.groups": "Groups",
    "sb.groups_help": "Groups of the 3x3 convs (ResNeXt's cardinality).",
    "sb.wpg": "Width per group",
    "sb.wpg_help": "Bottleneck only: 64 is ResNet, 4 with 32 groups is "
    "ResNeXt-32x4d, 128 is Wide ResNet-2.",
    "sb.stem": "Stem",
    "sb.stem_help": "imagenet: 7x7 stride-2 conv + 3x3 stride-2 max-pool. "
    "cifar: one 3x3 stride-1 conv, no pool. deep, deep-wide, tiered: three 3x3 "
    "convs instead of the 7x7 (ResNet-C/S/T: 32-32-64, 64-64-128, 24-32-64).",
    "sb.shortcut": "Shortcut",
    "sb.shortcut_help": "A: zero-pad where the shape changes (no parameters). "
    "B: 1x1 projection there. C: projection on every block. D: 2x2 average pool, "
    "then a stride-1 1x1 projection where the shape changes (ResNet-D).",
    "sb.stride_on": "Bottleneck stride on",
    "sb.stride_on_help": "3x3: torchvision (v1.5). 1x1: the original paper.",
    "sb.order": "Block order",
    "sb.order_help": "post: conv → BN → ReLU, a ReLU after the add (He et al. 2015). "
    "pre: BN → ReLU → conv, nothing after the add, a final BN-ReLU (pre-activation, "
    "He et al. 2016).",
    "sb.width_factor": "Width factor k",
    "sb.width_factor_help": "Wide ResNet's k: every stage's width × k, the stem "
    "unchanged (WRN-28-10 has k = 10).",
    "sb.plain": "Plain (no shortcuts)",
    "sb.classes": "Classes",
    "sb.device_batch": "Device and batch",
    "sb.device": "Device",
    "sb.device_help": "meta: shapes only, no memory (fastest). cpu/cuda run a real "
    "forward pass.",
    "sb.batch": "Batch",
    "sb.link_ignored": "Link ignored in part — {detail}",
    "sb.showing": "Showing **{label}**. The address bar holds this view: share it.",
    "sb.fix_above": "Fix the setting named above to see this view.",
    "sb.tracing": "Tracing {label} on {device}…",
    "sb.drawing": "Drawing…",
    "sb.queued": " (waiting: {n} ahead in the queue)",
    # --- overview ----------------------------------------------------------------
    "ov.params": "Parameters",
    "ov.macs": "MACs",
    "ov.macs_help": "{n} multiply-accumulates of conv and linear layers",
    "ov.flops": "FLOPs (2 × MACs)",
    "ov.last_map": "Last feature map",
    "ov.output": "Output",
    "ov.stage_by_stage": "The tensor, stage by stage",
    "ov.volumes_caption": "Each box is the tensor after a stage: height and width "
    "are the map's size, depth its channels (square-root scale so 2048 channels and "
    "3 fit together). Arcs are the shortcuts. Drag to rotate; hover for shapes and "
    "costs.",
    "ov.table1": "Table 1, generated",
    "ov.table1_caption": "The layout table of He et al. (2016), built from the "
    "traced layers.",
    "ov.graph": "Block graph",
    "ov.graph_caption": "Stages collapsed; open the Block graph page to expand them.",
    "ov.costs": "Where the parameters and MACs go",
    # --- narrative (overview sentences) ---------------------------------------------
    "nar.stem": "The stem turns the {inp} input into a {out} volume with {ops}.",
    "nar.stem_conv": "a {kernel} stride-{stride} conv",
    "nar.stem_pool": "a {kernel} stride-{stride} max-pool",
    "nar.and": " and ",
    "nar.list_sep": ", ",
    "nar.no_stem": "There is no stem: the first stage sees the {inp} input itself.",
    "nar.stages_one": "{n} stage of {blocks} {block} blocks follow: {flow}.",
    "nar.stages_many": "{n} stages of {blocks} {block} blocks follow: {flow}.",
    "blk.basic": "basic",
    "blk.bottleneck": "bottleneck",
    "blk.vgg": "vgg",
    "nar.plain": "This is a plain net: no block has a shortcut.",
    "nar.shortcuts": "Shortcuts: {listed}.",
    "nar.sc_projection": "{n} projection (1×1 conv + BN)",
    "nar.sc_zero_pad": "{n} zero-pad (no parameters)",
    "nar.sc_projection_preact": "{n} projection (1×1 conv, no BN)",
    "nar.sc_avg_projection": "{n} avg-down (2×2 average pool, then 1×1 conv + BN)",
    "nar.sc_avg_projection_preact": "{n} avg-down (2×2 average pool, then 1×1 conv)",
    "nar.sc_identity": "{n} identity",
    "nar.tiny": "From {stage} on the map is 1×1: the input is small for this stem, "
    "so those 3×3 convs see mostly padding.",
    "nar.vgg_head": "The head flattens a {inp}-vector and {n} fc layers map it to "
    "{classes} classes.",
    "nar.gap_head": "Global average pooling leaves a {f}-vector and the fc layer "
    "maps it to {classes} classes.",
    # --- 3D volumes ----------------------------------------------------------------
    "vol.title": "3D volumes",
    "vol.caption": "A convolution network is a pipeline of 3D tensors. Here each "
    "box's height and width follow the feature map and its depth the channels; watch "
    "the maps shrink while the channels grow.",
    "vol.boxes": "Boxes",
    "vol.after_stage": "after every stage",
    "vol.after_layer": "after every layer",
    "vol.scale": "Scale",
    "vol.scale_help": "Square-root and log keep 3 and 2048 channels both visible.",
    "vol.arcs": "Show shortcuts",
    "vol.expand": "Unfold repeated blocks",
    "vol.expand_help": "Deep nets draw each stage's identical blocks once, marked ×N. "
    "Unfolding draws every block, up to {limit} boxes.",
    "vol.folded": "Repeated blocks folded: {shown} of {full} boxes drawn; ×N marks a "
    "block that stands for N identical ones.",
    "vol.folded_limit": "Repeated blocks folded: {shown} of {full} boxes drawn (over "
    "{limit} boxes a view stays folded); ×N marks a block that stands for N identical "
    "ones.",
    "vol.block_times": " — drawn once for {n} identical blocks",
    "vol.take_apart": "Take one block apart",
    "vol.block": "Block",
    "vol.block_option": "{path} (stage {stage}, block {n})",
    "vol.op": "op {n}: {kernel} conv, stride {stride}{groups} → {out}",
    "vol.op_groups": ", {g} groups",
    "vol.main_path": "**Main path** {inp} → {ops}.",
    "vol.sc_projection": "**Shortcut**: 1×1 conv, stride {stride}, + BN → {out} — "
    "it must project because the main path changed the shape.",
    "vol.sc_zero_pad": "**Shortcut**: take every {stride}th pixel and pad the "
    "missing channels with zeros → {out} (option A: no parameters).",
    "vol.sc_identity": "**Shortcut**: identity — the input already has the output's "
    "shape.",
    "vol.sc_none": "**No shortcut**: a plain block; nothing is added.",
    "vol.sc_projection_preact": "**Shortcut**: 1×1 conv, stride {stride}, on the "
    "block's BN-ReLU output, no BN after it → {out} — it must project because the "
    "main path changed the shape.",
    "vol.sc_avg": "**Shortcut** (ResNet-D): 2×2 average pool, stride {stride} → "
    "{pooled}, then a stride-1 1×1 conv → {out}: every input pixel reaches the "
    "projection, where a stride-2 1×1 reads one in four.",
    "vol.preact": "**Pre-activation** (He et al. 2016): BN and ReLU run before each "
    "conv, and nothing follows the add, so the identity path is clean.",
    # --- block graph -----------------------------------------------------------------
    "gr.title": "Block graph",
    "gr.caption": "Stages are collapsed to one node with their block pattern (× the "
    "number of blocks). Expand a stage to see its blocks: solid grey arcs are "
    "identity shortcuts, dashed arcs are 1×1 projections (they have weights), dotted "
    "arcs zero-pad. Every edge carries the shape of the tensor on it.",
    "gr.expand": "Expand stages",
    "gr.expand_none": "none: every stage collapsed",
    "gr.detail": "Expanded stages show",
    "gr.zoom": "Zoom",
    "gr.fit": "Fit",
    "gr.zoom_in": "Zoom in",
    "gr.zoom_out": "Zoom out",
    "gr.dot": "Download DOT",
    "gr.svg": "Download SVG",
    "gr.no_dot": "SVG download needs Graphviz's `dot` on the server (see "
    "packages.txt).",
    "gr.dot_failed": "No SVG download: Graphviz could not lay out this graph (too "
    "large, or it crashed), so the browser draws it.",
    "gr.folded": "Repeated blocks folded: {shown} of {full} nodes drawn (the limit is "
    "{limit}); a ×N node stands for N identical blocks.",
    "gr.refused": "Too large to expand: {full} nodes, over the limit of {limit} even "
    "with repeated blocks folded, so every stage stays collapsed.",
    # --- tables ----------------------------------------------------------------------
    "tb.title": "Tables",
    "tb.json": "Download the whole trace (JSON, the CLI's schema)",
    "tb.tab_table1": "Table 1",
    "tb.tab_layer": "Per layer",
    "tb.tab_stage": "Per stage",
    "tb.tab_block": "Per block",
    "tb.table1_caption": "He et al.'s Table 1 for this configuration: each stage's "
    "output size and its block in bracket notation, [kernel, channels; …] × blocks.",
    "tb.paper_show": "Show the paper's FLOPs row beside ours",
    "tb.paper_caption": "He et al. (2016) print each “FLOPs” figure to one decimal, "
    "and it is our MACs (multiply-adds of the conv and fc layers) with the 50-, 101- "
    "and 152-layer nets striding on the first 1×1 of a block, as their conv3_1, "
    "conv4_1 and conv5_1 do. No single rounding gives all five: 1.814, 3.664 and 3.858 "
    "are cut down to 1.8, 3.6 and 3.8 (to the nearest would be 3.7 and 3.9), while "
    "7.570 and 11.282 go up to the nearest, 7.6 and 11.3 (cut down would be 7.5 and "
    "11.2). What holds for all five: each printed figure is one of the two one-decimal "
    "values either side of ours, less than 0.1×10⁹ away.",
    "tb.paper_flops": "He et al. 2016, Table 1",
    "tb.our_macs": "our MACs, the paper's layout",
    "tb.paper_how": "the printed figure",
    "tb.depth_18": "18-layer",
    "tb.depth_34": "34-layer",
    "tb.depth_50": "50-layer",
    "tb.depth_101": "101-layer",
    "tb.depth_152": "152-layer",
    "tb.paper_both": "ours rounded (down and to the nearest agree)",
    "tb.paper_down": "ours cut down (not to the nearest)",
    "tb.paper_nearest": "ours rounded to the nearest (not down)",
    "tb.paper_neither": "neither ours cut down nor rounded",
    "tb.paper_on_1x1": "; stride on the first 1×1",
    "tb.paper_basic": "; basic blocks",
    "tb.layer_caption": "One row per call of a leaf module, in execution order. The "
    "formula column is PyTorch's output-size rule ⌊(in + 2·padding − kernel)/stride⌋ "
    "+ 1 with this layer's numbers. Shapes are H×W×C, as in the paper; the JSON "
    "download keeps PyTorch's N×C×H×W.",
    "tb.stages": "Stages",
    "tb.stages_help": "Deep nets have thousands of rows: pick stages to list.",
    "tb.rows_shown": "{shown} of {total} rows; downloads hold every row.",
    "tb.page": "Page (of {pages})",
    "tb.rows_paged": "Rows {first}–{last} of the {shown} in the stages picked "
    "({total} in all), a page at a time; downloads hold every row.",
    "tb.blocks_paged": "Blocks {first}–{last} of {total}, a page at a time; "
    "downloads hold every row.",
    "tb.csv": "CSV",
    "tb.markdown": "Markdown",
    "tb.latex": "LaTeX",
    # --- costs -----------------------------------------------------------------------
    "co.title": "Costs",
    "co.caption": "Parameters are weights to store; MACs are the multiply-accumulates "
    "of one forward pass; activation memory is what the layer outputs occupy. They "
    "peak in different places: early stages have big maps (MACs, memory), late "
    "stages many channels (parameters).",
    "co.bars_per": "Bars per",
    "co.metric": "Metric",
    "co.m_macs": "MACs",
    "co.m_params": "parameters",
    "co.m_act": "activation memory",
    "co.why": "Why do tools disagree?",
    "co.why_text": "Two tools can report {macs} and {flops} for the same {name} and "
    "both be right: some count multiply-accumulates (MACs), some count the multiply "
    "and the add separately (FLOPs = 2 × MACs), and some add batch norm, ReLU, "
    "pooling or biases, each by its own rule; none of them counts the residual adds. "
    "Each row is what that tool reports for this network, computed from the trace "
    "with the rule read from the tool's source (the tests run the real tools and get "
    "the same totals), and how it differs from our MACs, term by term:",
    "co.rules": "Term by term, and how each tool counts",
    "co.rule_line": "- **{tool}**: {diff}. Rule: {rule}.",
    "co.rule_line_ours": "- **{tool}**: {rule}.",
    "cv.tool_ours": "resnet_viz MACs",
    "cv.tool_flop_counter": "torch.utils.flop_counter",
    "cv.tool_torchinfo": "torchinfo mult-adds",
    "cv.tool_fvcore": "fvcore",
    "cv.tool_ptflops_pytorch": "ptflops, pytorch backend",
    "cv.tool_ptflops_aten": "ptflops, aten backend",
    "cv.tool_thop": "thop",
    "cv.tool_calflops_macs": "calflops MACs",
    "cv.tool_calflops_flops": "calflops FLOPs",
    "cv.tool_torchvision": "torchvision's published GFLOPS",
    "cv.rule_ours": "Conv2d: output elements × in/groups × kh × kw; Linear: in × out "
    "per sample; nothing else",
    "cv.rule_flop_counter": "2 × MACs; biases, BN, ReLU, pooling and adds count 0",
    "cv.rule_torchinfo": "leaf layers: a conv (weights + bias) × N × H_out × W_out; "
    "any other layer N × its parameters (Linear: MACs + bias; BN: N × 2C, not per "
    "element); layers without parameters 0",
    "cv.rule_fvcore": "MACs without biases + BN 2 per element (1 without affine) + "
    "adaptive average pool 1 per input element; ReLU, max pool, add, mul, sigmoid 0",
    "cv.rule_ptflops_pytorch": "one image: MACs + 1 per output of a bias + BN 2 per "
    "element + ReLU twice per element (its module hook and the patched F.relu) + "
    "ReLU6 once (it calls F.hardtanh) + every pool twice per input element (hook and "
    "the patched F.max_pool2d, F.avg_pool2d, ...); Sigmoid, + and * 0",
    "cv.rule_ptflops_aten": "one image: aten convolution and addmm only, MACs + 1 per "
    "output of a bias",
    "cv.rule_thop": "MACs without biases + BN 4 per element (2 without affine) + "
    "average pools: the summed size of every window + 1 per output; ReLU, max pool, "
    "Sigmoid and modules without a rule 0",
    "cv.rule_calflops_macs": "MACs of F.conv2d and F.linear, nothing else",
    "cv.rule_calflops_flops": "2 × MACs + 1 per output of a conv bias (a Linear's "
    "bias is not counted) + BN 2 per element + F.relu 1 per element (ReLU6: 0) + "
    "every pool 1 per input element",
    "cv.rule_torchvision": "MACs of one image in units of 10⁹, rounded to 3 decimals "
    "(weights.meta['_ops'], published for 3×224×224)",
    "cv.term_mac_as_2": "MACs again (multiply and add)",
    "cv.term_conv_bias": "conv bias outputs",
    "cv.term_linear_bias": "Linear bias outputs",
    "cv.term_param_rows": "N × parameters of BN layers",
    "cv.term_bn_affine": "BN elements",
    "cv.term_bn_plain": "BN elements without affine",
    "cv.term_adaptive_in": "adaptive pool input elements",
    "cv.term_relu": "ReLU elements",
    "cv.term_relu_twice": "ReLU elements",
    "cv.term_relu6": "ReLU6 elements",
    "cv.term_pool_in": "pool input elements",
    "cv.term_pool_in_twice": "pool input elements",
    "cv.term_thop_pools": "average pool windows + outputs",
    "cv.term_rounding": "rounding to 0.001 G",
    "cv.not_published": "published only for torchvision's own models at 224×224: "
    "this is its rule applied",
    "cv.no_difference": "none",
    # --- latency ---------------------------------------------------------------------
    "la.title": "Latency per stage",
    "la.caption": "MACs predict work, not time. This runs the network for real, stage "
    "by stage, with torch.utils.benchmark (a warm-up call, then repeated timed "
    "blocks; the median is shown, and CUDA is synchronised around every "
    "measurement). Early stages often run slower per MAC: big feature maps are "
    "memory-bound.",
    "la.device": "Device",
    "la.batch": "Batch",
    "la.timing": "Timing",
    "la.timing_help": "quick: 0.1 s per stage; careful: 0.5 s per stage.",
    "la.quick": "quick",
    "la.careful": "careful",
    "la.measure": "Measure",
    "la.timing_spinner": "Timing {label} on {device}, batch {batch}…",
    "la.press": "Press **Measure** to time this network (a few seconds on a CPU).",
    "la.median": "Median time (ms)",
    "la.sum": "Sum of stage medians",
    "la.sum_help": "Stages timed one at a time; a whole forward pass may differ a "
    "little.",
    # --- compare ---------------------------------------------------------------------
    "cm.title": "Compare",
    "cm.caption": "Two to four networks side by side, each traced for real. Pick a "
    "preset or edit any column; the address bar holds the whole comparison, so a "
    "link shows the same columns to anyone. The sidebar drives the other pages, not "
    "this one.",
    "cm.preset_settings": "preset settings",
    "cm.invalid": "{mark} (invalid)",
    "cm.see_below": "see the message below",
    "cm.fix": "Fix the settings named above to see the comparison.",
    "cm.reference": "reference",
    "cm.last_map": "Last map ({stage})",
    "cm.what_changed": "What changed, and why",
    "cm.one_scale": "The tensors on one scale",
    "cm.scale": "Scale",
    "cm.scale_help": "One scale for every row, so the same box means the same size "
    "everywhere.",
    "cm.arcs": "Show shortcuts",
    "cm.rows_caption": "Each row is one column's network: a box per stage output, "
    "height and width from the map, depth from the channels. All rows share one "
    "scale and one frame, so a box can be compared by eye with the same stage in "
    "another row.",
    "cm.stage_by_stage": "Stage by stage",
    "cm.stage_caption": "Shaded cells differ from the first column; red marks a map "
    "that has shrunk to 1×1; — is a stage the network does not have. The receptive "
    "field is that of the stage's last layer, next to the image size.",
    "cm.totals": "Totals",
    "cm.layer_by_layer": "Layer by layer",
    "cm.layer_caption": "Every leaf module by path: added or removed layers, and "
    "layers whose shape, kernel, stride, groups or parameters differ.",
    "cm.from": "From",
    "cm.to": "To",
    "cm.diff_only": "Differences only",
    "cm.counts": "{added} added, {removed} removed, {changed} changed, {same} the "
    "same.",
    "cm.no_diff": "No layer differs: the two networks have the same layers.",
    "cm.diff_page": "Page (of {pages})",
    "cm.diff_paged": "Rows {first}–{last} of {total}, a page at a time: a diff this "
    "long is too big to show at once.",
    "cm.settings": "Settings",
    "cm.scenario": "Scenario",
    "cm.scenario_placeholder": "custom comparison (pick a preset to load it)",
    "cm.scenario_help": "Each preset loads its columns; edit any column afterwards.",
    "cm.columns": "Columns",
    "cm.columns_help": "Compare 2 to 4 configurations side by side.",
    "cm.input_help": "224, 32, HxW such as 64x96, or CxHxW such as 1x28x28.",
    "cm.shortcut_help": "A: zero-pad where the shape changes. B: 1x1 projection "
    "there. C: projection on every block. D: average pool, then 1x1, there.",
    "cm.layers_help": "Comma-separated, e.g. 3,4,6,3.",
    "cm.col_stage": "stage",
    "cm.col_quantity": "quantity",
    "cm.q_output": "output",
    "cm.q_params": "params",
    "cm.q_MACs": "MACs",
    "cm.q_receptive field": "receptive field",
    "cm.col_path": "path",
    "cm.col_status": "status",
    "cm.col_what": "what differs",
    "cm.col_output": "{name} output",
    "cm.col_params": "{name} params",
    "cm.st_added": "added",
    "cm.st_removed": "removed",
    "cm.st_changed": "changed",
    "cm.st_same": "same",
    "cm.ch_input shape": "input shape",
    "cm.ch_output shape": "output shape",
    "cm.col_total": "total",
    "cm.m_params": "Parameters",
    "cm.m_macs": "MACs",
    "cm.m_flops": "FLOPs (2 × MACs)",
    "cm.m_activation_bytes": "Activation memory",
    "cm.bytes": "{name} (bytes)",
    # --- scenarios ------------------------------------------------------------------
    "sc.imagenet-vs-cifar": "ImageNet vs CIFAR",
    "sc.stride-on": "Stride on 3×3 vs 1×1 (ResNet-50)",
    "sc.shortcuts": "Shortcut A vs B vs C",
    "sc.resnext-wide": "ResNet-50 vs ResNeXt-50 vs Wide ResNet-50",
    "sc.plain-vs-resnet": "Plain-34 vs ResNet-34",
    "sc.resnet-c-d": "ResNet-50 vs ResNet-50-C vs ResNet-50-D",
    "sc.v1-vs-v2": "ResNet v1 vs v2 (pre-activation)",
    "sc.preact-cifar": "ResNet-110 vs pre-act ResNet-110 vs pre-act ResNet-164",
    "sc.wide-vs-deep": "Wide vs deep: WRN-28-10, WRN-40-4, ResNet-110, pre-act "
    "ResNet-1001",
    "scn.imagenet-vs-cifar": "An ImageNet ResNet expects 224×224 photos. Its "
    "stem — a 7×7 conv with stride 2, then a 3×3 max-pool with stride 2 — "
    "divides each side by 4 before the first residual block, and the stages "
    "divide by 8 more. Give it a 32×32 CIFAR image (②) and the first stage "
    "already sees 8×8 maps; layer4 ends at 1×1, where its 3×3 convs look mostly "
    "at zero padding. The weights are the same, only the maps shrank. CIFAR "
    "versions keep the resolution instead: swap the stem for one 3×3 stride-1 "
    "conv without pooling (③), or use He et al.'s own CIFAR family — three "
    "stages of 16, 32 and 64 channels on 32×32, 16×16 and 8×8 maps (④, "
    "resnet20).",
    "scn.stride-on": "Where a downsampling bottleneck puts its stride decides "
    "what its first 1×1 conv costs. torchvision (ResNet v1.5, ①) strides on the "
    "3×3, so the 1×1 before it runs on the full map; the paper (②) strides on "
    "that first 1×1, which then produces the small map directly. Same weights, "
    "same shapes after every block — and the reason the paper quotes 3.8 G for "
    "ResNet-50 where torchvision says 4.09 G.",
    "scn.shortcuts": "He et al. tried three shortcuts where a block changes the "
    "shape. A subsamples the input and pads the new channels with zeros (no "
    "weights); B uses a 1×1 projection conv only there; C projects on every "
    "block. The main path is identical, so every difference below is shortcut "
    "weights and their MACs.",
    "scn.resnext-wide": "Three ways to spend a bottleneck's middle 3×3 conv: "
    "ResNet-50's 64 channels in one group, ResNeXt's 128 channels split into 32 "
    "groups of 4, and Wide ResNet's 128 channels in one group. The tensors "
    "between blocks are the same; only what happens inside each block changes.",
    "scn.plain-vs-resnet": "The plain net of He et al.'s Figure 3 has exactly "
    "ResNet-34's convolutions but no shortcuts. Shortcuts barely change the "
    "numbers — identity costs nothing, only the three projections have weights — "
    "yet they are what lets 34 layers train better than 18.",
    "scn.resnet-c-d": "He et al.'s “Bag of Tricks” (2019) keeps ResNet-50's stages "
    "and changes the two places where it throws information away. ResNet-C (②) "
    "replaces the 7×7 stem conv with three 3×3 convs. ResNet-D (③) also puts a 2×2 "
    "average pool in front of each downsampling shortcut: a 1×1 conv with stride 2 "
    "reads one pixel in four and ignores the other three, while the pool lets all "
    "of them in, and the 1×1 after it runs with stride 1 on the pooled map.",
    "scn.v1-vs-v2": "The same ResNet-50 with its blocks reordered (He et al. 2016, "
    "“Identity Mappings”): v1 (①) runs conv → BN → ReLU and a ReLU after each add; "
    "v2 (②) runs BN → ReLU → conv and nothing after the add, so the shortcut "
    "carries x from block to block untouched, with one final BN-ReLU before the "
    "pool.",
    "scn.preact-cifar": "He et al.'s CIFAR nets before and after “Identity "
    "Mappings”: ② is ① with only the order inside each block changed; ③ goes deeper "
    "with bottleneck blocks (164 layers) on about the same number of parameters.",
    "scn.wide-vs-deep": "Zagoruyko & Komodakis (2016) widen a pre-activation CIFAR "
    "net instead of deepening it: WRN-d-k has stages of 16k, 32k and 64k channels. "
    "WRN-28-10 (②) is far larger than ResNet-110 (①); WRN-40-4 (③) and ResNet-1001 "
    "(④) are the paper's pair of similar size, one wide and shallow, one thin and "
    "deep.",
    # --- compare sentences (resnet_viz.compare.compare_sentences) --------------------
    "cs.same": "same",
    "cs.sep": ", ",
    "cs.and": " and ",
    "cs.semi": "; ",
    "cs.stem_none": "{label}: {image} input.",
    "cs.op_conv": "{k} stride-{s} conv",
    "cs.op_pool": "{k} stride-{s} max-pool",
    "cs.stem_what": "{name} stem ({ops})",
    "cs.stem_plain": "stem",
    "cs.stem_leaves": "{label}: with {image} input the {what} leaves {left}",
    "cs.after_pool": " after the max-pool",
    "cs.factor": ", a factor of {factor} at once",
    "cs.full_res": ", the full resolution",
    "cs.tiny": "; {stage} works on 1×1 maps",
    "cs.tiny_after": " (and so does everything after it, {n} stages in all)",
    "cs.tiny_end": ", where a 3×3 conv sees mostly zero padding.",
    "cs.last_stage": "; the last stage, {stage}, ends at {shape}.",
    "cs.params_same": "has exactly the same {n} parameters as {la}",
    "cs.params_input_only": " (the input size changes the maps, not the weights)",
    "cs.params_times_more": "has {r} times more parameters than {la} ({b} vs {a})",
    "cs.params_times_fewer": "has {r} times fewer parameters than {la} ({b} vs {a})",
    "cs.params_pct_more": "has {pct} more parameters than {la} ({b} vs {a})",
    "cs.params_pct_fewer": "has {pct} fewer parameters than {la} ({b} vs {a})",
    "cs.params_where": ", all of the difference in the {where}",
    "cs.macs_same": "the same MACs",
    "cs.macs_times_more": "{r} times more MACs ({b} vs {a})",
    "cs.macs_times_fewer": "{r} times fewer MACs ({b} vs {a})",
    "cs.macs_pct_more": "{pct} more MACs ({b} vs {a})",
    "cs.macs_pct_fewer": "{pct} fewer MACs ({b} vs {a})",
    "cs.cost": "{params}, and needs {macs}",
    "cs.no_shortcut": "no shortcut in any of its {n} blocks",
    "cs.kind_part": "{n} {kind}",
    "cs.sc_identity": "identity",
    "cs.sc_projection": "projection",
    "cs.sc_zero_pad": "zero-pad",
    "cs.shortcuts": "{parts} shortcuts",
    "cs.place_3x3": "3×3 conv",
    "cs.place_1x1": "first 1×1 conv",
    "cs.stride_moved_fewer": "{lb} puts the stride of each downsampling bottleneck "
    "on the {pb} instead of the {pa}: same parameters, same stage shapes, {n} fewer "
    "MACs ({a} vs {b})",
    "cs.stride_moved_more": "{lb} puts the stride of each downsampling bottleneck "
    "on the {pb} instead of the {pa}: same parameters, same stage shapes, {n} more "
    "MACs ({a} vs {b})",
    "cs.stride_only": "{moved}. Only {paths} change cost: a 1×1 conv that strides "
    "runs on the small output map, while the 3×3 conv's output has the same size "
    "either way.",
    "cs.sc_text_more": "{lb} has {kb} where {la} has {ka}: {n} more parameters",
    "cs.sc_text_fewer": "{lb} has {kb} where {la} has {ka}: {n} fewer parameters",
    "cs.sc_exact": " — exactly the weights of the 1×1 projection convs and their BN",
    "cs.sc_macs_more": ", and {n} more MACs.",
    "cs.sc_macs_fewer": ", and {n} fewer MACs.",
    "cs.sc_avg_projection": "avg-down",
    "cs.fam_stem": "{lb}'s stem runs {nb} conv(s) ({kb}) where {la}'s runs {na} "
    "({ka}): {mb} MACs against {ma}, {pb} parameters against {pa}.",
    "cs.fam_avg": "{lx} average-pools (2×2, stride 2) in front of the 1×1 of its {n} "
    "downsampling shortcut(s), so each projection reads all {hin} positions of its "
    "input, where a 1×1 with stride 2 samples {hout} of them (one in four); the "
    "pools add no parameters and no MACs, {ops} elementwise operations.",
    "cs.fam_order": "{lx} is pre-activation: each of its {n} blocks runs BN → ReLU "
    "before every conv and ends on the add with nothing after it, and one final BN + "
    "ReLU over {c} channels runs before the pool; {ly} runs conv → BN with a ReLU "
    "after every add.",
    "cs.fam_width": "{lx} has stages of {wx} channels in {dx} blocks; {ly} has {wy} "
    "channels in {dy} blocks.",
    "cs.fam_wide_shallow": " Wide and shallow against thin and deep.",
    "cs.field_change": "{f} {x} → {y}",
    "cs.middle": "{lb} changes only the bottleneck's middle 3×3 conv ({changed})",
    "cs.middle_detail": ": in {path} it is {ca} → {cb} channels wide, in {ga} → {gb} "
    "groups",
    "cs.middle_end": "; the stage outputs keep their shapes.",
    "cs.same_shapes_2": "Both configurations produce the same stage shapes ({flow}); "
    "they differ only inside the blocks.",
    "cs.same_shapes_n": "All {n} configurations produce the same stage shapes "
    "({flow}); they differ only inside the blocks.",
    "cs.special_cost": "{text} It {cost}.",
    "cs.diff_item": "{f} ({x} → {y})",
    "cs.differs": "{lb} differs from {la} in {listed}; it {cost}.",
    "cs.same_network": "{lb} is the same network as {la} at the same input.",
    "cs.end_part": "{label} {shape}",
    "cs.end_stage": " ({stage})",
    "cs.ends_at": "The last stage ends at: {parts}.",
    "cs.lacking_one": " {who} has no {stage}: the table shows it as {missing}.",
    "cs.lacking_many": " {who} have no {stage}: the table shows it as {missing}.",
    # --- walkthrough page -------------------------------------------------------------
    "wp.title": "Walkthrough",
    "wp.caption": "Follow one tensor through {label}, one operation at a time.",
    "wp.prev": "Previous",
    "wp.next": "Next",
    "wp.next_stage": "Next stage",
    "wp.step": "Step",
    "wp.jump": "Jump to a stage",
    "wp.present": "Presentation mode",
    "wp.present_help": "Large type and the controls folded away, for a projector.",
    "wp.controls": "Lesson controls",
    "wp.practice": "Predict the shape",
    "wp.practice_help": "Hide each step's output until you have guessed it.",
    "wp.step_of": "Step {n} of {total}",
    "wp.in_shape": "Input",
    "wp.out_shape": "Output",
    "wp.hidden": "?",
    "wp.hyper": "Hyper-parameters",
    "wp.no_hyper": "No hyper-parameters: this step has no kernel or stride.",
    "wp.arith": "Output size",
    "wp.params_step": "Parameters of this step",
    "wp.total_params": "Parameters so far",
    "wp.total_macs": "MACs so far",
    "wp.layers": "Layers in this step: {paths}",
    "wp.before": "before",
    "wp.after": "after (this step)",
    "wp.fig_title": "{stage}: {inp} → {out}",
    "wp.guess": "Your prediction (H×W×C)",
    "wp.guess_placeholder": "e.g. 56×56×64",
    "wp.check": "Check",
    "wp.reveal": "Reveal",
    "wp.right": "Right: {shape}.",
    "wp.wrong": "Not quite — you said {answer}. Hint: {hint}",
    "wp.hint_none": "the output size rule ⌊(in + 2·padding − kernel)/stride⌋ + 1, "
    "and the number of channels the layer writes.",
    "wp.not_numeric": "Type the shape as numbers, for example 56×56×64 (height × "
    "width × channels), or a single number for a vector.",
    "wp.score": "Score: {right} right out of {tried}",
    "wp.bad_step": "Step “{raw}” is not a number: the lesson starts at step 1.",
    # --- hyper-parameter labels -------------------------------------------------------
    "hp.kernel": "kernel",
    "hp.stride": "stride",
    "hp.padding": "padding",
    "hp.groups": "groups",
    "hp.channels": "channels",
    # --- walkthrough steps: titles ---------------------------------------------------
    "wt.title.input": "The input image",
    "wt.title.conv": "{path}: {kernel} convolution, stride {stride}",
    "wt.title.block_op": "{block}, operation {op}: {kernel} conv, stride {stride}",
    "wt.title.block_op_preact": "{block}, operation {op}: BN → ReLU → {kernel} conv, "
    "stride {stride}",
    "wt.title.shortcut_avg": "{block}: the shortcut, average pool then 1×1 (ResNet-D)",
    "wt.title.add_preact": "{block}: add the shortcut, and nothing after it",
    "wt.title.bn": "{path}: batch normalisation",
    "wt.title.relu": "{path}: ReLU",
    "wt.title.maxpool": "{path}: {kernel} max-pool, stride {stride}",
    "wt.title.avgpool_k": "{path}: {kernel} average pool, stride {stride}",
    "wt.title.avgpool": "{path}: global average pool",
    "wt.title.fc": "{path}: fully connected layer",
    "wt.title.se": "{block}: squeeze-and-excitation",
    "wt.title.shortcut_proj": "{block}: the shortcut, a 1×1 projection",
    "wt.title.shortcut_zero": "{block}: the shortcut, zero-padded (option A)",
    "wt.title.add": "{block}: add the shortcut, then ReLU",
    "wt.title.add_identity": "{block}: identity shortcut, add, then ReLU",
    "wt.title.repeat": "{stage}: blocks {first}–{last} repeat the pattern",
    "wt.title.repeat_one": "{stage}: block {first} repeats the pattern",
    "wt.title.generic": "{path}: {kind}",
    # --- walkthrough steps: explanations --------------------------------------------
    "wt.explain.input": "The image enters as a {shape} tensor: a {hw} grid of pixels "
    "with {c} numbers each (one per colour channel).",
    "wt.explain.conv": "A {kernel} kernel slides over the map with stride {stride} "
    "and {padding} pixel(s) of zero padding; each of the {cout} filters looks at all "
    "{cin} input channels and writes one output channel.",
    "wt.explain.shrink": "With stride {stride} the kernel jumps {stride} pixels at "
    "a time, so the map shrinks from {hin} to {hout}.",
    "wt.explain.same_size": "Padding {padding} with stride 1 keeps the map at {hw}.",
    "wt.explain.conv1x1_reduce": "A 1×1 conv looks at one pixel at a time and only "
    "mixes channels: here it narrows {cin} channels to {cout}, so the 3×3 conv after "
    "it costs less.",
    "wt.explain.conv1x1_expand": "A 1×1 conv looks at one pixel at a time and only "
    "mixes channels: here it widens {cin} channels to {cout}.",
    "wt.explain.groups": "The channels are split into {groups} groups of {per}; each "
    "filter sees only its own group, which is ResNeXt's way of doing more with fewer "
    "weights.",
    "wt.explain.then_bn_relu": "Batch norm and ReLU follow; neither changes the shape.",
    "wt.explain.then_bn": "Batch norm follows; it does not change the shape.",
    "wt.explain.then_relu": "A ReLU follows; it does not change the shape.",
    "wt.explain.bn": "Batch norm rescales each of the {c} channels to zero mean and "
    "unit variance, then applies a learned scale and shift ({params} parameters). It "
    "works value by value, so the shape stays {shape}.",
    "wt.explain.relu": "ReLU replaces every negative value with 0 and keeps the "
    "rest: max(0, x). No parameters, and the shape stays {shape}.",
    "wt.explain.maxpool": "Each output keeps the largest value of a {kernel} window "
    "that moves by {stride}: the map shrinks from {hin} to {hout}, the {c} channels "
    "stay, and there are no parameters.",
    "wt.explain.avgpool_k": "Each output is the mean of a {kernel} window that moves "
    "by {stride}: the map shrinks from {hin} to {hout}; the {c} channels stay.",
    "wt.explain.avgpool": "Global average pooling turns each of the {c} maps of {hw} "
    "values into its mean ({hout} per channel), whatever the input size was.",
    "wt.explain.avgpool_fixed": "Adaptive average pooling resizes each of the {c} "
    "maps from {hw} to {hout}, whatever the input size was, so the layers after it "
    "always get the same shape.",
    "wt.explain.fc": "The fully connected layer multiplies the {fin}-vector by a "
    "{fout}×{fin} weight matrix and adds a bias ({params} parameters): {fout} "
    "numbers come out, one score per class.",
    "wt.explain.stage_start": "This is the first block of {stage}: it takes the "
    "{inp} tensor to {out}.",
    "wt.explain.se": "Squeeze-and-excitation averages each of the {c} channels to "
    "one number, squeezes them to {r} and back with two 1×1 convs, and scales every "
    "channel by a sigmoid gate. The shape comes back unchanged: {shape}.",
    "wt.explain.shortcut_proj": "The main path changed the shape ({inp} → {out}), "
    "so the input cannot be added as it is: a 1×1 conv with stride {stride}, then "
    "batch norm, projects it to {out}. That costs {params} parameters.",
    "wt.explain.shortcut_proj_same": "Option C puts a 1×1 projection (stride "
    "{stride}, then batch norm) on this shortcut although the shape stays {out}. "
    "That costs {params} parameters.",
    "wt.explain.preact_op": "Pre-activation (He et al. 2016, “Identity Mappings”): "
    "batch norm and ReLU run first, on the {shape} tensor, and the conv works on "
    "their output.",
    "wt.explain.shortcut_avg": "ResNet-D (He et al. 2019): a 2×2 average pool with "
    "stride {stride} takes {inp} to {pooled}, so every input pixel counts, then a "
    "stride-1 1×1 conv maps it to {out} ({params} parameters). A 1×1 conv with "
    "stride 2 would read only one pixel in four.",
    "wt.explain.shortcut_preact": "In a pre-activation block this projection reads "
    "the block's BN-ReLU output and has no batch norm of its own.",
    "wt.explain.shortcut_proj_preact": "The main path changed the shape ({inp} → "
    "{out}): a 1×1 conv with stride {stride} projects the block's BN-ReLU output to "
    "{out}, with no batch norm after it (pre-activation, as in He et al. 2016 and "
    "Zagoruyko & Komodakis 2016). That costs {params} parameters.",
    "wt.explain.add_preact": "The main path F(x) and the shortcut, both {shape}, are "
    "added, and nothing follows: no ReLU, so the next block receives x + F(x) "
    "unchanged and the identity path runs clean from block to block (He et al. "
    "2016, “Identity Mappings”).",
    "wt.explain.deep_stem": "A deep stem (ResNet-C, He et al. 2019): three 3×3 convs "
    "replace the single 7×7; stacked, they see the same 7×7 window, with BN and ReLU "
    "between them. This is the first, with stride 2.",
    "wt.explain.final_bn": "The last pre-activation block ended on its add, so one "
    "final BN + ReLU prepares the features before the pool (He et al. 2016).",
    "wt.explain.shortcut_zero": "Option A: sample the input with stride {stride} "
    "and fill the {extra} missing channels with zeros, {inp} → {out}, with no "
    "parameters at all.",
    "wt.explain.add": "The main path F(x) and the shortcut, both {shape}, are added "
    "element by element, and ReLU follows. The sum gives the gradient a direct path "
    "back through the block.",
    "wt.explain.add_identity": "The shortcut is the identity: the block's input "
    "already has the shape {shape} of the main path F(x), so it is added unchanged "
    "and ReLU follows. No parameters.",
    "wt.explain.repeat": "Blocks {first}–{last} of {stage} ({n} of them) repeat the "
    "same pattern with identity shortcuts: the shape goes in as {inp} and comes out "
    "as {out}. Together they hold {params} parameters and {macs} MACs. Press “Next "
    "stage” to skip them.",
    "wt.explain.repeat_proj": "Blocks {first}–{last} of {stage} ({n} of them) "
    "repeat the same pattern, each with a 1×1 projection shortcut (option C): the "
    "shape goes in as {inp} and comes out as {out}. Together they hold {params} "
    "parameters and {macs} MACs. Press “Next stage” to skip them.",
    "wt.explain.repeat_plain": "Blocks {first}–{last} of {stage} ({n} of them) "
    "repeat the same layers without shortcuts: the shape goes in as {inp} and comes "
    "out as {out}. Together they hold {params} parameters and {macs} MACs. Press "
    "“Next stage” to skip them.",
    "wt.explain.generic": "A {kind} layer turns the {inp} tensor into {out}.",
    # --- navigation (app.py) -----------------------------------------------------
    "nav.overview": "Overview",
    "nav.volumes": "3D volumes",
    "nav.graph": "Block graph",
    "nav.tables": "Tables",
    "nav.costs": "Costs",
    "nav.compare": "Compare",
    "nav.zoo": "Block zoo",
    "nav.gradients": "Gradient flow",
    "nav.latency": "Latency",
    "nav.walkthrough": "Walkthrough",
    # --- block zoo ---------------------------------------------------------------
    "zoo.title": "Block zoo",
    "zoo.caption": "Each block of the source material as a real PyTorch module, "
    "traced alone with the same hooks as the whole networks: pick a block, an input "
    "volume and its settings. Edges and boxes show tensors as H×W×C.",
    "zoo.block": "Block",
    "zoo.input": "Input volume (C×H×W)",
    "zoo.same_as_input": "same as input",
    "zoo.follows": "Follows {source}.",
    "zoo.output": "Output (H×W×C)",
    "zoo.params": "Parameters",
    "zoo.macs": "MACs",
    "zoo.act": "Activation memory",
    "zoo.act_help": "Every layer's output at batch 1, float32, as for the networks.",
    "zoo.tab_graph": "Branch graph",
    "zoo.tab_volumes": "3D volumes",
    "zoo.tab_branches": "Branches",
    "zoo.forms": "ResNeXt: three forms, one function",
    "zoo.forms_caption": "Xie et al. (2017, Fig. 3) draw the ResNeXt block three "
    "ways: C separate paths summed (split-transform-merge), the paths' 3×3 outputs "
    "concatenated before one 1×1 (early concatenation), and one grouped 3×3. Below, "
    "all three are built on this input, the grouped block's weights (with random BN "
    "statistics) are copied into the other two, and one random input (seed 0) runs "
    "through each on the CPU.",
    "zoo.groups": "groups (C)",
    "zoo.reduction": "reduction",
    "zoo.running": "Running the three forms on the CPU…",
    "zoo.col_form": "form",
    "zoo.col_params": "params",
    "zoo.col_macs": "MACs",
    "zoo.col_act": "activation memory",
    "zoo.col_diff": "max |output − grouped output|",
    "zoo.equal": "equal",
    "zoo.not_equal": "NOT equal",
    "zoo.forms_result": "{groups} paths of width {width}: the parameter counts are "
    "{same} ({params}), and the outputs agree to {worst} (float32 rounding). Only "
    "the memory differs: the split form keeps every path's full-width output.",
    "zoo.every": "Every block on {input}",
    "zoo.every_caption": "Each block at its default settings for this input.",
    "zoo.col_block": "block",
    "zoo.col_output": "output",
    "zoo.col_error": "error",
    "zoo.p_bn_size": "bn_size",
    "zoo.p_depth": "depth",
    "zoo.p_expansion": "expansion",
    "zoo.p_filters": "filters",
    "zoo.p_form": "form",
    "zoo.p_groups": "groups",
    "zoo.p_growth_rate": "growth_rate",
    "zoo.p_input2": "input2",
    "zoo.p_planes": "planes",
    "zoo.p_reduction": "reduction",
    "zoo.p_se_ratio": "se_ratio",
    "zoo.p_se_rounding": "se_rounding",
    "zoo.p_shortcut": "shortcut",
    "zoo.p_order": "order",
    "zoo.p_stride": "stride",
    "zoo.p_stride_on": "stride_on",
    "zoo.p_width_per_group": "width_per_group",
    "zoo.h_basic.planes": "channels of both 3x3 convs",
    "zoo.h_basic.stride": "stride of the block (1 or 2)",
    "zoo.h_basic.shortcut": "A: zero-pad, B: project only where the shape changes, C: "
    "always project, D: average pool then 1x1 where the shape changes",
    "zoo.h_basic.se_ratio": "squeeze-and-excitation ratio, 0 = none",
    "zoo.h_basic.order": "post: conv-BN-ReLU, ReLU after the add; pre: BN-ReLU-conv, "
    "nothing after it",
    "zoo.h_basic.se_rounding": "SE squeeze width: timm (nearest multiple of 8, "
    "at least 8) or paper (channels x ratio, rounded)",
    "zoo.h_bottleneck.planes": "inner width; out = 4x",
    "zoo.h_bottleneck.stride": "stride of the block (1 or 2)",
    "zoo.h_bottleneck.groups": "groups of the 3x3 conv",
    "zoo.h_bottleneck.width_per_group": "64 = ResNet, 4 x 32 = ResNeXt",
    "zoo.h_bottleneck.stride_on": "3x3 (torchvision) or 1x1 (the paper)",
    "zoo.h_bottleneck.shortcut": "A: zero-pad, B: project only where the shape "
    "changes, C: always project, D: average pool then 1x1 where the shape changes",
    "zoo.h_bottleneck.se_ratio": "squeeze-and-excitation ratio, 0 = none",
    "zoo.h_bottleneck.order": "post: conv-BN-ReLU, ReLU after the add; pre: "
    "BN-ReLU-conv, nothing after it",
    "zoo.h_bottleneck.se_rounding": "SE squeeze width: timm (nearest multiple of 8, "
    "at least 8) or paper (channels x ratio, rounded)",
    "zoo.h_plain_bottleneck.filters": "output channels (the seed's f)",
    "zoo.h_plain_bottleneck.reduction": "1x1 reduces to filters / reduction channels",
    "zoo.h_naive_inception.filters": "channels per conv",
    "zoo.h_inception.filters": "channels per branch",
    "zoo.h_inception.reduction": "the 1x1s before the 3x3 and 5x5 keep filters / "
    "reduction",
    "zoo.h_residual_bottleneck.reduction": "inner width = channels / reduction (a "
    "power of two)",
    "zoo.h_resnext.groups": "paths, the paper's cardinality C",
    "zoo.h_resnext.reduction": "width of each path = channels / (groups x reduction)",
    "zoo.h_resnext.form": "split (C paths), concat (early concatenation), grouped (one "
    "conv)",
    "zoo.h_dense.growth_rate": "channels each layer adds (k)",
    "zoo.h_dense.depth": "number of layers",
    "zoo.h_dense.bn_size": "1x1 bottleneck = bn_size x k; 0 = none",
    "zoo.h_se.se_ratio": "squeeze width / channels (1/r)",
    "zoo.h_se.se_rounding": "SE squeeze width: timm (nearest multiple of 8, "
    "at least 8) or paper (channels x ratio, rounded)",
    "zoo.h_nasnet_normal.filters": "channels of every op",
    "zoo.h_nasnet_normal.input2": "h[i-1], the cell before the previous one: CxHxW, "
    "same HxW",
    "zoo.h_inverted_residual.filters": "output channels (the seed's f)",
    "zoo.h_inverted_residual.expansion": "hidden = expansion x input",
    "zoo.h_inverted_residual.stride": "stride of the block (1 or 2)",
    "zoo.form_split": "split",
    "zoo.form_concat": "concat",
    "zoo.form_grouped": "grouped",
    "zoo.b_branch": "branch",
    "zoo.b_reads": "reads",
    "zoo.b_output": "output",
    "zoo.b_layers": "layers",
    "zoo.b_params": "params",
    "zoo.b_MACs": "MACs",
    "zoo.b_activation_bytes": "activation_bytes",
    "zoo.b_total": "total",
    "zoo.k_basic": "ResNet basic block",
    "zoo.k_bottleneck": "ResNet bottleneck",
    "zoo.k_plain_bottleneck": "Bottleneck (no shortcut)",
    "zoo.k_naive_inception": "Inception module, naive",
    "zoo.k_inception": "Inception module with 1x1 reductions",
    "zoo.k_residual_bottleneck": "Residual bottleneck",
    "zoo.k_resnext": "ResNeXt block",
    "zoo.k_dense": "Dense block",
    "zoo.k_se": "Squeeze-and-excitation",
    "zoo.k_nasnet_normal": "NASNet-A normal cell",
    "zoo.k_inverted_residual": "Inverted residual (MobileNetV2)",
    # --- gradient flow -----------------------------------------------------------
    "gd.title": "Why shortcuts matter, measured",
    "gd.caption": "One random batch (standard-normal pixels, random labels) goes "
    "forward and backward through a freshly initialised plain net and its residual "
    "twin on the CPU. Both start from the same weights: the plain net copies every "
    "tensor the two share. BN runs in training mode, as in the first step of "
    "training. The chart shows ‖∂loss/∂W‖ for every main-path conv.",
    "gd.residual": "Residual net",
    "gd.twin": "Beside it",
    "gd.twin_plain": "its plain twin",
    "gd.twin_preact": "its pre-activation twin",
    "gd.preact_note": "Beside its pre-activation twin the net shares no weights (its "
    "BN layers sit elsewhere and have other widths): both are built from the same "
    "seed and see the same batch.",
    "gd.twin_help": "Plain: the same convs without shortcuts. Pre-activation: the same "
    "net with BN → ReLU before each conv and nothing after the add (He et al. 2016).",
    "gd.input": "Input (H = W)",
    "gd.input_help": "ImageNet nets default to 64×64 to keep the CPU cost modest.",
    "gd.batch": "Batch",
    "gd.seed": "Seed",
    "gd.running": "Back-propagating through {plain} and {residual}…",
    "gd.pair": "Drawn: {first} beside {second}, the sidebar's {arch}.",
    "gd.pair_own": "Drawn: {first} beside {second}, chosen here.",
    "gd.no_pair": "The sidebar's {arch} has no {kind} here, so the page draws the pair "
    "chosen above.",
    "gd.measured": "Measured on this batch: {first} {spread}",
    "gd.first": "The stem conv of {plain} gets a gradient norm of {plain_first}, "
    "{ratio}× that of {residual} ({residual_first}); at the last conv the ratio is "
    "{last}.",
    "gd.spread": "Over depth, the largest main-path norm is {plain_spread}× the "
    "smallest in {plain} and {residual_spread}× in {residual}.",
    "gd.reading": "He et al. (2016, Sec. 4.1) trained their plain nets with BN, "
    "checked that the backward gradients have healthy norms, and put the plain nets' "
    "higher training error down to harder optimisation rather than vanishing "
    "gradients. This view measures one step at initialisation only: how the gradient "
    "is spread over depth, not how training goes from there.",
    "gd.col_net": "net",
    "gd.col_convs": "convs",
    "gd.col_first": "first conv ‖∂L/∂W‖",
    "gd.col_last": "last conv ‖∂L/∂W‖",
    "gd.col_loss": "loss",
    "gd.col_time": "forward + backward (s)",
    "gd.footer": "Batch {n} of {c}×{h}×{w}, seed {seed}, CPU. Times are for the "
    "forward and backward pass only, measured when this combination was first "
    "computed.",
    # --- figures: stage and shortcut words, 3D volumes (figures/volumes.py) -----------
    "stage.input": "input",
    "stage.output": "output",
    "stage.stem": "stem",
    "stage.head": "head",
    "stage.total": "total",
    "sc.identity": "identity",
    "sc.projection": "projection",
    "sc.zero_pad": "zero-pad",
    "sc.avg_projection": "avg-down",
    "sc.none": "none",
    "vf.conv": "{kernel} conv, stride {stride}",
    "vf.conv_groups": ", {g} groups",
    "vf.zero_pad": "stride {stride}, {c_in}→{c_out} channels",
    "vf.plain": "plain",
    "vf.with_detail": "{kind} ({detail})",
    "vf.with_detail_br": "{kind}<br>({detail})",
    "vf.list_sep": ", ",
    "vf.count": "{n} {what}",
    "vf.no_shortcuts": "no shortcuts",
    "vf.stage_plain": "{stage}: no shortcuts (plain)",
    "vf.stage_shortcuts": "{stage}: {listed}",
    "vf.block_shortcut": "{path}: {desc}",
    "vf.title": "{arch} · {hw} input · {what} ({scale} scale)",
    "vf.scale_sqrt": "sqrt",
    "vf.scale_log": "log",
    "vf.scale_linear": "linear",
    "vf.stage_outputs": "stage outputs",
    "vf.layer_outputs": "every layer's output",
    "vf.folded": "{first}…{last}: {n} identical blocks, drawn once",
    "vf.fold_marks": "repeated blocks",
    "vf.costs": "params {params} · MACs {macs}",
    "vf.out": "out {shape} (H×W×C)",
    "vf.shape": "{shape} (H×W×C)",
    "vf.n_blocks": " ({n} blocks)",
    "vf.logits": "{n} logits",
    "vf.outlines": "outlines",
    "vf.labels": "labels",
    "vf.arcs": "{stage} shortcuts",
    "vf.arc_labels": "shortcut labels",
    "vf.block_part": "{path} {part}",
    "vf.block_input": "block input",
    "vf.block_output": "block output",
    "vf.main_path": "main path",
    "vf.shortcut": "shortcut",
    "vf.zero_channels": "zero channels",
    "vf.n_zero_channels": "{n} channels of zeros",
    "vf.op": "op {n}: {conv}",
    "vf.op_preact": "op {n}: BN → ReLU →<br>{conv}",
    "vf.avg_pool": "{kernel} avg-pool, stride {stride}",
    "vf.then": "{a} → {b}",
    "vf.pool_out": "pooled input",
    "vf.of_preact": "{what}, on BN-ReLU(x)",
    "vf.sum_only": "sum (no ReLU: pre-activation)",
    "vf.sum_relu": "sum + ReLU",
    "vf.no_add": "output (ReLU, no add)",
    "vf.whole_block": "{costs} (whole block)",
    "vf.shortcut_is": "shortcut: {what}",
    "vf.shortcut_label": "shortcut label",
    "vf.block_title": "{arch} · block {path} · shortcut: {desc}",
    "vf.links": "links",
    "vf.residual_add": "residual add (shortcut: {desc})",
    "vf.add": "add",
    "vf.rule": "box height ∝ H, width ∝ W, depth ∝ {c}",
    "vf.rule_c_linear": "C",
    "vf.rule_c_sqrt": "√C",
    "vf.rule_c_log": "1 + log₂C",
    "vf.kinds_title": "shortcuts",
    "vf.kind_identity": "identity",
    "vf.kind_projection": "1×1 projection (box: its output)",
    "vf.kind_avg_projection": "avg-pool + 1×1 (ResNet-D)",
    "vf.kind_zero_pad": "zero-pad (option A)",
    "vf.kind_none": "none (plain)",
    "vf.projection_boxes": "{kind} boxes",
    # --- figures: cost charts (figures/charts.py) -------------------------------------
    "cf.params": "Parameters",
    "cf.macs": "MACs",
    "cf.activation_bytes": "Activation memory",
    "cf.by_stage": "stage",
    "cf.by_block": "block",
    "cf.hover": "<b>{label}</b><br>{metric}: {value} ({exact})<br>{share} of total",
    "cf.title": "{metric} per {by} · {arch} · total {total}",
    "cf.overview_title": "{arch} · cost per stage",
    # --- figures: block graph (figures/graph.py) --------------------------------------
    "gf.no_shortcut": "no shortcut",
    "gf.global_avg": "global average",
    "gf.conv": "{kernel} conv",
    "gf.comma_stride": ", stride {s}",
    "gf.stride": "stride {s}",
    "gf.extra_channels": "+{n} channels",
    "gf.title": "{arch} · input {shape} · {params} params · {macs} MACs",
    "gf.block": "{path}  ({kind})",
    "gf.folded": "{first} … {last} (×{n} identical)",
    "gf.add": "add + {kind}",
    "gf.add_only": "add (nothing after it)",
    "gf.avg_pool": "{kernel} avg-pool",
    # --- figures: block zoo graph and volumes (figures/zoo.py) ------------------------
    "zf.short_depthwise": "depthwise",
    "zf.short_pointwise": "pointwise",
    "zf.depthwise": "depthwise",
    "zf.max_pool": "{kernel} max pool",
    "zf.avg_pool": "{kernel} avg pool",
    "zf.global_pool": "global avg pool",
    "zf.sum": "sum",
    "zf.concat": "concat",
    "zf.scale": "× scale",
    "zf.zero_pad": "zero-pad, stride {s}",
    "zf.title": "{arch} · input {inp} → {out} · {params} params · {macs} MACs",
    "zf.input2": "input2 (h[i-1])",
    "zf.common_shape": "every tensor inside the cell is {shape}",
    "zf.input2_hover": "<b>input2</b> (h[i-1])",
    "zf.more_branches": "{n} more branches like {like}",
    "zf.more_like": "{n} more like {like}",
    "zf.branch": "{name} · {params} params · {macs} MACs",
    "zf.row_names": "branch names",
    # --- block graph page: detail options ---------------------------------------------
    "gr.d_block": "block",
    "gr.d_layer": "layer",
    # --- figures: comparison totals, gradient flow, walkthrough -----------------------
    "cf.totals_hover": "<b>{config}</b><br>{metric}: {value} ({exact})<br>×{ratio} "
    "of the first",
    "cf.totals_title": "Totals relative to the first column (log scale)",
    "cf.totals_axis": "relative to the first column",
    "gd.fig_hover": "conv %{x}<br>‖∂L/∂W‖ = %{y:.3g}",
    "gd.fig_title": "{plain} vs {residual} at initialisation",
    "gd.fig_subtitle": "one random batch of {n} × {shape} · seed {seed}",
    "gd.fig_x": "main-path conv (1 = stem conv, input side)",
    "gd.fig_y": "‖∂loss/∂weight‖ (log scale)",
    "wf.before": "before",
    "wf.after": "after",
    "wf.hover": "{name}: {shape}",
    "wf.main": "main path F(x)",
    "wf.shortcut": "shortcut ({kind})",
    "wf.plus": "+ added",
    # --- tables (resnet_viz/tables.py): headers and fixed words -----------------------
    "tbl.stage": "stage",
    "tbl.layer_name": "layer name",
    "tbl.output_size": "output size",
    "tbl.layers": "layers",
    "tbl.blocks": "blocks",
    "tbl.params": "params",
    "tbl.macs": "MACs",
    "tbl.path": "path",
    "tbl.type": "type",
    "tbl.shape": "shape",
    "tbl.kernel": "kernel",
    "tbl.stride": "stride",
    "tbl.padding": "padding",
    "tbl.groups": "groups",
    "tbl.formula": "formula",
    "tbl.flops": "FLOPs",
    "tbl.activations": "activations",
    "tbl.receptive_field": "receptive field",
    "tbl.input": "input",
    "tbl.output": "output",
    "tbl.params_pct": "params %",
    "tbl.macs_pct": "MACs %",
    "tbl.block": "block",
    "tbl.shortcut": "shortcut",
    "tbl.add_ops": "add ops",
    "tbl.total": "total",
    "tbl.vs_macs": "vs MACs",
    "tbl.tool": "tool",
    "tbl.images": "images",
    "tbl.difference": "difference",
    "tbl.rule": "rule",
    "tbl.max_pool": "{kernel} max pool",
    "tbl.avg_pool": "average pool",
    "tbl.final_bn_relu": "BN + ReLU",
    "tbl.adaptive": "adaptive: output fixed at {hw}",
    "tbl.list_sep": ", ",
    "tbl.rule_bn": "2 per output element (scale and shift, as at inference)",
    "tbl.rule_relu": "1 per output element",
    "tbl.rule_maxpool": "kernel area - 1 comparisons per output element",
    "tbl.rule_avgpool": "1 per input element (the sum)",
    "tbl.rule_add": "1 per output element of each block with a shortcut",
    "tbl.rule_bias": "1 per output element of a conv or Linear layer with a bias",
    "tbl.on_3x3": "3×3",
    "tbl.on_1x1": "first 1×1",
    "tbl.stride_note_one": "This net strides on the {current} conv. Striding on the "
    "3×3 (torchvision's ResNet v1.5) costs {on_3x3} MACs ({h3}); striding on the "
    "first 1×1 (He et al. 2016) costs {on_1x1} ({h1}), {share} less. The difference, "
    "{saved} MACs, is the first 1×1 conv of the {n} strided block running on the "
    "input map (e.g. {path} at {hw}) instead of the output map; the 3×3 produces the "
    "same output size either way, so it costs the same.",
    "tbl.stride_note_many": "This net strides on the {current} conv. Striding on the "
    "3×3 (torchvision's ResNet v1.5) costs {on_3x3} MACs ({h3}); striding on the "
    "first 1×1 (He et al. 2016) costs {on_1x1} ({h1}), {share} less. The difference, "
    "{saved} MACs, is the first 1×1 conv of the {n} strided blocks running on the "
    "input map (e.g. {path} at {hw}) instead of the output map; the 3×3 produces the "
    "same output size either way, so it costs the same.",
    # --- tables page: LaTeX captions --------------------------------------------------
    "tb.cap_layout": "{label}: layout",
    "tb.cap_layers": "{label}: layers",
    "tb.cap_stages": "{label}: stages",
    "tb.cap_blocks": "{label}: blocks",
    # --- errors (ConfigError): field labels and messages; the CLI uses the English ----
    "err.line": "{field}: {message}",
    "fld.arch": "arch",
    "fld.input": "input",
    "fld.device": "device",
    "fld.batch": "batch",
    "fld.block": "block",
    "fld.layers": "layers",
    "fld.widths": "widths",
    "fld.groups": "groups",
    "fld.width_per_group": "width_per_group",
    "fld.stem": "stem",
    "fld.shortcut": "shortcut",
    "fld.stride_on": "stride_on",
    "fld.plain": "plain",
    "fld.classes": "classes",
    "fld.in_channels": "in_channels",
    "fld.se_ratio": "se_ratio",
    "fld.order": "order",
    "fld.width_factor": "width_factor",
    "fld.kind": "kind",
    "fld.scenario": "scenario",
    "fld.cmp": "cmp",
    "err.int": "must be a whole number from {lo} to {hi}",
    "err.int_got": "must be a whole number from {lo} to {hi} (got {got})",
    "err.int_list": "must be a list of whole numbers, e.g. 2,2,2,2",
    "err.no_stage": "needs at least one stage, e.g. 2,2,2,2",
    "err.max_stages": "at most {max} stages (got {n})",
    "err.int_entry": "each entry must be a whole number from {lo} to {hi} (got {got})",
    "err.choice": "must be one of {allowed} (got {got})",
    "err.ratio": "must be a fraction from 0 to 1, e.g. 0.0625 or 1/16",
    "err.ratio_got": "must be a fraction from 0 to 1, e.g. 0.0625 or 1/16 (got {got})",
    "err.bool": "must be true or false (got {got})",
    "err.not_setting": "is not a setting; allowed: {allowed}",
    "err.widths_count": "needs one width per stage: {stages} stages in layers, got "
    "{widths} widths",
    "err.stem_none": "none applies to vgg nets only; a ResNet needs the imagenet or "
    "cifar stem",
    "err.wpg_basic": "applies to bottleneck blocks only (leave it at 64)",
    "err.stride_on_basic": "1x1 applies to bottleneck blocks only; a basic block "
    "strides on its first 3x3",
    "err.groups_divide": "must divide every stage width (got {groups} and {width})",
    "err.wpg_small": "too small: a stage of width {width} would get 0 channels per "
    "group (needs width * width_per_group >= 64)",
    "err.se_small": "too small: {channels} channels x {ratio} rounds to 0 squeeze "
    "channels",
    "err.wf_large": "too large: a stage of width {width} x {k} would exceed {max} "
    "channels",
    "err.stem_small": "{stem} needs a first stage width of at least {min} (got "
    "{width})",
    "err.stem_wide_large": "deep-wide doubles the first stage width; at most {max} "
    "(got {width})",
    "err.vgg_order": "a vgg net has no residual blocks; leave it at post",
    "err.shortcut_a": "option A can only pad channels, not drop them ({a} -> {b}); "
    "use B or C, or non-decreasing widths",
    "err.vgg_stem": "a vgg net has no stem; use none",
    "err.vgg_plain": "a vgg net has no shortcuts; set plain to true",
    "err.vgg_neutral": "applies to basic and bottleneck blocks only (leave it at "
    "{value})",
    "err.unknown_arch_list": "unknown architecture {arch}; run `python -m resnet_viz "
    "list`",
    "err.unknown_arch": "unknown architecture {arch}",
    "err.input": "must be a size like 224, HxW like 32x48, or CxHxW like 3x224x224",
    "err.input_got": "must be a size like 224, HxW like 32x48, or CxHxW like "
    "3x224x224 (got {got})",
    "err.input_sides": "must be a size like 224, HxW like 32x48, or CxHxW like "
    "3x224x224, sides 1 to {max} (got {got})",
    "err.input_channels": "at most {max} channels (got {c})",
    # --- errors of the trace, the block zoo, latency and gradient flow ----------------
    "err.in_channels": "has {c} channels but in_channels is {channels}",
    "err.memory": "a {device} trace of this size needs about {need} MiB (budget "
    "{budget} MiB); use device meta, a smaller input or a smaller batch",
    "err.does_not_fit": "{shape} does not fit this network ({why})",
    "err.no_cuda": "cuda is not available on this machine; use meta or cpu",
    "err.not_block_setting": "is not a setting of {kind}; allowed: {allowed}",
    "err.shortcut_a_block": "option A can only pad channels, not drop them ({a} -> "
    "{b}); use B or C",
    "err.wpg_small_block": "too small: planes {planes} x width_per_group {wpg} / 64 "
    "gives 0 channels per group",
    "err.reduction_large": "{r} is larger than the width it reduces ({filters} "
    "filters): the 1x1 would keep 0 channels",
    "err.multiple_of_4": "a residual bottleneck keeps its {c} channels as 4 x "
    "planes: use a multiple of 4",
    "err.reduction_pow2": "must be a power of two up to 256 and at most the {c} "
    "channels (got {r}): the block is torchvision's Bottleneck with width_per_group "
    "= 256 / r",
    "err.groups_input": "must divide the input's {c} channels (got {g} groups)",
    "err.reduction_divide": "must divide the {per} channels per group ({c} / {g}); "
    "the width of each path is channels / (groups x reduction) (got {r})",
    "err.se_zero": "must be above 0 for an SE block, e.g. 1/16",
    "err.unknown_block": "unknown block {kind}; one of {allowed} (`python -m "
    "resnet_viz blocks`)",
    "err.input2_size": "must have the input's {hw} size (got {got}): a normal cell "
    "keeps the resolution; timm adapts a larger h[i-1] with a factorized reduction "
    "first",
    "err.memory_block": "a {device} trace of this block needs about {need} MiB "
    "(budget {budget} MiB); use meta or a smaller input",
    "err.split_too_large": "too large to run the split form on the CPU here; try "
    "256x14x14",
    "err.latency_meta": "latency needs a real device: cpu, or cuda if present",
    "err.memory_timing": "timing this size needs about {need} MiB (budget {budget} "
    "MiB); use a smaller input or batch",
    "err.no_twin": "{arch} has no plain/residual twin preset",
    "err.memory_gradient": "a gradient run of {arch} at {hw}, batch {batch} needs "
    "about {need} MiB (budget {budget} MiB); use a smaller input or batch",
    "err.not_twins": "{plain} and {residual} are not plain/residual twins",
    "err.compute": "a {device} run of this size is {need} GMACs (budget {budget} "
    "GMACs here); use device meta, a smaller input, a narrower net or a smaller batch",
    "err.compute_gradient": "a gradient run of {arch} at {hw}, batch {batch} is about "
    "{need} GMACs (budget {budget} GMACs here); use a smaller input or batch",
    "err.digits": "must be a whole number from {lo} to {hi} (got {digits} digits)",
    "err.pool_busy": "other visitors' runs hold {held} of the {pool} MiB this server "
    "lends to real-device work right now; try again in a moment or use device meta",
    "err.not_order_twins": "{post} and {pre} are not post/pre-activation twins",
    # --- link warnings (viewconfig.from_query, scenarios.views_from_query) ------------
    "vc.modified": " (modified)",
    "url.unknown_arch": "unknown architecture {arch}; showing {default}",
    "url.default": "{error} — using the default",
    "url.preset": "{error} — showing the {arch} preset instead",
    "url.unknown_scenario": "unknown {slug} (known: {known}); using {default}",
    "url.needs_columns": "a comparison link needs its columns (c0.arch=…); showing "
    "{scenario}",
    "url.extra_column": "only columns c0 to {last} are shown; its settings are ignored",
    "url.no_settings": "no settings in the link; showing {view}",
    "url.not_setting": "not a setting (allowed: {allowed}) — ignored",
    "url.column_count": "must be a whole number from {lo} to {hi} (got {got}); "
    "showing {n} columns",
    # --- latency page: chart title and table ------------------------------------------
    "la.fig_title": "{label} · {device} · batch {batch}",
    "la.col_median": "median ms",
    "la.col_iqr": "IQR ms",
    "la.col_runs": "runs",
    # --- compare page: receptive field cells ------------------------------------------
    "cs.rf_cell": "{rf} (image {image})",
}

_ZH: dict[str, str] = {
    # --- sidebar -----------------------------------------------------------------
    "sb.language": "语言",
    "sb.lang_unknown": "未知语言 {code}：改用英文显示。",
    "sb.network": "网络",
    "sb.network_help": "torchvision 的 ImageNet 模型、He 等人的 CIFAR 网络"
    "(resnet20…1202)，以及去掉捷径连接的普通网络（plain18…）。",
    "sb.input": "输入尺寸",
    "sb.input_help": "224（ImageNet）、32（CIFAR）、HxW（如 64x96）"
    "或 CxHxW（如 1x28x28）。",
    "sb.customise": "自定义网络",
    "sb.block": "残差块",
    "sb.layers": "每个阶段的块数",
    "sb.layers_help": "用逗号分隔，每个阶段一个数字，例如 3,4,6,3。",
    "sb.widths": "各阶段宽度",
    "sb.widths_help": "每个阶段扩展前的通道数，例如 64,128,256,512。",
    "sb.groups": "分组数",
    "sb.groups_help": "3x3 卷积的分组数（即 ResNeXt 的基数）。",
    "sb.wpg": "每组宽度",
    "sb.wpg_help": "仅对瓶颈块有效：64 是 ResNet,32 组配 4 是 ResNeXt-32x4d,"
    "128 是 Wide ResNet-2。",
    "sb.stem": "主干（stem）",
    "sb.stem_help": "imagenet：7x7 步幅 2 的卷积，再接 3x3 步幅 2 的最大池化。"
    "cifar：一个 3x3 步幅 1 的卷积，没有池化。deep、deep-wide、tiered：用三个 3x3 卷积"
    "代替 7x7（ResNet-C/S/T：32-32-64、64-64-128、24-32-64）。",
    "sb.shortcut": "捷径连接",
    "sb.shortcut_help": "A：形状改变处补零（没有参数）。B：在那里用 1x1 投影。"
    "C：每个块都用投影。D：在形状改变处先做 2x2 平均池化，再做步幅 1 的 1x1 投影"
    "（ResNet-D）。",
    "sb.stride_on": "瓶颈块的步幅放在",
    "sb.stride_on_help": "3x3：torchvision 的做法（v1.5）。1x1：原论文的做法。",
    "sb.order": "块内顺序",
    "sb.order_help": "post：卷积 → BN → ReLU，相加之后再做 ReLU（He 等，2015）。"
    "pre：BN → ReLU → 卷积，相加之后什么也不做，最后有一次 BN-ReLU（预激活，He 等，"
    "2016）。",
    "sb.width_factor": "宽度倍数 k",
    "sb.width_factor_help": "Wide ResNet 的 k：每个阶段的宽度乘以 k，主干不变"
    "（WRN-28-10 的 k = 10）。",
    "sb.plain": "普通网络（无捷径连接）",
    "sb.classes": "类别数",
    "sb.device_batch": "设备与批大小",
    "sb.device": "设备",
    "sb.device_help": "meta：只算形状，不占内存（最快）。"
    "cpu/cuda：真正运行一次前向传播。",
    "sb.batch": "批大小",
    "sb.link_ignored": "链接中有部分内容被忽略 — {detail}",
    "sb.showing": "当前显示 **{label}**。地址栏保存了这个视图，可以直接分享。",
    "sb.fix_above": "请先修正上面指出的设置，才能看到这个视图。",
    "sb.tracing": "正在 {device} 上追踪 {label}…",
    "sb.drawing": "正在绘制…",
    "sb.queued": "（排队中：前面还有 {n} 个请求）",
    # --- overview ----------------------------------------------------------------
    "ov.params": "参数量",
    "ov.macs": "乘加次数（MACs）",
    "ov.macs_help": "卷积层和全连接层共 {n} 次乘加运算",
    "ov.flops": "FLOPs(2 × MACs)",
    "ov.last_map": "最后的特征图",
    "ov.output": "输出",
    "ov.stage_by_stage": "张量在各阶段的变化",
    "ov.volumes_caption": "每个方块是一个阶段输出的张量：高和宽是特征图的尺寸，深度是"
    "通道数（用平方根比例，让 2048 个通道和 3 个通道能画在一起）。弧线表示捷径连接。"
    "拖动可以旋转，鼠标悬停可以看到形状和计算量。",
    "ov.table1": "自动生成的表 1",
    "ov.table1_caption": "He 等人（2016）论文中的结构表，由实际追踪到的层生成。",
    "ov.graph": "块结构图",
    "ov.graph_caption": "各阶段已折叠；打开“块结构图”页面可以展开。",
    "ov.costs": "参数和乘加运算都花在哪里",
    # --- narrative -------------------------------------------------------------------
    "nar.stem": "主干用{ops}，把 {inp} 的输入变成 {out} 的张量。",
    "nar.stem_conv": "一个 {kernel}、步幅 {stride} 的卷积",
    "nar.stem_pool": "一个 {kernel}、步幅 {stride} 的最大池化",
    "nar.and": "和",
    "nar.list_sep": "、",
    "nar.no_stem": "这个网络没有主干：第一个阶段直接处理 {inp} 的输入。",
    "nar.stages_one": "接下来是 {n} 个阶段，分别有 {blocks} 个 {block} 块：{flow}。",
    "nar.stages_many": "接下来是 {n} 个阶段，分别有 {blocks} 个 {block} 块：{flow}。",
    "blk.basic": "基本",
    "blk.bottleneck": "瓶颈",
    "blk.vgg": "VGG",
    "nar.plain": "这是一个普通网络：没有任何块带捷径连接。",
    "nar.shortcuts": "捷径连接：{listed}。",
    "nar.sc_projection": "{n} 个投影（1×1 卷积 + BN）",
    "nar.sc_zero_pad": "{n} 个补零（没有参数）",
    "nar.sc_projection_preact": "{n} 个投影（1×1 卷积，没有 BN）",
    "nar.sc_avg_projection": "{n} 个平均池化下采样（2×2 平均池化，再 1×1 卷积 + BN）",
    "nar.sc_avg_projection_preact": "{n} 个平均池化下采样（2×2 平均池化，再 1×1 卷积）",
    "nar.sc_identity": "{n} 个恒等映射",
    "nar.tiny": "从 {stage} 开始特征图只剩 1×1：对这个主干来说输入太小，"
    "后面的 3×3 卷积看到的大多是填充的零。",
    "nar.vgg_head": "头部把特征展平成长度为 {inp} 的向量，再由 {n} 个全连接层映射到 "
    "{classes} 个类别。",
    "nar.gap_head": "全局平均池化后剩下一个长度为 {f} 的向量，全连接层再把它映射到 "
    "{classes} 个类别。",
    # --- 3D volumes ------------------------------------------------------------------
    "vol.title": "三维张量图",
    "vol.caption": "卷积网络就是一串三维张量。这里每个方块的高和宽对应特征图的尺寸，"
    "深度对应通道数：可以看到特征图越来越小，通道却越来越多。",
    "vol.boxes": "方块",
    "vol.after_stage": "每个阶段之后",
    "vol.after_layer": "每一层之后",
    "vol.scale": "比例",
    "vol.scale_help": "平方根和对数比例能让 3 个通道和 2048 个通道同时看得清。",
    "vol.arcs": "显示捷径连接",
    "vol.expand": "展开重复的块",
    "vol.expand_help": "很深的网络把每个阶段中相同的块只画一次，并标上 ×N。"
    "展开后画出每一个块，最多 {limit} 个方块。",
    "vol.folded": "重复的块已折叠：画出 {full} 个方块中的 {shown} 个；"
    "×N 表示这个块代表 N 个相同的块。",
    "vol.folded_limit": "重复的块已折叠：画出 {full} 个方块中的 {shown} 个"
    "（超过 {limit} 个方块时保持折叠）；×N 表示这个块代表 N 个相同的块。",
    "vol.block_times": "——代表 {n} 个相同的块",
    "vol.take_apart": "拆开一个块看看",
    "vol.block": "块",
    "vol.block_option": "{path}（阶段 {stage}，第 {n} 个块）",
    "vol.op": "操作 {n}：{kernel} 卷积，步幅 {stride}{groups} → {out}",
    "vol.op_groups": ",{g} 组",
    "vol.main_path": "**主路径** {inp} → {ops}。",
    "vol.sc_projection": "**捷径**：1×1 卷积，步幅 {stride}，加 BN → {out}。"
    "主路径改变了形状，所以必须做投影。",
    "vol.sc_zero_pad": "**捷径**：每隔 {stride} 个像素取一个，缺少的通道补零 → {out}"
    "（选项 A：没有参数）。",
    "vol.sc_identity": "**捷径**：恒等映射，输入本来就和输出形状相同。",
    "vol.sc_none": "**没有捷径**：这是普通块，不做加法。",
    "vol.sc_projection_preact": "**捷径**：1×1 卷积，步幅 {stride}，作用于块内 "
    "BN-ReLU 的输出，后面没有 BN → {out}。主路径改变了形状，所以必须做投影。",
    "vol.sc_avg": "**捷径**（ResNet-D）：2×2 平均池化，步幅 {stride} → {pooled}，"
    "再做步幅 1 的 1×1 卷积 → {out}：每个输入像素都能到达投影，而步幅为 2 的 1×1 "
    "只读四分之一。",
    "vol.preact": "**预激活**（He 等 2016）：每个卷积前先做 BN 和 ReLU，相加之后什么"
    "也不做，所以恒等路径是干净的。",
    # --- block graph -----------------------------------------------------------------
    "gr.title": "块结构图",
    "gr.caption": "每个阶段折叠成一个节点，标出块的模式（× 块数）。展开一个阶段可以看到"
    "其中的块：灰色实线弧是恒等捷径，虚线弧是 1×1 投影（有权重），点线弧是补零。"
    "每条边上都标着流过它的张量形状。",
    "gr.expand": "展开的阶段",
    "gr.expand_none": "无：所有阶段都折叠",
    "gr.detail": "展开后显示",
    "gr.zoom": "缩放",
    "gr.fit": "适应宽度",
    "gr.zoom_in": "放大",
    "gr.zoom_out": "缩小",
    "gr.dot": "下载 DOT",
    "gr.svg": "下载 SVG",
    "gr.no_dot": "下载 SVG 需要服务器上安装 Graphviz 的 `dot`（见 packages.txt）。",
    "gr.dot_failed": "无法下载 SVG：Graphviz 排不出这张图（太大或崩溃了），"
    "所以由浏览器来画。",
    "gr.folded": "重复的块已折叠：画出 {full} 个节点中的 {shown} 个"
    "（上限 {limit} 个）；×N 节点代表 N 个相同的块。",
    "gr.refused": "图太大，无法展开：共 {full} 个节点，即使折叠重复的块也超过上限 "
    "{limit} 个，所以所有阶段保持折叠。",
    # --- tables ----------------------------------------------------------------------
    "tb.title": "表格",
    "tb.json": "下载完整的追踪结果（JSON，与命令行的格式相同）",
    "tb.tab_table1": "表 1",
    "tb.tab_layer": "逐层",
    "tb.tab_stage": "逐阶段",
    "tb.tab_block": "逐块",
    "tb.table1_caption": "当前配置下 He 等人的表 1：每个阶段的输出尺寸，以及用方括号"
    "表示的块结构 [卷积核，通道数；…] × 块数。",
    "tb.paper_show": "在我们的数字旁显示论文的 FLOPs 一行",
    "tb.paper_caption": "He 等人（2016）的每个“FLOPs”数字都保留一位小数，它就是我们的 "
    "MACs（卷积层和全连接层的乘加次数），其中 50、101、152 层的网络像论文的 "
    "conv3_1、conv4_1、conv5_1 那样把步幅放在块的第一个 1×1 "
    "上。没有一种取整方式能同时得到这五个数：1.814、3.664、3.858 被向下截成 "
    "1.8、3.6、3.8（四舍五入会是 3.7 和 3.9），而 7.570 和 11.282 按四舍五入成了 7.6 "
    "和 11.3（向下截断会是 7.5 和 "
    "11.2）。五个都成立的是：每个印出的数都是我们的值两侧相邻的一位小数之一，相差不到 "
    "0.1×10⁹。",
    "tb.paper_flops": "He 等人 2016，表 1",
    "tb.our_macs": "我们的 MACs（论文的布局）",
    "tb.paper_how": "印出的数字",
    "tb.depth_18": "18 层",
    "tb.depth_34": "34 层",
    "tb.depth_50": "50 层",
    "tb.depth_101": "101 层",
    "tb.depth_152": "152 层",
    "tb.paper_both": "我们的值取整（向下截断与四舍五入一致）",
    "tb.paper_down": "我们的值向下截断（不是四舍五入）",
    "tb.paper_nearest": "我们的值四舍五入（不是向下截断）",
    "tb.paper_neither": "既不是截断也不是四舍五入",
    "tb.paper_on_1x1": "；步幅在第一个 1×1 上",
    "tb.paper_basic": "；基本块",
    "tb.layer_caption": "每次调用叶子模块占一行，按执行顺序排列。公式一列是 PyTorch 的"
    "输出尺寸规则 ⌊(输入 + 2·填充 − 卷积核)/步幅⌋ + 1，代入了这一层的数字。"
    "形状按论文写作 H×W×C；JSON 下载保留 PyTorch 的 N×C×H×W。",
    "tb.stages": "阶段",
    "tb.stages_help": "很深的网络有上千行：选择要列出的阶段。",
    "tb.rows_shown": "显示 {shown} 行，共 {total} 行；下载的文件包含所有行。",
    "tb.page": "页码（共 {pages} 页）",
    "tb.rows_paged": "分页显示：所选阶段共 {shown} 行（全部 {total} 行），"
    "这里是第 {first}–{last} 行；下载的文件包含所有行。",
    "tb.blocks_paged": "分页显示：共 {total} 个块，这里是第 {first}–{last} 个；"
    "下载的文件包含所有行。",
    "tb.csv": "CSV",
    "tb.markdown": "Markdown",
    "tb.latex": "LaTeX",
    # --- costs -----------------------------------------------------------------------
    "co.title": "计算成本",
    "co.caption": "参数是需要存储的权重；MACs 是一次前向传播中的乘加次数；"
    "激活内存是各层"
    "输出占用的空间。三者的高峰出现在不同位置：前面的阶段特征图大（MACs 和内存多），"
    "后面的阶段通道多（参数多）。",
    "co.bars_per": "柱子按",
    "co.metric": "指标",
    "co.m_macs": "乘加次数",
    "co.m_params": "参数量",
    "co.m_act": "激活内存",
    "co.why": "为什么不同工具算出的数字不一样？",
    "co.why_text": "同一个 {name}，两个工具可能分别给出 {macs} 和 {flops}，而且都没错："
    "有的统计乘加次数（MACs），有的把乘法和加法分开计数（FLOPs = 2 × MACs），"
    "有的还按各自的规则加上批归一化、ReLU、池化或偏置；没有一个工具计入残差加法。"
    "每一行是该工具对这个网络给出的数字：按从工具源码读出的规则由追踪结果算出"
    "（测试会运行真实的工具，得到相同的总数），并逐项列出它与我们的 MACs 的差别：",
    "co.rules": "逐项差别，以及每个工具怎么计数",
    "co.rule_line": "- **{tool}**：{diff}。规则：{rule}。",
    "co.rule_line_ours": "- **{tool}**：{rule}。",
    "cv.tool_ours": "本应用的 MACs",
    "cv.tool_flop_counter": "torch.utils.flop_counter",
    "cv.tool_torchinfo": "torchinfo 的乘加数",
    "cv.tool_fvcore": "fvcore",
    "cv.tool_ptflops_pytorch": "ptflops（pytorch 后端）",
    "cv.tool_ptflops_aten": "ptflops（aten 后端）",
    "cv.tool_thop": "thop",
    "cv.tool_calflops_macs": "calflops 的 MACs",
    "cv.tool_calflops_flops": "calflops 的 FLOPs",
    "cv.tool_torchvision": "torchvision 公布的 GFLOPS",
    "cv.rule_ours": "Conv2d：输出元素数 × 输入通道/分组 × kh × kw；"
    "Linear：每个样本输入 × 输出；其余都不计",
    "cv.rule_flop_counter": "2 × MACs；偏置、BN、ReLU、池化和相加都记 0",
    "cv.rule_torchinfo": "只看叶子层：卷积记（权重 + 偏置）× N × 输出高 × 输出宽；"
    "其他带参数的层记 N × 参数量（Linear：MACs + 偏置；BN：N × 2C，不按元素）；"
    "无参数的层记 0",
    "cv.rule_fvcore": "不含偏置的 MACs + BN 每个元素 2 次（无仿射参数时 1 次）+ "
    "自适应平均池化每个输入元素 1 次；ReLU、最大池化、相加、相乘、sigmoid 记 0",
    "cv.rule_ptflops_pytorch": "按一张图：MACs + 偏置每个输出 1 次 + "
    "BN 每个元素 2 次 + ReLU 每个元素 2 次（模块钩子一次，被替换的 F.relu 又一次）+ "
    "ReLU6 1 次"
    "（它调用的是 F.hardtanh）+ 每个池化层每个输入元素 2 次（钩子和被替换的池化函数）；"
    "Sigmoid、+ 和 * 记 0",
    "cv.rule_ptflops_aten": "按一张图：只统计 aten 的卷积和 addmm，"
    "即 MACs + 偏置每个输出 1 次",
    "cv.rule_thop": "不含偏置的 MACs + BN 每个元素 4 次（无仿射参数时 2 次）+ "
    "平均池化：所有窗口大小之和 + 每个输出 1 次；ReLU、最大池化、Sigmoid "
    "和没有规则的模块记 0",
    "cv.rule_calflops_macs": "F.conv2d 和 F.linear 的 MACs，其余不计",
    "cv.rule_calflops_flops": "2 × MACs + 卷积偏置每个输出 1 次（Linear 的偏置不计）+ "
    "BN 每个元素 2 次 + F.relu 每个元素 1 次（ReLU6 记 0）+ "
    "每个池化层每个输入元素 1 次",
    "cv.rule_torchvision": "一张图像的 MACs，以 10⁹ 为单位，保留 3 位小数"
    "（weights.meta['_ops']，按 3×224×224 公布）",
    "cv.term_mac_as_2": "再加一遍 MACs（乘法和加法分开）",
    "cv.term_conv_bias": "卷积偏置的输出元素",
    "cv.term_linear_bias": "Linear 偏置的输出元素",
    "cv.term_param_rows": "N × BN 层的参数量",
    "cv.term_bn_affine": "BN 的元素",
    "cv.term_bn_plain": "无仿射参数的 BN 元素",
    "cv.term_adaptive_in": "自适应池化的输入元素",
    "cv.term_relu": "ReLU 的元素",
    "cv.term_relu_twice": "ReLU 的元素",
    "cv.term_relu6": "ReLU6 的元素",
    "cv.term_pool_in": "池化层的输入元素",
    "cv.term_pool_in_twice": "池化层的输入元素",
    "cv.term_thop_pools": "平均池化的窗口 + 输出",
    "cv.term_rounding": "取整到 0.001 G",
    "cv.not_published": "torchvision 只为它自己的模型在 224×224 下公布数字："
    "这里是套用它的规则",
    "cv.no_difference": "没有差别",
    # --- latency ---------------------------------------------------------------------
    "la.title": "各阶段的延迟",
    "la.caption": "MACs 反映的是工作量，而不是时间。这里用 torch.utils.benchmark "
    "逐个阶段真实运行网络（先预热一次，再重复计时，显示中位数；在 CUDA 上每次测量前后"
    "都会同步）。前面的阶段每个 MAC 往往更慢：大的特征图受限于内存带宽。",
    "la.device": "设备",
    "la.batch": "批大小",
    "la.timing": "计时方式",
    "la.timing_help": "快速：每个阶段 0.1 秒；仔细：每个阶段 0.5 秒。",
    "la.quick": "快速",
    "la.careful": "仔细",
    "la.measure": "开始测量",
    "la.timing_spinner": "正在 {device} 上为 {label} 计时，批大小 {batch}…",
    "la.press": "点击 **开始测量** 为这个网络计时（在 CPU 上需要几秒钟）。",
    "la.median": "中位时间（毫秒）",
    "la.sum": "各阶段中位时间之和",
    "la.sum_help": "各阶段是分别计时的；完整的一次前向传播可能略有不同。",
    # --- compare ---------------------------------------------------------------------
    "cm.title": "对比",
    "cm.caption": "把二到四个网络并排放在一起，每个都真实追踪。可以选择预设，也可以修改"
    "任意一列；地址栏保存了整个对比，别人打开链接会看到同样的几列。侧边栏控制的是其他"
    "页面，不是这一页。",
    "cm.preset_settings": "预设设置",
    "cm.invalid": "{mark}（无效）",
    "cm.see_below": "见下方的提示",
    "cm.fix": "请先修正上面指出的设置，才能看到对比。",
    "cm.reference": "基准",
    "cm.last_map": "最后的特征图（{stage}）",
    "cm.what_changed": "变了什么，为什么",
    "cm.one_scale": "同一比例下的张量",
    "cm.scale": "比例",
    "cm.scale_help": "所有行使用同一比例，同样大小的方块在哪里都代表同样的尺寸。",
    "cm.arcs": "显示捷径连接",
    "cm.rows_caption": "每一行是一列对应的网络：每个阶段的输出画成一个方块，高和宽来自"
    "特征图，深度来自通道数。所有行共用一个比例和一个画框，所以可以直接用眼睛比较不同行"
    "里同一个阶段的方块。",
    "cm.stage_by_stage": "逐阶段对比",
    "cm.stage_caption": "带底色的格子与第一列不同；红色表示特征图已缩小到 1×1;"
    "— 表示该网络没有这个阶段。感受野指该阶段最后一层的感受野，旁边是图像尺寸。",
    "cm.totals": "总计",
    "cm.layer_by_layer": "逐层对比",
    "cm.layer_caption": "按路径列出每个叶子模块：新增或删除的层，以及形状、卷积核、"
    "步幅、分组或参数不同的层。",
    "cm.from": "从",
    "cm.to": "到",
    "cm.diff_only": "只看不同之处",
    "cm.counts": "新增 {added} 层，删除 {removed} 层，"
    "改变 {changed} 层，相同 {same} 层。",
    "cm.no_diff": "没有不同的层：两个网络的层完全一样。",
    "cm.diff_page": "页码（共 {pages} 页）",
    "cm.diff_paged": "第 {first}–{last} 行，共 {total} 行，分页显示："
    "这么长的对比无法一次全部显示。",
    "cm.settings": "设置",
    "cm.scenario": "场景",
    "cm.scenario_placeholder": "自定义对比（选择一个预设即可载入）",
    "cm.scenario_help": "每个预设都会载入它的各列；之后可以修改任意一列。",
    "cm.columns": "列数",
    "cm.columns_help": "把 2 到 4 个配置并排对比。",
    "cm.input_help": "224、32、HxW（如 64x96）或 CxHxW（如 1x28x28）。",
    "cm.shortcut_help": "A：形状改变处补零。B：在那里用 1x1 投影。C：每个块都用投影。"
    "D：在那里先平均池化，再做 1x1。",
    "cm.layers_help": "用逗号分隔，例如 3,4,6,3。",
    "cm.col_stage": "阶段",
    "cm.col_quantity": "指标",
    "cm.q_output": "输出",
    "cm.q_params": "参数量",
    "cm.q_MACs": "MACs",
    "cm.q_receptive field": "感受野",
    "cm.col_path": "路径",
    "cm.col_status": "状态",
    "cm.col_what": "不同之处",
    "cm.col_output": "{name} 输出",
    "cm.col_params": "{name} 参数量",
    "cm.st_added": "新增",
    "cm.st_removed": "删除",
    "cm.st_changed": "改变",
    "cm.st_same": "相同",
    "cm.ch_input shape": "输入形状",
    "cm.ch_output shape": "输出形状",
    "cm.col_total": "总计",
    "cm.m_params": "参数量",
    "cm.m_macs": "MACs",
    "cm.m_flops": "FLOPs（2 × MACs）",
    "cm.m_activation_bytes": "激活内存",
    "cm.bytes": "{name}（字节）",
    # --- scenarios ------------------------------------------------------------------
    "sc.imagenet-vs-cifar": "ImageNet 对比 CIFAR",
    "sc.stride-on": "步幅放在 3×3 还是 1×1（ResNet-50）",
    "sc.shortcuts": "捷径连接 A、B、C 对比",
    "sc.resnext-wide": "ResNet-50、ResNeXt-50 与 Wide ResNet-50 对比",
    "sc.plain-vs-resnet": "Plain-34 对比 ResNet-34",
    "sc.resnet-c-d": "ResNet-50、ResNet-50-C 与 ResNet-50-D 对比",
    "sc.v1-vs-v2": "ResNet v1 对比 v2（预激活）",
    "sc.preact-cifar": "ResNet-110、预激活 ResNet-110 与预激活 ResNet-164 对比",
    "sc.wide-vs-deep": "宽与深：WRN-28-10、WRN-40-4、ResNet-110、预激活 ResNet-1001",
    "scn.imagenet-vs-cifar": "ImageNet 版的 ResNet 期望输入 2"
    "24×224 的照片。它的主干——一个步幅 2 的 7×7 卷积，再接一个步"
    "幅 2 的 3×3 最大池化——在第一个残差块之前就把每条边缩小到 1/4，"
    "后面各阶段再缩小到 1/8。给它一张 32×32 的 CIFAR 图像（②）"
    "，第一个阶段看到的就已经是 8×8 的特征图；layer4 最后只剩 1×1"
    "，它的 3×3 卷积看到的大多是零填充。权重没变，只是特征图缩小了。CIFA"
    "R 版本则保留分辨率：把主干换成一个步幅 1、不带池化的 3×3 卷积（③）"
    "，或者使用 He 等人自己的 CIFAR 系列——三个阶段，分别是 16、3"
    "2、64 个通道，特征图为 32×32、16×16 和 8×8（④，resn"
    "et20）。",
    "scn.stride-on": "下采样瓶颈块把步幅放在哪里，决定了它第一个 1×1 卷积的"
    "计算量。torchvision（ResNet v1.5，①）把步幅放在 3×"
    "3 上，所以它前面的 1×1 在完整的特征图上运行；论文（②）把步幅放在第一"
    "个 1×1 上，于是它直接输出较小的特征图。权重相同，每个块之后的形状也相同"
    "——这正是论文给出 ResNet-50 为 3.8 G、而 torchvis"
    "ion 给出 4.09 G 的原因。",
    "scn.shortcuts": "He 等人在块改变形状的地方试了三种捷径连接。A 对输入下"
    "采样并用零填充新增的通道（没有权重）；B 只在那里使用 1×1 投影卷积；C"
    " 在每个块上都做投影。主路径完全相同，所以下面的每一处差别都来自捷径连接的权"
    "重及其 MACs。",
    "scn.resnext-wide": "瓶颈块中间的 3×3 卷积有三种花法：ResNet-50"
    " 用 64 个通道、一组；ResNeXt 用 128 个通道、分成 32 组"
    "、每组 4 个；Wide ResNet 用 128 个通道、一组。块与块之间"
    "的张量相同，变的只是每个块内部发生的事情。",
    "scn.plain-vs-resnet": "He 等人图 3 中的普通网络与 ResNet-34"
    " 的卷积完全相同，只是没有捷径连接。捷径连接几乎不改变这些数字——恒等连接没"
    "有开销，只有三个投影有权重——但正是它们让 34 层的网络训练得比 18 层"
    "更好。",
    "scn.resnet-c-d": "He 等人的《Bag of Tricks》（2019）保留 ResNet-50 的各个阶段，"
    "只改动它丢弃信息的两个地方。ResNet-C（②）用三个 3×3 卷积代替主干的 7×7 卷积。"
    "ResNet-D（③）还在每条下采样捷径前加了 2×2 平均池化：步幅为 2 的 1×1 卷积只读"
    "四个像素中的一个，另外三个被忽略；池化让它们全都参与进来，之后的 1×1 以步幅 1 "
    "作用在池化后的特征图上。",
    "scn.v1-vs-v2": "同一个 ResNet-50，只是块内顺序不同（He 等 2016，《Identity "
    "Mappings》）：v1（①）是卷积 → BN → ReLU，每次相加后再做 ReLU；v2（②）是 BN → "
    "ReLU → 卷积，相加之后什么也不做，所以捷径把 x 原封不动地从一个块传到下一个块，"
    "池化前还有最后一次 BN-ReLU。",
    "scn.preact-cifar": "He 等人的 CIFAR 网络在《Identity Mappings》前后的样子：② 与 "
    "① 只差块内的顺序；③ 用瓶颈块走得更深（164 层），参数量却差不多。",
    "scn.wide-vs-deep": "Zagoruyko 和 Komodakis（2016）把预激活 CIFAR 网络加宽而不是"
    "加深：WRN-d-k 的各阶段有 16k、32k、64k 个通道。WRN-28-10（②）比 ResNet-110（①）"
    "大得多；WRN-40-4（③）和 ResNet-1001（④）是论文里规模相近的一对，一个宽而浅，一个"
    "窄而深。",
    # --- compare sentences (resnet_viz.compare.compare_sentences) --------------------
    "cs.same": "相同",
    "cs.sep": "、",
    "cs.and": " 和 ",
    "cs.semi": "；",
    "cs.stem_none": "{label}：输入为 {image}。",
    "cs.op_conv": "步幅 {s} 的 {k} 卷积",
    "cs.op_pool": "步幅 {s} 的 {k} 最大池化",
    "cs.stem_what": "{name} 主干（{ops}）",
    "cs.stem_plain": "主干",
    "cs.stem_leaves": "{label}：输入为 {image} 时，{what}输出 {left}",
    "cs.after_pool": "（在最大池化之后）",
    "cs.factor": "，一下子缩小到 1/{factor}",
    "cs.full_res": "，保持完整分辨率",
    "cs.tiny": "；{stage} 处理的已是 1×1 的特征图",
    "cs.tiny_after": "（其后的阶段也是如此，共 {n} 个阶段）",
    "cs.tiny_end": "，3×3 卷积在那里看到的大多是零填充。",
    "cs.last_stage": "；最后一个阶段 {stage} 的输出为 {shape}。",
    "cs.params_same": "参数量与 {la} 完全相同，都是 {n} 个",
    "cs.params_input_only": "（输入尺寸改变的是特征图，而不是权重）",
    "cs.params_times_more": "参数量是 {la} 的 {r} 倍（{b} 对 {a}）",
    "cs.params_times_fewer": "参数量只有 {la} 的 1/{r}（{b} 对 {a}）",
    "cs.params_pct_more": "参数量比 {la} 多 {pct}（{b} 对 {a}）",
    "cs.params_pct_fewer": "参数量比 {la} 少 {pct}（{b} 对 {a}）",
    "cs.params_where": "，差别全部在 {where}",
    "cs.macs_same": "MACs 相同",
    "cs.macs_times_more": "MACs 是它的 {r} 倍（{b} 对 {a}）",
    "cs.macs_times_fewer": "MACs 只有它的 1/{r}（{b} 对 {a}）",
    "cs.macs_pct_more": "MACs 多 {pct}（{b} 对 {a}）",
    "cs.macs_pct_fewer": "MACs 少 {pct}（{b} 对 {a}）",
    "cs.cost": "{params}；{macs}",
    "cs.no_shortcut": "0 个捷径连接（{n} 个块都没有）",
    "cs.kind_part": "{n} 个{kind}",
    "cs.sc_identity": "恒等",
    "cs.sc_projection": "投影",
    "cs.sc_zero_pad": "补零",
    "cs.shortcuts": "{parts}捷径连接",
    "cs.place_3x3": "3×3 卷积",
    "cs.place_1x1": "第一个 1×1 卷积",
    "cs.stride_moved_fewer": "{lb} 把每个下采样瓶颈块的步幅放在 {pb} 上，"
    "而不是 {pa} 上：参数量相同，各阶段形状相同，MACs 少 {n}（{a} 对 {b}）",
    "cs.stride_moved_more": "{lb} 把每个下采样瓶颈块的步幅放在 {pb} 上，"
    "而不是 {pa} 上：参数量相同，各阶段形状相同，MACs 多 {n}（{a} 对 {b}）",
    "cs.stride_only": "{moved}。只有 {paths} 的计算量变了：带步幅的 1×1 卷积在较小的"
    "输出特征图上运行，而 3×3 卷积的输出无论哪种方式大小都一样。",
    "cs.sc_text_more": "{lb} 有 {kb}，而 {la} 有 {ka}：参数量多 {n}",
    "cs.sc_text_fewer": "{lb} 有 {kb}，而 {la} 有 {ka}：参数量少 {n}",
    "cs.sc_exact": "——恰好是 1×1 投影卷积及其 BN 的权重",
    "cs.sc_macs_more": "，MACs 多 {n}。",
    "cs.sc_macs_fewer": "，MACs 少 {n}。",
    "cs.sc_avg_projection": "平均池化下采样",
    "cs.fam_stem": "{lb} 的主干有 {nb} 个卷积（{kb}），{la} 的主干有 {na} 个（{ka}）："
    "MACs 为 {mb} 对 {ma}，参数量为 {pb} 对 {pa}。",
    "cs.fam_avg": "{lx} 在 {n} 条下采样捷径的 1×1 卷积前先做 2×2、步幅 2 的平均池化，"
    "所以每个投影都读到输入的全部 {hin} 个位置，而步幅为 2 的 1×1 只采样其中 {hout} "
    "个（四个取一个）；池化不增加参数和 MACs，只多 {ops} 次逐元素运算。",
    "cs.fam_order": "{lx} 是预激活网络：它的 {n} 个块在每个卷积前做 BN → ReLU，以相加"
    "结束、之后什么也不做，池化前还有一次作用于 {c} 个通道的 BN + ReLU；{ly} 则是卷积 "
    "→ BN，每次相加后做 ReLU。",
    "cs.fam_width": "{lx} 的各阶段有 {wx} 个通道，共 {dx} 个块；{ly} 有 {wy} 个通道，"
    "共 {dy} 个块。",
    "cs.fam_wide_shallow": "一个宽而浅，一个窄而深。",
    "cs.field_change": "{f} {x} → {y}",
    "cs.middle": "{lb} 只改变了瓶颈块中间的 3×3 卷积（{changed}）",
    "cs.middle_detail": "：在 {path} 中它的宽度是 {ca} → {cb} 个通道，分成 {ga} → {gb} "
    "组",
    "cs.middle_end": "；各阶段的输出形状保持不变。",
    "cs.same_shapes_2": "两个配置的各阶段形状相同（{flow}），只在块的内部有所不同。",
    "cs.same_shapes_n": "全部 {n} 个配置的各阶段形状相同（{flow}），只在块的内部有所"
    "不同。",
    "cs.special_cost": "{text}它的{cost}。",
    "cs.diff_item": "{f}（{x} → {y}）",
    "cs.differs": "{lb} 与 {la} 的不同在于 {listed}；它的{cost}。",
    "cs.same_network": "{lb} 与 {la} 是同一个网络，输入也相同。",
    "cs.end_part": "{label} {shape}",
    "cs.end_stage": "（{stage}）",
    "cs.ends_at": "最后一个阶段的输出：{parts}。",
    "cs.lacking_one": "{who} 没有 {stage}：表中显示为 {missing}。",
    "cs.lacking_many": "{who} 没有 {stage}：表中显示为 {missing}。",
    # --- walkthrough page -------------------------------------------------------------
    "wp.title": "逐步讲解",
    "wp.caption": "跟着一个张量走过 {label}，一次看一个操作。",
    "wp.prev": "上一步",
    "wp.next": "下一步",
    "wp.next_stage": "下一个阶段",
    "wp.step": "步骤",
    "wp.jump": "跳到阶段",
    "wp.present": "演示模式",
    "wp.present_help": "放大字体，收起控件，适合投影。",
    "wp.controls": "课程控制",
    "wp.practice": "预测形状",
    "wp.practice_help": "先隐藏每一步的输出，等你猜过之后再显示。",
    "wp.step_of": "第 {n} 步，共 {total} 步",
    "wp.in_shape": "输入",
    "wp.out_shape": "输出",
    "wp.hidden": "?",
    "wp.hyper": "超参数",
    "wp.no_hyper": "没有超参数：这一步没有卷积核，也没有步幅。",
    "wp.arith": "输出尺寸",
    "wp.params_step": "这一步的参数",
    "wp.total_params": "累计参数",
    "wp.total_macs": "累计乘加次数",
    "wp.layers": "这一步包含的层：{paths}",
    "wp.before": "之前",
    "wp.after": "之后（这一步）",
    "wp.fig_title": "{stage}：{inp} → {out}",
    "wp.guess": "你的预测（高×宽×通道）",
    "wp.guess_placeholder": "例如 56×56×64",
    "wp.check": "检查",
    "wp.reveal": "显示答案",
    "wp.right": "答对了：{shape}。",
    "wp.wrong": "还差一点，你填的是 {answer}。提示：{hint}",
    "wp.hint_none": "用输出尺寸公式 ⌊(输入 + 2·填充 − 卷积核)/步幅⌋ + 1，"
    "再看这一层输出多少个通道。",
    "wp.not_numeric": "请用数字填写形状，例如 56×56×64（高 × 宽 × 通道）；"
    "如果输出是向量，只填一个数字即可。",
    "wp.score": "得分：答对 {right} 题，共答 {tried} 题",
    "wp.bad_step": "步骤“{raw}”不是数字：课程从第 1 步开始。",
    # --- hyper-parameter labels -------------------------------------------------------
    "hp.kernel": "卷积核",
    "hp.stride": "步幅",
    "hp.padding": "填充",
    "hp.groups": "分组数",
    "hp.channels": "通道",
    # --- walkthrough steps: titles ---------------------------------------------------
    "wt.title.input": "输入图像",
    "wt.title.conv": "{path}：{kernel} 卷积，步幅 {stride}",
    "wt.title.block_op": "{block} 的第 {op} 个操作：{kernel} 卷积，步幅 {stride}",
    "wt.title.bn": "{path}：批归一化",
    "wt.title.relu": "{path}：ReLU 激活",
    "wt.title.maxpool": "{path}：{kernel} 最大池化，步幅 {stride}",
    "wt.title.avgpool_k": "{path}：{kernel} 平均池化，步幅 {stride}",
    "wt.title.avgpool": "{path}：全局平均池化",
    "wt.title.fc": "{path}：全连接层",
    "wt.title.se": "{block}：挤压与激励（SE）",
    "wt.title.shortcut_proj": "{block}：捷径连接，1×1 投影",
    "wt.title.block_op_preact": "{block}，运算 {op}：BN → ReLU → {kernel} 卷积，步幅 "
    "{stride}",
    "wt.title.shortcut_avg": "{block}：捷径连接，先平均池化再 1×1（ResNet-D）",
    "wt.title.add_preact": "{block}：与捷径相加，之后什么也不做",
    "wt.title.shortcut_zero": "{block}：捷径连接，补零（选项 A）",
    "wt.title.add": "{block}：与捷径相加，再做 ReLU",
    "wt.title.add_identity": "{block}：恒等捷径，相加后做 ReLU",
    "wt.title.repeat": "{stage}：第 {first}–{last} 个块重复同样的结构",
    "wt.title.repeat_one": "{stage}：第 {first} 个块重复同样的结构",
    "wt.title.generic": "{path}：{kind}",
    # --- walkthrough steps: explanations --------------------------------------------
    "wt.explain.input": "图像以 {shape} 的张量进入网络：它是 {hw} 的像素网格，"
    "每个像素有 {c} 个数值，每个颜色通道一个。",
    "wt.explain.conv": "{kernel} 的卷积核以步幅 {stride} 在特征图上滑动，四周补 "
    "{padding} 圈零；{cout} 个滤波器中的每一个都会看遍全部 {cin} 个输入通道，"
    "并写出一个输出通道。",
    "wt.explain.shrink": "步幅为 {stride}，卷积核每次跳过 {stride} 个像素，"
    "所以特征图从 {hin} 缩小到 {hout}。",
    "wt.explain.same_size": "填充 {padding}、步幅 1，特征图保持 {hw} 不变。",
    "wt.explain.conv1x1_reduce": "1×1 卷积每次只看一个像素，只在通道之间做混合："
    "这里它把 {cin} 个通道压缩到 {cout} 个，让后面的 3×3 卷积更省计算。",
    "wt.explain.conv1x1_expand": "1×1 卷积每次只看一个像素，只在通道之间做混合："
    "这里它把 {cin} 个通道扩展到 {cout} 个。",
    "wt.explain.groups": "通道被分成 {groups} 组，每组 {per} 个；每个滤波器只看自己"
    "那一组。这就是 ResNeXt 用更少的权重做更多事情的办法。",
    "wt.explain.then_bn_relu": "后面紧跟批归一化和 ReLU，它们都不改变形状。",
    "wt.explain.then_bn": "后面紧跟批归一化，它不改变形状。",
    "wt.explain.then_relu": "后面紧跟一个 ReLU，它不改变形状。",
    "wt.explain.bn": "批归一化把 {c} 个通道分别调整为均值 0、方差 1，再乘上学到的"
    "缩放系数并加上偏移（{params} 个参数）。它逐个数值计算，所以形状仍是 {shape}。",
    "wt.explain.relu": "ReLU 把所有负数变成 0，其余保持不变，即 max(0, x)。"
    "它没有参数，形状仍是 {shape}。",
    "wt.explain.maxpool": "每个输出取一个 {kernel} 窗口里的最大值，窗口每次移动 "
    "{stride}：特征图从 {hin} 缩小到 {hout},{c} 个通道保持不变，而且没有参数。",
    "wt.explain.avgpool_k": "每个输出是一个 {kernel} 窗口的平均值，窗口每次移动 "
    "{stride}：特征图从 {hin} 缩小到 {hout},{c} 个通道保持不变。",
    "wt.explain.avgpool": "全局平均池化把 {c} 张 {hw} 的特征图各自求平均，"
    "每个通道只剩 {hout}，与输入尺寸无关。",
    "wt.explain.avgpool_fixed": "自适应平均池化把 {c} 张特征图从 {hw} 调整到 {hout}，"
    "不管输入多大，后面的层总能拿到同样的形状。",
    "wt.explain.fc": "全连接层把长度为 {fin} 的向量乘以一个 {fout}×{fin} 的权重矩阵，"
    "再加上偏置（{params} 个参数）：输出 {fout} 个数，每个类别一个得分。",
    "wt.explain.stage_start": "这是 {stage} 的第一个块：它把 {inp} 的张量变成 {out}。",
    "wt.explain.se": "挤压与激励模块先把 {c} 个通道各自平均成一个数，用两个 1×1 卷积"
    "压缩到 {r} 个再恢复，最后用 sigmoid 门控给每个通道乘上一个权重。"
    "形状保持不变：{shape}。",
    "wt.explain.shortcut_proj": "主路径改变了形状（{inp} → {out}），输入不能直接"
    "相加：先用步幅为 {stride} 的 1×1 卷积，再做批归一化，把它投影成 {out}。"
    "这需要 {params} 个参数。",
    "wt.explain.shortcut_proj_same": "选项 C 在这条捷径上也用了 1×1 投影（步幅 "
    "{stride}，再做批归一化），尽管形状仍是 {out}。这需要 {params} 个参数。",
    "wt.explain.preact_op": "预激活（He 等 2016，《Identity Mappings》）：先对 {shape} "
    "的张量做批归一化和 ReLU，卷积再作用在它们的输出上。",
    "wt.explain.shortcut_avg": "ResNet-D（He 等 2019）：先用步幅 {stride} 的 2×2 平均"
    "池化把 {inp} 变成 {pooled}，每个输入像素都被用上；再用步幅 1 的 1×1 卷积映射成 "
    "{out}（{params} 个参数）。步幅为 2 的 1×1 卷积只会读到四分之一的像素。",
    "wt.explain.shortcut_preact": "在预激活块里，这个投影读取的是块内 BN-ReLU 的输出，"
    "它自己后面没有批归一化。",
    "wt.explain.shortcut_proj_preact": "主路径改变了形状（{inp} → {out}）：用步幅为 "
    "{stride} 的 1×1 卷积把块内 BN-ReLU 的输出投影成 {out}，后面没有批归一化（预激活，"
    "与 He 等 2016、Zagoruyko 和 Komodakis 2016 相同）。这需要 {params} 个参数。",
    "wt.explain.add_preact": "主路径的输出 F(x) 和捷径的输出形状都是 {shape}，两者相加"
    "之后什么也不做：没有 ReLU，下一个块拿到的就是 x + F(x)，恒等路径从一个块干净地"
    "通到下一个块（He 等 2016，《Identity Mappings》）。",
    "wt.explain.deep_stem": "深层主干（ResNet-C，He 等 2019）：用三个 3×3 卷积代替"
    "一个 7×7 卷积；叠在一起，它们看到同样的 7×7 窗口，中间还有 BN 和 ReLU。"
    "这是第一个，步幅为 2。",
    "wt.explain.final_bn": "最后一个预激活块以相加结束，所以在池化之前还有一次 BN + "
    "ReLU 来整理特征（He 等 2016）。",
    "wt.explain.shortcut_zero": "选项 A：以步幅 {stride} 对输入采样，缺少的 {extra} "
    "个通道用零补齐，从 {inp} 变成 {out}，完全不需要参数。",
    "wt.explain.add": "主路径的输出 F(x) 和捷径的输出形状都是 {shape}，两者逐元素"
    "相加，然后做 ReLU。这个加法让梯度可以直接穿过这个块向回传。",
    "wt.explain.add_identity": "这里的捷径是恒等映射：块的输入和主路径 F(x) 的形状"
    "都是 {shape}，所以直接相加，然后做 ReLU。没有参数。",
    "wt.explain.repeat": "{stage} 的第 {first}–{last} 个块（共 {n} 个）重复同样的"
    "结构，都用恒等捷径：输入形状 {inp}，输出形状 {out}。它们一共有 {params} 个参数、"
    "{macs} 次乘加。点击“下一个阶段”可以跳过它们。",
    "wt.explain.repeat_proj": "{stage} 的第 {first}–{last} 个块（共 {n} 个）重复"
    "同样的结构，每个块的捷径都是 1×1 投影（选项 C）：输入形状 {inp}，输出形状 {out}。"
    "它们一共有 {params} 个参数、{macs} 次乘加。点击“下一个阶段”可以跳过它们。",
    "wt.explain.repeat_plain": "{stage} 的第 {first}–{last} 个块（共 {n} 个）重复"
    "同样的层，没有捷径连接：输入形状 {inp}，输出形状 {out}。它们一共有 {params} "
    "个参数、{macs} 次乘加。点击“下一个阶段”可以跳过它们。",
    "wt.explain.generic": "{kind} 层把 {inp} 的张量变成 {out}。",
    # --- navigation (app.py) -----------------------------------------------------
    "nav.overview": "概览",
    "nav.volumes": "三维张量图",
    "nav.graph": "块结构图",
    "nav.tables": "表格",
    "nav.costs": "计算成本",
    "nav.compare": "对比",
    "nav.zoo": "模块图鉴",
    "nav.gradients": "梯度流",
    "nav.latency": "延迟",
    "nav.walkthrough": "逐步讲解",
    # --- block zoo ---------------------------------------------------------------
    "zoo.title": "模块图鉴",
    "zoo.caption": "资料中的每一种模块都实现为真正的 PyTorch 模块，并用与整个网络相同的"
    "钩子单独追踪：选一个模块、一个输入张量和它的参数即可。连线和方框上的张量都按"
    " H×W×C 标注。",
    "zoo.block": "模块",
    "zoo.input": "输入张量（C×H×W）",
    "zoo.same_as_input": "与输入相同",
    "zoo.follows": "依据：{source}。",
    "zoo.output": "输出（H×W×C）",
    "zoo.params": "参数量",
    "zoo.macs": "乘加次数（MACs）",
    "zoo.act": "激活内存",
    "zoo.act_help": "批大小为 1、float32 时每一层输出所占的内存，"
    "与整个网络的算法相同。",
    "zoo.tab_graph": "分支图",
    "zoo.tab_volumes": "三维张量图",
    "zoo.tab_branches": "各分支",
    "zoo.forms": "ResNeXt：三种形式，同一个函数",
    "zoo.forms_caption": "Xie 等人（2017，图 3）把 ResNeXt 块画成三种形式：C 条独立"
    "路径的输出相加（拆分—变换—合并）；先把各路径 3×3 卷积的输出拼接起来，再接一个"
    " 1×1 卷积（提前拼接）；以及一个分组 3×3 卷积。下面在当前输入上把三种形式都搭建"
    "出来，把分组形式的权重（BN 统计量为随机值）复制到另外两种形式中，再在 CPU 上让"
    "同一个随机输入（种子为 0）分别通过它们。",
    "zoo.groups": "分组数（C）",
    "zoo.reduction": "缩减倍数",
    "zoo.running": "正在 CPU 上运行三种形式…",
    "zoo.col_form": "形式",
    "zoo.col_params": "参数量",
    "zoo.col_macs": "乘加次数",
    "zoo.col_act": "激活内存",
    "zoo.col_diff": "与分组形式输出的最大绝对差",
    "zoo.equal": "相等",
    "zoo.not_equal": "并不相等",
    "zoo.forms_result": "{groups} 条路径，每条宽 {width}：三种形式的参数量{same}"
    "（{params}），输出之差不超过 {worst}（float32 舍入误差）。只有内存不同：拆分形式"
    "要保存每条路径全宽度的输出。",
    "zoo.every": "输入为 {input} 时的所有模块",
    "zoo.every_caption": "每个模块都采用它在这个输入下的默认参数。",
    "zoo.col_block": "模块",
    "zoo.col_output": "输出",
    "zoo.col_error": "错误",
    "zoo.p_bn_size": "瓶颈倍数（bn_size）",
    "zoo.p_depth": "层数（depth）",
    "zoo.p_expansion": "扩展倍数（expansion）",
    "zoo.p_filters": "通道数（filters）",
    "zoo.p_form": "形式（form）",
    "zoo.p_groups": "分组数（groups）",
    "zoo.p_growth_rate": "增长率（growth_rate）",
    "zoo.p_input2": "第二个输入（input2）",
    "zoo.p_planes": "通道数（planes）",
    "zoo.p_reduction": "缩减倍数（reduction）",
    "zoo.p_se_ratio": "SE 比例（se_ratio）",
    "zoo.p_se_rounding": "SE 取整（se_rounding）",
    "zoo.p_shortcut": "捷径连接（shortcut）",
    "zoo.p_order": "激活顺序（order）",
    "zoo.p_stride": "步幅（stride）",
    "zoo.p_stride_on": "步幅位置（stride_on）",
    "zoo.p_width_per_group": "每组宽度（width_per_group）",
    "zoo.h_basic.planes": "两个 3x3 卷积的通道数。",
    "zoo.h_basic.stride": "块的步幅（1 或 2）。",
    "zoo.h_basic.shortcut": "A：补零；B：只在形状改变处投影；C：始终投影；D：在形状"
    "改变处先平均池化再 1x1。",
    "zoo.h_basic.se_ratio": "挤压-激励（SE）比例，0 表示不用。",
    "zoo.h_basic.order": "post：卷积-BN-ReLU，相加后做 ReLU；pre：BN-ReLU-卷积，相加后"
    "什么也不做。",
    "zoo.h_basic.se_rounding": "SE 挤压宽度的取整方式："
    "timm（最接近的 8 的倍数，至少 8）或 paper（通道数 × 比例，四舍五入）。",
    "zoo.h_bottleneck.planes": "内部宽度；输出为它的 4 倍。",
    "zoo.h_bottleneck.stride": "块的步幅（1 或 2）。",
    "zoo.h_bottleneck.groups": "3x3 卷积的分组数。",
    "zoo.h_bottleneck.width_per_group": "64 为 ResNet，4 × 32 为 ResNeXt。",
    "zoo.h_bottleneck.stride_on": "3x3（torchvision）或 1x1（论文）。",
    "zoo.h_bottleneck.shortcut": "A：补零；B：只在形状改变处投影；C：始终投影；D："
    "在形状改变处先平均池化再 1x1。",
    "zoo.h_bottleneck.se_ratio": "挤压-激励（SE）比例，0 表示不用。",
    "zoo.h_bottleneck.order": "post：卷积-BN-ReLU，相加后做 ReLU；pre：BN-ReLU-卷积，"
    "相加后什么也不做。",
    "zoo.h_bottleneck.se_rounding": "SE 挤压宽度的取整方式："
    "timm（最接近的 8 的倍数，至少 8）或 paper（通道数 × 比例，四舍五入）。",
    "zoo.h_plain_bottleneck.filters": "输出通道数（种子代码中的 f）。",
    "zoo.h_plain_bottleneck.reduction": "1x1 卷积把通道缩减到 filters / reduction。",
    "zoo.h_naive_inception.filters": "每个卷积的通道数。",
    "zoo.h_inception.filters": "每个分支的通道数。",
    "zoo.h_inception.reduction": "3x3 和 5x5 之前的 1x1 卷积保留 filters / reduction "
    "个通道。",
    "zoo.h_residual_bottleneck.reduction": "内部宽度 = 通道数 / reduction（须为 2 "
    "的幂）。",
    "zoo.h_resnext.groups": "路径数，即论文中的基数 C。",
    "zoo.h_resnext.reduction": "每条路径的宽度 = 通道数 / (groups × reduction)。",
    "zoo.h_resnext.form": "split（C 条路径）、concat（提前拼接）、grouped（"
    "一个分组卷积）。",
    "zoo.h_dense.growth_rate": "每一层新增的通道数（k）。",
    "zoo.h_dense.depth": "层数。",
    "zoo.h_dense.bn_size": "1x1 瓶颈 = bn_size × k；0 表示不用。",
    "zoo.h_se.se_ratio": "挤压宽度 / 通道数（1/r）。",
    "zoo.h_se.se_rounding": "SE 挤压宽度的取整方式："
    "timm（最接近的 8 的倍数，至少 8）或 paper（通道数 × 比例，四舍五入）。",
    "zoo.h_nasnet_normal.filters": "每个操作的通道数。",
    "zoo.h_nasnet_normal.input2": "h[i-1]，即前一个单元之前的那个单元：CxHxW，HxW "
    "须相同。",
    "zoo.h_inverted_residual.filters": "输出通道数（种子代码中的 f）。",
    "zoo.h_inverted_residual.expansion": "隐藏层 = expansion × 输入通道数。",
    "zoo.h_inverted_residual.stride": "块的步幅（1 或 2）。",
    "zoo.form_split": "拆分（split）",
    "zoo.form_concat": "提前拼接（concat）",
    "zoo.form_grouped": "分组卷积（grouped）",
    "zoo.b_branch": "分支",
    "zoo.b_reads": "读取",
    "zoo.b_output": "输出",
    "zoo.b_layers": "层数",
    "zoo.b_params": "参数量",
    "zoo.b_MACs": "MACs",
    "zoo.b_activation_bytes": "激活字节数",
    "zoo.b_total": "总计",
    "zoo.k_basic": "ResNet 基本块",
    "zoo.k_bottleneck": "ResNet 瓶颈块",
    "zoo.k_plain_bottleneck": "瓶颈块（无捷径连接）",
    "zoo.k_naive_inception": "Inception 模块（朴素版）",
    "zoo.k_inception": "带 1x1 降维的 Inception 模块",
    "zoo.k_residual_bottleneck": "残差瓶颈块",
    "zoo.k_resnext": "ResNeXt 块",
    "zoo.k_dense": "稠密块（DenseNet）",
    "zoo.k_se": "挤压—激励（SE）模块",
    "zoo.k_nasnet_normal": "NASNet-A 普通单元",
    "zoo.k_inverted_residual": "倒残差块（MobileNetV2）",
    # --- gradient flow -----------------------------------------------------------
    "gd.title": "捷径连接为什么重要：实测",
    "gd.caption": "一批随机数据（像素服从标准正态分布，标签随机）在 CPU 上分别通过一个"
    "刚初始化的普通网络和它的残差孪生网络，各做一次前向和反向传播。两者从相同的权重"
    "出发：普通网络复制了两者共有的每一个张量。BN 处于训练模式，相当于训练的第一步。"
    "图中画出每个主路径卷积的 ‖∂loss/∂W‖。",
    "gd.residual": "残差网络",
    "gd.twin": "与之对比",
    "gd.twin_plain": "它的普通网络版本",
    "gd.twin_preact": "它的预激活版本",
    "gd.preact_note": "与预激活版本对比时，两个网络不共享权重（BN 层的位置和宽度都"
    "不同）：它们用同一个随机种子构建，看到同一批数据。",
    "gd.twin_help": "普通网络：卷积相同，但没有捷径连接。预激活：同一个网络，"
    "每个卷积前做 BN → ReLU，相加之后什么也不做（He 等 2016）。",
    "gd.input": "输入（H = W）",
    "gd.input_help": "ImageNet 网络默认用 64×64 的输入，以控制 CPU 上的计算量。",
    "gd.batch": "批大小",
    "gd.seed": "随机种子",
    "gd.running": "正在对 {plain} 和 {residual} 做反向传播…",
    "gd.pair": "图中是 {first} 与 {second}，即侧边栏的 {arch}。",
    "gd.pair_own": "图中是 {first} 与 {second}，在本页选定。",
    "gd.no_pair": "侧边栏的 {arch} 在这里没有{kind}，"
    "所以本页画的是上面选定的一对网络。",
    "gd.measured": "在这批数据上的实测结果：{first}{spread}",
    "gd.first": "{plain} 的主干卷积得到的梯度范数为 {plain_first}，是 {residual}"
    "（{residual_first}）的 {ratio} 倍；到最后一个卷积，这个比值为 {last}。",
    "gd.spread": "沿深度方向，{plain} 中最大的主路径梯度范数是最小值的 {plain_spread}"
    " 倍，{residual} 中则是 {residual_spread} 倍。",
    "gd.reading": "He 等人（2016，第 4.1 节）训练普通网络时用了 BN，确认反向传播的梯度"
    "范数正常，并把普通网络更高的训练误差归因于优化更困难，而不是梯度消失。本页只测量"
    "初始化时的一步：梯度在深度上如何分布，而不是此后训练如何进行。",
    "gd.col_net": "网络",
    "gd.col_convs": "卷积层数",
    "gd.col_first": "第一个卷积的 ‖∂L/∂W‖",
    "gd.col_last": "最后一个卷积的 ‖∂L/∂W‖",
    "gd.col_loss": "损失",
    "gd.col_time": "前向 + 反向（秒）",
    "gd.footer": "批大小 {n}，输入 {c}×{h}×{w}，随机种子 {seed}，CPU。时间只包括前向和"
    "反向传播，是这一组合第一次计算时测得的。",
    # --- figures: stage and shortcut words, 3D volumes (figures/volumes.py) -----------
    "stage.input": "输入",
    "stage.output": "输出",
    "stage.stem": "主干",
    "stage.head": "头部",
    "stage.total": "合计",
    "sc.identity": "恒等映射",
    "sc.projection": "投影",
    "sc.zero_pad": "补零",
    "sc.avg_projection": "平均池化下采样",
    "sc.none": "无",
    "vf.conv": "{kernel} 卷积，步幅 {stride}",
    "vf.conv_groups": "，{g} 组",
    "vf.zero_pad": "步幅 {stride}，{c_in}→{c_out} 通道",
    "vf.plain": "普通网络",
    "vf.with_detail": "{kind}（{detail}）",
    "vf.with_detail_br": "{kind}<br>（{detail}）",
    "vf.list_sep": "，",
    "vf.count": "{n} 个{what}",
    "vf.no_shortcuts": "无捷径",
    "vf.stage_plain": "{stage}：无捷径（普通网络）",
    "vf.stage_shortcuts": "{stage}：{listed}",
    "vf.block_shortcut": "{path}：{desc}",
    "vf.title": "{arch} · 输入 {hw} · {what}（{scale}比例）",
    "vf.scale_sqrt": "平方根",
    "vf.scale_log": "对数",
    "vf.scale_linear": "线性",
    "vf.stage_outputs": "各阶段的输出",
    "vf.layer_outputs": "每一层的输出",
    "vf.folded": "{first}…{last}：{n} 个相同的块，只画一个",
    "vf.fold_marks": "重复的块",
    "vf.costs": "参数量 {params} · MACs {macs}",
    "vf.out": "输出 {shape}（H×W×C）",
    "vf.shape": "{shape}（H×W×C）",
    "vf.n_blocks": "（{n} 个块）",
    "vf.logits": "{n} 个类别得分",
    "vf.outlines": "轮廓",
    "vf.labels": "标注",
    "vf.arcs": "{stage} 的捷径",
    "vf.arc_labels": "捷径说明",
    "vf.block_part": "{path} 的{part}",
    "vf.block_input": "块的输入",
    "vf.block_output": "块的输出",
    "vf.main_path": "主路径",
    "vf.shortcut": "捷径",
    "vf.zero_channels": "零通道",
    "vf.n_zero_channels": "{n} 个全零通道",
    "vf.op": "运算 {n}：{conv}",
    "vf.op_preact": "运算 {n}：BN → ReLU →<br>{conv}",
    "vf.avg_pool": "{kernel} 平均池化，步幅 {stride}",
    "vf.then": "{a} → {b}",
    "vf.pool_out": "池化后的输入",
    "vf.of_preact": "{what}，作用于 BN-ReLU(x)",
    "vf.sum_only": "求和（没有 ReLU：预激活）",
    "vf.sum_relu": "求和 + ReLU",
    "vf.no_add": "输出（ReLU，不相加）",
    "vf.whole_block": "{costs}（整个块）",
    "vf.shortcut_is": "捷径：{what}",
    "vf.shortcut_label": "捷径说明",
    "vf.block_title": "{arch} · 块 {path} · 捷径：{desc}",
    "vf.links": "连线",
    "vf.residual_add": "残差相加（捷径：{desc}）",
    "vf.add": "相加",
    "vf.rule": "方块的高和宽 ∝ 特征图的高和宽，深 ∝ {c}",
    "vf.rule_c_linear": "通道数",
    "vf.rule_c_sqrt": "√通道数",
    "vf.rule_c_log": "1 + log₂(通道数)",
    "vf.kinds_title": "捷径",
    "vf.kind_identity": "恒等映射",
    "vf.kind_projection": "1×1 投影（方块：其输出）",
    "vf.kind_avg_projection": "平均池化 + 1×1（ResNet-D）",
    "vf.kind_zero_pad": "补零",
    "vf.kind_none": "无（普通网络）",
    "vf.projection_boxes": "{kind}方块",
    # --- figures: cost charts (figures/charts.py) -------------------------------------
    "cf.params": "参数量",
    "cf.macs": "乘加次数（MACs）",
    "cf.activation_bytes": "激活内存",
    "cf.by_stage": "阶段",
    "cf.by_block": "块",
    "cf.hover": "<b>{label}</b><br>{metric}：{value}（{exact}）<br>占总量的 {share}",
    "cf.title": "每个{by}的{metric} · {arch} · 合计 {total}",
    "cf.overview_title": "{arch} · 各阶段的开销",
    # --- figures: block graph (figures/graph.py) --------------------------------------
    "gf.no_shortcut": "无捷径",
    "gf.global_avg": "全局平均池化",
    "gf.conv": "{kernel} 卷积",
    "gf.comma_stride": "，步幅 {s}",
    "gf.stride": "步幅 {s}",
    "gf.extra_channels": "+{n} 通道",
    "gf.title": "{arch} · 输入 {shape} · 参数量 {params} · {macs} MACs",
    "gf.block": "{path}（{kind}）",
    "gf.folded": "{first} … {last}（×{n}，相同的块）",
    "gf.add": "相加 + {kind}",
    "gf.add_only": "相加（之后什么也不做）",
    "gf.avg_pool": "{kernel} 平均池化",
    # --- figures: block zoo graph and volumes (figures/zoo.py) ------------------------
    "zf.short_depthwise": "逐通道",
    "zf.short_pointwise": "逐点",
    "zf.depthwise": "逐通道卷积",
    "zf.max_pool": "{kernel} 最大池化",
    "zf.avg_pool": "{kernel} 平均池化",
    "zf.global_pool": "全局平均池化",
    "zf.sum": "求和",
    "zf.concat": "拼接",
    "zf.scale": "× 缩放",
    "zf.zero_pad": "补零，步幅 {s}",
    "zf.title": "{arch} · 输入 {inp} → {out} · 参数量 {params} · {macs} MACs",
    "zf.input2": "第二个输入 input2（h[i-1]）",
    "zf.common_shape": "单元内部的张量都是 {shape}",
    "zf.input2_hover": "<b>第二个输入 input2</b>（h[i-1]）",
    "zf.more_branches": "另有 {n} 个与 {like} 相同的分支",
    "zf.more_like": "另有 {n} 个与 {like} 相同",
    "zf.branch": "{name} · 参数量 {params} · {macs} MACs",
    "zf.row_names": "分支名",
    # --- block graph page: detail options ---------------------------------------------
    "gr.d_block": "块",
    "gr.d_layer": "层",
    # --- figures: comparison totals, gradient flow, walkthrough -----------------------
    "cf.totals_hover": "<b>{config}</b><br>{metric}：{value}（{exact}）<br>是第一列的"
    " ×{ratio}",
    "cf.totals_title": "相对第一列的总量（对数坐标）",
    "cf.totals_axis": "相对第一列的倍数",
    "gd.fig_hover": "第 %{x} 个卷积<br>‖∂L/∂W‖ = %{y:.3g}",
    "gd.fig_title": "初始化时的 {plain} 与 {residual}",
    "gd.fig_subtitle": "一批随机数据，{n} × {shape} · 随机种子 {seed}",
    "gd.fig_x": "主路径上的卷积（1 = 主干的卷积，靠近输入）",
    "gd.fig_y": "‖∂损失/∂权重‖（对数坐标）",
    "wf.before": "之前",
    "wf.after": "之后",
    "wf.hover": "{name}：{shape}",
    "wf.main": "主路径 F(x)",
    "wf.shortcut": "捷径（{kind}）",
    "wf.plus": "+ 相加",
    # --- tables (resnet_viz/tables.py): headers and fixed words -----------------------
    "tbl.stage": "阶段",
    "tbl.layer_name": "层名",
    "tbl.output_size": "输出尺寸",
    "tbl.layers": "其他层",
    "tbl.blocks": "块",
    "tbl.params": "参数量",
    "tbl.macs": "MACs",
    "tbl.path": "路径",
    "tbl.type": "类型",
    "tbl.shape": "形状",
    "tbl.kernel": "卷积核",
    "tbl.stride": "步幅",
    "tbl.padding": "填充",
    "tbl.groups": "分组数",
    "tbl.formula": "计算式",
    "tbl.flops": "FLOPs",
    "tbl.activations": "激活内存",
    "tbl.receptive_field": "感受野",
    "tbl.input": "输入",
    "tbl.output": "输出",
    "tbl.params_pct": "参数量占比",
    "tbl.macs_pct": "MACs 占比",
    "tbl.block": "块",
    "tbl.shortcut": "捷径",
    "tbl.add_ops": "相加次数",
    "tbl.total": "合计",
    "tbl.vs_macs": "相对 MACs",
    "tbl.tool": "工具",
    "tbl.images": "图像数",
    "tbl.difference": "与我们的 MACs 的差别",
    "tbl.rule": "规则",
    "tbl.max_pool": "{kernel} 最大池化",
    "tbl.avg_pool": "平均池化",
    "tbl.final_bn_relu": "BN + ReLU",
    "tbl.adaptive": "自适应：输出固定为 {hw}",
    "tbl.list_sep": "、",
    "tbl.rule_bn": "每个输出元素 2 次（缩放和平移，按推理时计）",
    "tbl.rule_relu": "每个输出元素 1 次",
    "tbl.rule_maxpool": "每个输出元素做（窗口面积 - 1）次比较",
    "tbl.rule_avgpool": "每个输入元素 1 次（求和）",
    "tbl.rule_add": "每个带捷径的块，每个输出元素 1 次",
    "tbl.rule_bias": "带偏置的卷积层或 Linear 层每个输出元素 1 次",
    "tbl.on_3x3": "3×3",
    "tbl.on_1x1": "第一个 1×1",
    "tbl.stride_note_one": "这个网络把步幅放在{current}卷积上。步幅放在 3×3 上（"
    "torchvision 的 ResNet v1.5）需要 {on_3x3} 次 MACs（{h3}）；放在第一个 1×1 上（"
    "He 等人 2016）需要 {on_1x1} 次（{h1}），少 {share}。相差的 {saved} 次 MACs 来自 "
    "{n} 个带步幅的块里的第一个 1×1 卷积：它在输入特征图上运行（例如 {path} 在 {hw} "
    "上），而不是在输出特征图上；3×3 卷积无论哪种放法输出尺寸都一样，所以开销不变。",
    "tbl.stride_note_many": "这个网络把步幅放在{current}卷积上。步幅放在 3×3 上（"
    "torchvision 的 ResNet v1.5）需要 {on_3x3} 次 MACs（{h3}）；放在第一个 1×1 上（"
    "He 等人 2016）需要 {on_1x1} 次（{h1}），少 {share}。相差的 {saved} 次 MACs 来自 "
    "{n} 个带步幅的块里的第一个 1×1 卷积：它在输入特征图上运行（例如 {path} 在 {hw} "
    "上），而不是在输出特征图上；3×3 卷积无论哪种放法输出尺寸都一样，所以开销不变。",
    # --- tables page: LaTeX captions --------------------------------------------------
    "tb.cap_layout": "{label}：结构",
    "tb.cap_layers": "{label}：各层",
    "tb.cap_stages": "{label}：各阶段",
    "tb.cap_blocks": "{label}：各块",
    # --- errors (ConfigError): field labels and messages; the CLI uses the English ----
    "err.line": "{field}：{message}",
    "fld.arch": "网络（arch）",
    "fld.input": "输入尺寸（input）",
    "fld.device": "设备（device）",
    "fld.batch": "批大小（batch）",
    "fld.block": "残差块（block）",
    "fld.layers": "每个阶段的块数（layers）",
    "fld.widths": "各阶段宽度（widths）",
    "fld.groups": "分组数（groups）",
    "fld.width_per_group": "每组宽度（width_per_group）",
    "fld.stem": "主干（stem）",
    "fld.shortcut": "捷径连接（shortcut）",
    "fld.stride_on": "步幅位置（stride_on）",
    "fld.plain": "普通网络（plain）",
    "fld.classes": "类别数（classes）",
    "fld.in_channels": "输入通道数（in_channels）",
    "fld.se_ratio": "SE 比例（se_ratio）",
    "fld.order": "激活顺序（order）",
    "fld.width_factor": "宽度倍数（width_factor）",
    "fld.kind": "块类型（kind）",
    "fld.scenario": "对比方案（scenario）",
    "fld.cmp": "列数（cmp）",
    "err.int": "必须是 {lo} 到 {hi} 之间的整数",
    "err.int_got": "必须是 {lo} 到 {hi} 之间的整数（收到的是 {got}）",
    "err.int_list": "必须是一串整数，例如 2,2,2,2",
    "err.no_stage": "至少需要一个阶段，例如 2,2,2,2",
    "err.max_stages": "最多 {max} 个阶段（收到的是 {n} 个）",
    "err.int_entry": "每一项都必须是 {lo} 到 {hi} 之间的整数（收到的是 {got}）",
    "err.choice": "必须是 {allowed} 之一（收到的是 {got}）",
    "err.ratio": "必须是 0 到 1 之间的比例，例如 0.0625 或 1/16",
    "err.ratio_got": "必须是 0 到 1 之间的比例，例如 0.0625 或 1/16（收到的是 {got}）",
    "err.bool": "必须是 true 或 false（收到的是 {got}）",
    "err.not_setting": "不是可设置的项；可用的有：{allowed}",
    "err.widths_count": "每个阶段需要一个宽度：layers 有 {stages} 个阶段，却给了 "
    "{widths} 个宽度",
    "err.stem_none": "none 只适用于 VGG 网络；ResNet 需要 imagenet 或 cifar 主干",
    "err.wpg_basic": "只对瓶颈块有效（请保持为 64）",
    "err.stride_on_basic": "1x1 只对瓶颈块有效；基本块的步幅总在第一个 3x3 卷积上",
    "err.groups_divide": "必须能整除每个阶段的宽度（收到的是 {groups} 和 {width}）",
    "err.wpg_small": "太小：宽度为 {width} 的阶段每组会得到 0 个通道（需要 width * "
    "width_per_group >= 64）",
    "err.se_small": "太小：{channels} 个通道 × {ratio} 取整后压缩通道数为 0",
    "err.wf_large": "太大：宽度为 {width} 的阶段乘以 {k} 会超过 {max} 个通道",
    "err.stem_small": "{stem} 主干需要第一个阶段的宽度至少为 {min}（收到的是 {width}）",
    "err.stem_wide_large": "deep-wide 主干会把第一个阶段的宽度加倍；最多 {max}（收到"
    "的是 {width}）",
    "err.vgg_order": "VGG 网络没有残差块；请保持为 post",
    "err.shortcut_a": "选项 A 只能补零增加通道，不能减少通道（{a} -> {b}）；请改用 B "
    "或 C，或让宽度不减",
    "err.vgg_stem": "VGG 网络没有主干；请选 none",
    "err.vgg_plain": "VGG 网络没有捷径连接；请把 plain 设为 true",
    "err.vgg_neutral": "只对基本块和瓶颈块有效（请保持为 {value}）",
    "err.unknown_arch_list": "未知的网络 {arch}；运行 `python -m resnet_viz list` 查"
    "看可用的网络",
    "err.unknown_arch": "未知的网络 {arch}",
    "err.input": "必须是像 224 这样的尺寸、像 32x48 这样的 HxW，或像 3x224x224 这样的"
    " CxHxW",
    "err.input_got": "必须是像 224 这样的尺寸、像 32x48 这样的 HxW，或像 3x224x224 这"
    "样的 CxHxW（收到的是 {got}）",
    "err.input_sides": "必须是像 224 这样的尺寸、像 32x48 这样的 HxW，或像 3x224x224 "
    "这样的 CxHxW，边长 1 到 {max}（收到的是 {got}）",
    "err.input_channels": "最多 {max} 个通道（收到的是 {c}）",
    # --- errors of the trace, the block zoo, latency and gradient flow ----------------
    "err.in_channels": "有 {c} 个通道，但 in_channels 是 {channels}",
    "err.memory": "在 {device} 上追踪这么大的网络约需 {need} MiB（上限 {budget} MiB）"
    "；请改用 meta 设备、更小的输入或更小的批大小",
    "err.does_not_fit": "{shape} 放不进这个网络（{why}）",
    "err.no_cuda": "这台机器上没有 cuda；请改用 meta 或 cpu",
    "err.not_block_setting": "不是 {kind} 的设置；可用的有：{allowed}",
    "err.shortcut_a_block": "选项 A 只能补零增加通道，不能减少通道（{a} -> {b}）；请"
    "改用 B 或 C",
    "err.wpg_small_block": "太小：planes {planes} × width_per_group {wpg} / 64 使每组"
    "只有 0 个通道",
    "err.reduction_large": "{r} 比要缩减的宽度（{filters} 个通道）还大：1x1 卷积会只"
    "剩 0 个通道",
    "err.multiple_of_4": "残差瓶颈块把 {c} 个通道保持为 4 × planes：请用 4 的倍数",
    "err.reduction_pow2": "必须是不超过 256 的 2 的幂，且不超过 {c} 个通道（收到的是 "
    "{r}）：这个块就是 width_per_group = 256 / r 的 torchvision Bottleneck",
    "err.groups_input": "必须能整除输入的 {c} 个通道（收到的是 {g} 组）",
    "err.reduction_divide": "必须能整除每组的 {per} 个通道（{c} / {g}）；每条路径的宽"
    "度是 通道数 / (groups × reduction)（收到的是 {r}）",
    "err.se_zero": "SE 块的比例必须大于 0，例如 1/16",
    "err.unknown_block": "未知的块 {kind}；可选：{allowed}（`python -m resnet_viz "
    "blocks`）",
    "err.input2_size": "必须和输入一样是 {hw} 大小（收到的是 {got}）：普通单元（"
    "normal cell）保持分辨率；timm 会先用分解式缩减把更大的 h[i-1] 调整过来",
    "err.memory_block": "在 {device} 上追踪这个块约需 {need} MiB（上限 {budget} MiB）"
    "；请改用 meta 或更小的输入",
    "err.split_too_large": "太大了，这里无法在 CPU 上运行拆分形式；试试 256x14x14",
    "err.latency_meta": "测延迟需要真实设备：cpu，或可用时的 cuda",
    "err.memory_timing": "测这么大的网络约需 {need} MiB（上限 {budget} MiB）；请用更"
    "小的输入或批大小",
    "err.no_twin": "{arch} 没有对应的普通网络/残差网络预设",
    "err.memory_gradient": "在 {hw}、批大小 {batch} 下对 {arch} 做一次梯度计算约需 "
    "{need} MiB（上限 {budget} MiB）；请用更小的输入或批大小",
    "err.not_twins": "{plain} 和 {residual} 不是一对普通网络/残差网络",
    "err.compute": "在 {device} 上运行这么大的网络需 {need} GMACs（本服务器上限 "
    "{budget} GMACs）；请改用 meta 设备、更小的输入、更窄的网络或更小的批大小",
    "err.compute_gradient": "在 {hw}、批大小 {batch} 下对 {arch} 做一次梯度计算约需 "
    "{need} GMACs（本服务器上限 {budget} GMACs）；请用更小的输入或批大小",
    "err.digits": "必须是 {lo} 到 {hi} 之间的整数（收到的是 {digits} 位数）",
    "err.pool_busy": "其他访问者的运行此刻占用了本服务器留给真实设备的 {pool} MiB 中的"
    " {held} MiB；请稍后再试，或改用 meta 设备",
    "err.not_order_twins": "{post} 和 {pre} 不是一对后激活/预激活网络",
    # --- link warnings (viewconfig.from_query, scenarios.views_from_query) ------------
    "vc.modified": "（已修改）",
    "url.unknown_arch": "未知的网络 {arch}；改为显示 {default}",
    "url.default": "{error}——改用默认值",
    "url.preset": "{error}——改为显示预设的 {arch}",
    "url.unknown_scenario": "未知的方案 {slug}（已有：{known}）；改用“{default}”",
    "url.needs_columns": "对比链接需要给出各列（c0.arch=…）；改为显示“{scenario}”",
    "url.extra_column": "只显示 c0 到 {last} 列；这一列的设置被忽略",
    "url.no_settings": "链接里没有这一列的设置；改为显示 {view}",
    "url.not_setting": "不是可设置的项（可用的有：{allowed}）——已忽略",
    "url.column_count": "必须是 {lo} 到 {hi} 之间的整数（收到的是 {got}）；改为显示 "
    "{n} 列",
    # --- latency page: chart title and table ------------------------------------------
    "la.fig_title": "{label} · {device} · 批大小 {batch}",
    "la.col_median": "中位数（ms）",
    "la.col_iqr": "四分位距（ms）",
    "la.col_runs": "运行次数",
    # --- compare page: receptive field cells ------------------------------------------
    "cs.rf_cell": "{rf}（图像 {image}）",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": _EN, "zh": _ZH}


def normalise_lang(lang: str | None) -> str:
    """``lang`` if the catalogue has it, else English ("zh-CN" and "ZH" are "zh")."""
    if not lang:
        return DEFAULT_LANG
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return code if code in CATALOGUE else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in.

    Args:
        key: a catalogue key such as "sb.network".
        lang: "en" or "zh"; an unknown language falls back to English.
        **values: the placeholders of the text.

    Returns:
        The text; an unknown key comes back as the key itself, so a test scanning
        pages for raw keys catches it.
    """
    code = normalise_lang(lang)
    table = CATALOGUE.get(code, _EN)
    text = table.get(key, _EN.get(key))
    if text is None:
        return key
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
    key = prefix + text
    return t(key, lang) if key in _EN else text


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
