"""The day's inputs and outputs: the day file and its CSV lists, exports, the archive."""
