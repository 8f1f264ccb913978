"""narrative.block_sentences: the volumes page's words about one block."""

from resnet_viz.i18n import t
from resnet_viz.narrative import block_sentences
from resnet_viz.trace import trace


def test_a_projection_block_says_its_stride_and_output():
    main, shortcut = block_sentences(trace("resnet18", 64), "layer2.0")
    assert main.startswith(t("vol.main_path", inp="16×16×64", ops="")[:8])
    assert shortcut == t("vol.sc_projection", stride=2, out="8×8×128")


def test_an_identity_block_and_a_preact_block():
    _, shortcut = block_sentences(trace("resnet18", 64), "layer1.1")
    assert shortcut == t("vol.sc_identity")
    sentences = block_sentences(trace("resnetv2_50", 64), "layer2.0", "zh")
    assert sentences[1] == t("vol.sc_projection_preact", "zh", stride=2, out="8×8×512")
    assert sentences[2] == t("vol.preact", "zh")


def test_option_a_pads_with_zeros():
    _, shortcut = block_sentences(trace("resnet20", 64), "layer2.0")
    assert shortcut == t("vol.sc_zero_pad", stride=2, out="32×32×32")
