"""The heat, pure: the machine (an action in, a Step out), stamps, undo, corrections,
results, the key grammar, the clock and the start signals."""
