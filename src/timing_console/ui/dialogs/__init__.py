"""Questions that must be answered before the screen under them goes on."""
