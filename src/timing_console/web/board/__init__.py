"""The live board: a read-only web server following the day, and its pages."""
